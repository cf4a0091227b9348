package timelines.streams;

/**
 * Names of the state stores. Renaming one orphans its changelog topic and loses its state on
 * upgrade: treat a change here like a schema migration.
 */
public final class StoreNames {
    /** Stage 1: the open and the last closed episode of each {@code env|service}. */
    public static final String EPISODES = "episodes-v1";
    /** Stage 2: the incidents and records of each env. */
    public static final String INCIDENTS = "incidents-v1";

    private StoreNames() {}
}
