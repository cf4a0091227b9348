package timelines.ingest.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Ingest's counters, each looked up in the registry once and then kept: a registry lookup builds
 * and sorts its tags on every call, and ingest counts on every delivery. Each counter is still
 * registered on its first use, so a scrape shows the same series as before.
 */
final class IngestCounters {
    private record Key(String name, String source, String tag, String value) {}

    private final MeterRegistry meters;
    private final ConcurrentMap<Key, Counter> counters = new ConcurrentHashMap<>();

    IngestCounters(MeterRegistry meters) {
        this.meters = meters;
    }

    void deliveries(String source, String outcome) {
        count("timelines_ingest_deliveries_total", source, "outcome", outcome);
    }

    void dropped(String source, String reason) {
        count("timelines_ingest_dropped_total", source, "reason", reason);
    }

    void adjusted(String source, String reason) {
        count("timelines_ingest_adjusted_total", source, "reason", reason);
    }

    private void count(String name, String source, String tag, String value) {
        Key key = new Key(name, source, tag, value);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key,
                    k -> meters.counter(k.name(), "source", k.source(), k.tag(), k.value()));
        }
        counter.increment();
    }
}
