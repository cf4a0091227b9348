package timelines.contracts;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Every topic of the pipeline, with the configs it is created with (DESIGN section 3). */
public final class Topics {
    public static final String SIGNALS_RAW = "signals.raw.v1";
    public static final String SIGNALS_REJECTED = "signals.rejected.v1";
    public static final String SIGNALS = "signals.v1";
    public static final String RECORDS = "records.v1";
    public static final String INCIDENTS = "incidents.v1";
    public static final String ALERTS = "alerts.v1";
    public static final String DEAD_LETTER = "streams.dead-letter.v1";
    /**
     * Catalog versions, read by the topology as a global store: one record per publication, keyed
     * {@code <effectiveFrom>|<version>}, compacted (never deleted by time: an instance restarting
     * far behind still needs the version that was in force at its stream time). One partition: the
     * versions are few and small, and every reader reads all of them.
     */
    public static final String CATALOG = "catalog.v1";

    public static final Duration RAW_RETENTION = Duration.ofDays(30);
    public static final Duration SIGNALS_RETENTION = Duration.ofDays(7);

    private Topics() {}

    /** How a topic is created. */
    public record Spec(String name, int partitions, Map<String, String> configs) {}

    /**
     * All topics. {@code signals.v1} and {@code records.v1} must have the same partition count:
     * both are partitioned by env, and one stream task reads the same partition of each.
     */
    public static List<Spec> all(int partitions, Duration rawRetention) {
        return all(partitions, rawRetention, SIGNALS_RETENTION);
    }

    /**
     * All topics, with no time-based deletion: a replay writes old timestamps, which a 7-day
     * retention would delete at the broker's next retention check.
     */
    public static List<Spec> forReplay() {
        return all(1, null, null);
    }

    private static List<Spec> all(int partitions, Duration rawRetention, Duration signalsRetention) {
        return List.of(
                deleteAfter(SIGNALS_RAW, partitions, rawRetention),
                deleteAfter(SIGNALS_REJECTED, partitions, rawRetention),
                deleteAfter(SIGNALS, partitions, signalsRetention),
                compacted(RECORDS, partitions),
                compacted(INCIDENTS, partitions),
                deleteAfter(ALERTS, partitions, rawRetention == null ? null : Duration.ofDays(30)),
                deleteAfter(DEAD_LETTER, 1, rawRetention == null ? null : Duration.ofDays(30)),
                compacted(CATALOG, 1));
    }

    private static Spec deleteAfter(String name, int partitions, Duration retention) {
        return new Spec(name, partitions, Map.of(
                "cleanup.policy", "delete",
                "retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis())));
    }

    private static Spec compacted(String name, int partitions) {
        return new Spec(name, partitions, Map.of("cleanup.policy", "compact"));
    }
}
