package timelines.ingest.catalog;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;

/**
 * The catalog in force, reloaded when its file changes. A file that fails to load keeps the last
 * good catalog in force, says so in the log and sets {@code timelines_catalog_healthy} to 0.
 *
 * <p>Each catalog it loads, at start and on every change, is handed to a listener: the app
 * publishes it on {@code catalog.v1}, where the topology reads it ({@link CatalogPublisher}). A
 * listener that fails (Kafka unreachable) is retried at every later poll until it succeeds, so a
 * change the rules already apply is not left out of the topology.
 */
public final class CatalogWatcher implements Supplier<Catalog>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CatalogWatcher.class);

    private final Path file;
    private final MeterRegistry meters;
    private final AtomicReference<Catalog> current = new AtomicReference<>();
    private final AtomicInteger healthy = new AtomicInteger(1);
    private final Consumer<Catalog> onLoad;
    private FileTime loadedAt;
    private Catalog unannounced;
    private ScheduledExecutorService scheduler;

    /** Loads the file now; a broken file at start-up is an error, not a silent empty catalog. */
    public CatalogWatcher(Path file, MeterRegistry meters) {
        this(file, meters, c -> {});
    }

    /**
     * Loads the file now and hands it to {@code onLoad} at once; a failure of either is an error.
     * Later loads are handed over from the watcher's thread.
     */
    public CatalogWatcher(Path file, MeterRegistry meters, Consumer<Catalog> onLoad) {
        this.file = file;
        this.meters = meters;
        this.onLoad = onLoad;
        this.loadedAt = modified();
        this.current.set(CatalogLoader.load(file));
        io.micrometer.core.instrument.Gauge.builder("timelines_catalog_healthy", healthy, AtomicInteger::get)
                .description("0 while the catalog file on disk is broken (the last good one stays in force), else 1")
                .register(meters);
        reloadFailures();
        publishFailures();
        log.info("catalog {}: {} services, {} rules", file, current.get().services().size(),
                current.get().rules().size());
        onLoad.accept(current.get());
    }

    private io.micrometer.core.instrument.Counter reloadFailures() {
        return io.micrometer.core.instrument.Counter.builder("timelines_catalog_reload_failures_total")
                .description("Catalog files changed on disk that could not be loaded").register(meters);
    }

    private io.micrometer.core.instrument.Counter publishFailures() {
        return io.micrometer.core.instrument.Counter.builder("timelines_catalog_publish_failures_total")
                .description("Catalog loads not yet published on catalog.v1 (retried at the next poll)")
                .register(meters);
    }

    @Override
    public Catalog get() {
        return current.get();
    }

    public void start(Duration every) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timelines-catalog");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::reloadIfChanged, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Reloads when the file's modification time moved; public for tests. */
    public synchronized void reloadIfChanged() {
        if (unannounced != null) {
            announce(unannounced);
        }
        FileTime now = modified();
        if (now == null || now.equals(loadedAt)) {
            return;
        }
        loadedAt = now;
        try {
            Catalog next = CatalogLoader.load(file);
            current.set(next);
            healthy.set(1);
            log.info("catalog {} reloaded: {} services, {} rules", file, next.services().size(), next.rules().size());
            announce(next);
        } catch (RuntimeException e) {
            healthy.set(0);
            reloadFailures().increment();
            log.error("catalog {} not reloaded, the last good one stays in force: {}", file, e.getMessage());
        }
    }

    private void announce(Catalog c) {
        try {
            onLoad.accept(c);
            unannounced = null;
        } catch (RuntimeException e) {
            unannounced = c;
            publishFailures().increment();
            log.error("catalog {} loaded but not published, retried at the next poll: {}", file, e.getMessage());
        }
    }

    private FileTime modified() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
