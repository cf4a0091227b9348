package timelines.bench.jmh;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import timelines.contracts.Incident;
import timelines.contracts.JsonSerde;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.streams.episodes.EpisodeState;
import timelines.streams.incidents.IncidentState;
import timelines.streams.incidents.IncidentBuilder;

/**
 * The one JSON serde on the hot paths: a Signal (every record in), an Incident (every revision
 * out, and the digest of every incident of the env on every input), a service's stage-1 state and
 * an env's stage-2 state (read and written whole on every input that touches them).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SerdeBench {
    static final JsonSerde<Signal> SIGNAL = JsonSerde.of(Signal.class);
    static final JsonSerde<Incident> INCIDENT = JsonSerde.of(Incident.class);
    static final JsonSerde<EpisodeState> EPISODES = JsonSerde.of(EpisodeState.class);
    static final JsonSerde<IncidentState> INCIDENT_STATE = JsonSerde.of(IncidentState.class);

    Signal signal;
    byte[] signalBytes;
    Incident incident;
    byte[] incidentBytes;
    EpisodeState episodeState;
    byte[] episodeStateBytes;
    IncidentState incidentState;
    byte[] incidentStateBytes;

    @Setup
    public void setUp() {
        signal = Fixtures.signal(SignalType.ERROR, "svc-0042", null, Fixtures.T0, "svc-0042: " + Fixtures.ERRORS[0]);
        signalBytes = SIGNAL.serialize("t", signal);
        incident = IncidentBuilder.build("incident-1", Fixtures.incident(2, Fixtures.T0), Fixtures.records(Fixtures.T0),
                null, Fixtures.SETTINGS);
        incidentBytes = INCIDENT.serialize("t", incident);
        episodeState = Fixtures.state("svc-0042", Fixtures.T0, 200, false);
        episodeStateBytes = EPISODES.serialize("t", episodeState);
        incidentState = Fixtures.incidentState();
        incidentStateBytes = INCIDENT_STATE.serialize("t", incidentState);
    }

    @Benchmark
    public byte[] signalToJson() {
        return SIGNAL.serialize("t", signal);
    }

    @Benchmark
    public Signal signalFromJson() {
        return SIGNAL.deserialize("t", signalBytes);
    }

    @Benchmark
    public byte[] incidentToJson() {
        return INCIDENT.serialize("t", incident);
    }

    @Benchmark
    public Incident incidentFromJson() {
        return INCIDENT.deserialize("t", incidentBytes);
    }

    @Benchmark
    public byte[] episodeStateToJson() {
        return EPISODES.serialize("t", episodeState);
    }

    @Benchmark
    public EpisodeState episodeStateFromJson() {
        return EPISODES.deserialize("t", episodeStateBytes);
    }

    @Benchmark
    public byte[] incidentStateToJson() {
        return INCIDENT_STATE.serialize("t", incidentState);
    }

    @Benchmark
    public IncidentState incidentStateFromJson() {
        return INCIDENT_STATE.deserialize("t", incidentStateBytes);
    }
}
