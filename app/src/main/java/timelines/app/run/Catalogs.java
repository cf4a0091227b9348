package timelines.app.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Deque;
import java.util.Map;
import java.util.function.Supplier;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.catalog.CatalogPublication;
import timelines.ingest.catalog.CatalogPublisher;
import timelines.ingest.catalog.CatalogWatcher;

/**
 * The catalog file of a process: none, or a file watched for changes. Ingest applies its rules
 * from the file as loaded; every load (at start, and on each change) is also published on {@code
 * catalog.v1}, where the topology reads the versions, so the topology's merges follow the same
 * file without any instance re-reading it on its own schedule.
 */
final class Catalogs {
    private Catalogs() {}

    static CatalogPublisher publisher(String bootstrap, Map<String, String> client, String by, MeterRegistry meters) {
        return new CatalogPublisher(bootstrap, client, Clock.systemUTC(), CatalogPublication.ACTIVATION_DELAY, by,
                meters);
    }

    /**
     * @param publisher where each load is published, or null (a component that only reads drafts);
     *     the first load is published before this returns, and a failure then is an error
     */
    static Supplier<Catalog> inForce(Path file, MeterRegistry meters, Deque<AutoCloseable> toClose,
            CatalogPublisher publisher) {
        if (file == null) {
            return () -> Catalog.EMPTY;
        }
        CatalogWatcher watcher = publisher == null ? new CatalogWatcher(file, meters)
                : new CatalogWatcher(file, meters, publisher::publish);
        watcher.start(Duration.ofSeconds(2));
        toClose.push(watcher);
        return watcher;
    }
}
