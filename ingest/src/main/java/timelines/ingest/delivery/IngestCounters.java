package timelines.ingest.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Ingest's counters, each looked up in the registry once and then kept: a registry lookup builds
 * and sorts its tags on every call, and ingest counts on every delivery. Each counter is still
 * registered on its first use, so a scrape shows the same series as before.
 *
 * <p>Every tag value comes from a bounded set, never from a payload: the source from the
 * registered sources ({@value #OTHER} for any other, such as a capture line's), reasons and
 * outcomes from enums and constants. A tag value from payload text makes one series per distinct
 * value: 3,000 envs sent once made a 5.8 MB {@code /metrics}.
 */
final class IngestCounters {
    /** The source tag of anything not a registered source. */
    static final String OTHER = "other";

    private record Key(String name, String source, String tag, String value) {}

    private final MeterRegistry meters;
    private final Set<String> sources;
    private final ConcurrentMap<Key, Counter> counters = new ConcurrentHashMap<>();

    IngestCounters(MeterRegistry meters, Collection<String> sources) {
        this.meters = meters;
        this.sources = Set.copyOf(sources);
    }

    /** The source as a tag value: itself when registered, else {@value #OTHER}. */
    String sourceTag(String source) {
        return source != null && sources.contains(source) ? source : OTHER;
    }

    void deliveries(String source, String outcome) {
        count("timelines_ingest_deliveries_total", source, "outcome", outcome);
    }

    void rejected(String source, Rejection reason) {
        count("timelines_ingest_rejected_total", source, "reason", reason.name());
    }

    void dropped(String source, String reason) {
        count("timelines_ingest_dropped_total", source, "reason", reason);
    }

    void adjusted(String source, Adjustment reason) {
        count("timelines_ingest_adjusted_total", source, "reason", reason.name());
    }

    private void count(String name, String source, String tag, String value) {
        Key key = new Key(name, sourceTag(source), tag, value);
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key,
                    k -> meters.counter(k.name(), "source", k.source(), k.tag(), k.value()));
        }
        counter.increment();
    }
}
