package timelines.streams;

/** Names of the topology's nodes. Free to rename: nothing outside the topology keeps them. */
final class ProcessorNames {
    static final String SIGNALS_SOURCE = "signals-source";
    static final String RECORDS_SOURCE = "records-source";
    static final String EPISODE_TRACKER = "episode-tracker";
    static final String INCIDENT_ASSEMBLER = "incident-assembler";
    static final String INCIDENTS_SINK = "incidents-sink";
    static final String ALERTS_SINK = "alerts-sink";
    static final String CATALOG_SOURCE = "catalog-source";
    static final String CATALOG_KEEPER = "catalog-keeper";

    private ProcessorNames() {}
}
