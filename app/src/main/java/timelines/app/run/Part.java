package timelines.app.run;

import io.javalin.config.JavalinConfig;

/** One component of the pipeline as a process sees it: routes to serve, readiness, a stop. */
interface Part extends AutoCloseable {
    /** Adds this part's HTTP routes (none by default). */
    default void routes(JavalinConfig config) {}

    /** Null when ready, else what is wrong. */
    String problem();

    @Override
    void close();
}
