package timelines.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One normalized monitoring signal (DESIGN section 4). Written to {@code signals.v1} keyed by
 * {@link #key()}, with the Kafka record timestamp set to {@link #observedAt()}.
 *
 * @param skewed true when the source's timestamp lay more than 5 minutes after receipt and was
 *     clamped to {@code receivedAt}
 */
public record Signal(
        String id,
        String source,
        SignalType type,
        String env,
        String service,
        String check,
        Instant observedAt,
        Instant receivedAt,
        boolean alerting,
        String severity,
        String summary,
        String link,
        Map<String, String> labels,
        boolean skewed) {

    public static final int MAX_SUMMARY = 500;
    public static final int MAX_LABELS = 32;
    /** Longest {@code env}, {@code service} and {@code check} that ingest writes. */
    public static final int MAX_NAME = 200;
    /** Longest {@code source} (the generic format names the monitor a signal is relayed from). */
    public static final int MAX_SOURCE = 64;
    /** Longest {@code severity} as given (a vendor's word, before it is normalized). */
    public static final int MAX_SEVERITY = 64;
    public static final int MAX_LINK = 2_000;
    public static final int MAX_LABEL_KEY = 100;
    public static final int MAX_LABEL_VALUE = 500;

    public Signal {
        Objects.requireNonNull(type, "type");
        labels = labels == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
    }

    /** The Kafka key of {@code signals.v1}: {@code env|service}. */
    public String key() {
        return key(env, service);
    }

    public static String key(String env, String service) {
        return env + "|" + service;
    }

    /** The env part of a {@code env|service} key. */
    public static String envOfKey(String key) {
        int bar = key.indexOf('|');
        return bar < 0 ? key : key.substring(0, bar);
    }

    public static Signal tick(Instant at) {
        return new Signal("tick", "ingest", SignalType.TICK, "", "", "", at, at, false,
                null, null, null, Map.of(), false);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isTick() {
        return type == SignalType.TICK;
    }
}
