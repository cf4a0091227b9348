package timelines.streams;

/**
 * Names of the state stores. Renaming one orphans its changelog topic and loses its state on
 * upgrade: treat a change here like a schema migration.
 */
public final class StoreNames {
    /** Stage 1: the open and the last closed episode of each {@code env|service}. */
    public static final String EPISODES = "episodes-v1";
    /** Stage 1: the arrivals of each heartbeat, {@code env|name|source} (DESIGN 5a, "Heartbeats"). */
    public static final String HEARTBEATS = "heartbeats-v1";
    /**
     * Stage 2: one incident per key, {@code env|incident id}. Version 2: version 1 kept all of an
     * env's incidents in one value, rewritten on every signal.
     */
    public static final String INCIDENTS = "incidents-v2";
    /** Stage 2: the records and recent changes of each env. */
    public static final String ENV_CONTEXT = "env-context-v1";
    /**
     * Stage 2: the incident revisions waiting for the task's commit ({@link CommitOutbox}); in
     * memory, nothing kept across commits, no changelog.
     */
    public static final String REVISION_OUTBOX = "revision-outbox";
    /**
     * Stage 2: every catalog version, a global store fed by {@code catalog.v1} (key {@code
     * <effectiveFrom>|<version>}); in memory, read back from the topic at each start (the topic is
     * its changelog).
     */
    public static final String CATALOG = "catalog-v1";

    private StoreNames() {}
}
