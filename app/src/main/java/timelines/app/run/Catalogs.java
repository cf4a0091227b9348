package timelines.app.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Deque;
import java.util.function.Supplier;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.catalog.CatalogWatcher;

/** The catalog in force for a process: none, or a file watched for changes. */
final class Catalogs {
    private Catalogs() {}

    static Supplier<Catalog> inForce(Path file, MeterRegistry meters, Deque<AutoCloseable> toClose) {
        if (file == null) {
            return () -> Catalog.EMPTY;
        }
        CatalogWatcher watcher = new CatalogWatcher(file, meters);
        watcher.start(Duration.ofSeconds(2));
        toClose.push(watcher);
        return watcher;
    }
}
