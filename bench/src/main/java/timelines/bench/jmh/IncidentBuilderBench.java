package timelines.bench.jmh;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import timelines.contracts.Incident;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Record;
import timelines.contracts.catalog.Catalog;
import timelines.streams.incidents.IncidentBuilder;
import timelines.streams.episodes.Episode;
import timelines.streams.incidents.ServiceGraph;

/**
 * Stage 2 derives an incident (markers, durations, timeline, trigger candidates) from its
 * episodes with {@link IncidentBuilder#build}; the assembler does this for each incident an input
 * touches.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class IncidentBuilderBench {
    /** Services (episodes) in the incident. */
    @Param({"1", "5"})
    int services;

    List<Episode> episodes;
    List<Record> records;
    List<TriggerCandidate> changes;
    ServiceGraph graph;

    @Setup
    public void setUp() {
        episodes = Fixtures.incident(services, Fixtures.T0);
        records = Fixtures.records(Fixtures.T0);
        changes = Fixtures.changes(Fixtures.T0);
        List<Catalog.Service> catalog = new java.util.ArrayList<>();
        for (int i = 1; i < 20; i++) {
            catalog.add(new Catalog.Service(String.format("svc-%04d", i), List.of("svc-0000")));
        }
        Catalog c = new Catalog("prod", catalog, List.of());
        graph = ServiceGraph.of(() -> c);
    }

    @Benchmark
    public Incident build() {
        return IncidentBuilder.build("incident-1", episodes, records, changes, graph, null, Fixtures.SETTINGS);
    }
}
