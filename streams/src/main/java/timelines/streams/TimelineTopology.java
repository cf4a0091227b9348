package timelines.streams;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import timelines.contracts.Alert;
import timelines.contracts.Incident;
import timelines.contracts.JsonSerde;
import timelines.contracts.Record;
import timelines.contracts.Signal;
import timelines.contracts.Topics;
import timelines.contracts.catalog.CatalogVersion;
import timelines.streams.episodes.EpisodeState;
import timelines.streams.episodes.EpisodeTracker;
import timelines.streams.episodes.HeartbeatState;
import timelines.streams.incidents.EnvContext;
import timelines.streams.incidents.IncidentAssembler;
import timelines.streams.incidents.IncidentMetrics;
import timelines.streams.incidents.IncidentState;
import timelines.streams.incidents.CatalogKeeper;
import timelines.streams.incidents.CatalogVersions;

/**
 * The whole correlation topology, top to bottom:
 *
 * <pre>
 *   signals.v1 ──> episode-tracker [episodes-v1, heartbeats-v1] ──┐
 *                                                  ├─> incident-assembler [incidents-v2, env-context-v1] ─┬─> (revision-outbox) ─> incidents.v1
 *   records.v1 ────────────────────────────────────┘                        ▲                             └─> alerts.v1
 *   catalog.v1 ──> catalog-keeper [catalog-v1, global] ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ─ ┘ (the version in force at stream time)
 * </pre>
 *
 * <p>State is written to the stores once per key per commit ({@link WriteBehindStore}), and an
 * incident's revisions leave once per commit, the last one ({@link CommitOutbox}); both happen in
 * the task's pre-commit flush, inside the transaction. Alerts leave at once.
 *
 * <p>{@code signals.v1} is keyed {@code env|service} but partitioned by env (ingest's
 * partitioner), like {@code records.v1}, so stage 1 and stage 2 of one env run in the same task
 * with no repartition hop: the input order of a task alone decides the output, which is what
 * makes replays byte-identical.
 *
 * <p>The catalog's dependency graph is an input, not a file: every version published on {@code
 * catalog.v1} is kept in a global store on every instance, and stage 2 decides each input with
 * the version in force at its stream time ({@link CatalogVersions}).
 */
public final class TimelineTopology {
    private TimelineTopology() {}

    public static Topology build(CorrelationSettings settings, MeterRegistry meters) {
        return build(settings, meters, Set.of());
    }

    /**
     * @param knownEnvs the envs whose metric series exist from the start and keep their own label
     *     (the catalog's, as loaded at start); metrics only, never a decision
     */
    public static Topology build(CorrelationSettings settings, MeterRegistry meters, Set<String> knownEnvs) {
        Topology topology = new Topology();
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(StoreNames.CATALOG),
                        Serdes.String(), JsonSerde.of(CatalogVersion.class)).withLoggingDisabled(),
                ProcessorNames.CATALOG_SOURCE, Serdes.String().deserializer(), JsonSerde.of(CatalogVersion.class),
                Topics.CATALOG, ProcessorNames.CATALOG_KEEPER, () -> new CatalogKeeper(StoreNames.CATALOG, meters));
        // The catalog's envs keep their names on metrics first, and their series exist from the start.
        MetricLabels labels = new MetricLabels(knownEnvs);
        IncidentMetrics incidentMetrics = new IncidentMetrics(meters, labels);
        TopologyMetrics.atZero(meters, labels, incidentMetrics, knownEnvs);
        topology.addSource(ProcessorNames.SIGNALS_SOURCE, Serdes.String().deserializer(),
                JsonSerde.of(Signal.class), Topics.SIGNALS);
        topology.addSource(ProcessorNames.RECORDS_SOURCE, Serdes.String().deserializer(),
                JsonSerde.of(Record.class), Topics.RECORDS);

        topology.addProcessor(ProcessorNames.EPISODE_TRACKER,
                () -> new EpisodeTracker(StoreNames.EPISODES, StoreNames.HEARTBEATS, settings, meters, labels),
                ProcessorNames.SIGNALS_SOURCE);
        topology.addStateStore(WriteBehindStore.persistent(StoreNames.EPISODES, Serdes.String(),
                JsonSerde.of(EpisodeState.class)), ProcessorNames.EPISODE_TRACKER);
        topology.addStateStore(WriteBehindStore.persistent(StoreNames.HEARTBEATS, Serdes.String(),
                JsonSerde.of(HeartbeatState.class)), ProcessorNames.EPISODE_TRACKER);

        topology.addProcessor(ProcessorNames.INCIDENT_ASSEMBLER,
                () -> new IncidentAssembler(StoreNames.INCIDENTS, StoreNames.ENV_CONTEXT, StoreNames.REVISION_OUTBOX,
                        StoreNames.CATALOG, ProcessorNames.INCIDENTS_SINK, ProcessorNames.ALERTS_SINK, settings, meters,
                        labels, incidentMetrics),
                ProcessorNames.EPISODE_TRACKER, ProcessorNames.RECORDS_SOURCE);
        topology.addStateStore(WriteBehindStore.persistent(StoreNames.INCIDENTS, Serdes.String(),
                JsonSerde.of(IncidentState.class)), ProcessorNames.INCIDENT_ASSEMBLER);
        topology.addStateStore(WriteBehindStore.persistent(StoreNames.ENV_CONTEXT, Serdes.String(),
                JsonSerde.of(EnvContext.class)), ProcessorNames.INCIDENT_ASSEMBLER);
        topology.addStateStore(CommitOutbox.builder(StoreNames.REVISION_OUTBOX), ProcessorNames.INCIDENT_ASSEMBLER);

        topology.addSink(ProcessorNames.INCIDENTS_SINK, Topics.INCIDENTS, Serdes.String().serializer(),
                new CastingSerializer<>(JsonSerde.of(Incident.class), Incident.class),
                ProcessorNames.INCIDENT_ASSEMBLER);
        topology.addSink(ProcessorNames.ALERTS_SINK, Topics.ALERTS, Serdes.String().serializer(),
                new CastingSerializer<>(JsonSerde.of(Alert.class), Alert.class),
                ProcessorNames.INCIDENT_ASSEMBLER);
        return topology;
    }
}
