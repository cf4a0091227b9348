package timelines.contracts;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One normalized monitoring signal (DESIGN section 4). Written to {@code signals.v1} keyed by
 * {@link #key()}, with the Kafka record timestamp set to {@link #observedAt()}.
 *
 * @param severity normalized (DESIGN 5a, {@link Severity#wire()}), or null when the source says none
 * @param skewed true when the source's timestamp lay more than 5 minutes after receipt and was
 *     clamped to {@code receivedAt}
 * @param impact whether it is evidence that users are affected, when a catalog rule said so; null
 *     means the topology derives it from type and severity with its settings (DESIGN 5a), so a
 *     replay under other {@code correlation.impactSeverities} re-derives it
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
        boolean skewed,
        Boolean impact) {

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

    /** A signal whose impact the topology derives (no catalog rule set it). */
    public Signal(String id, String source, SignalType type, String env, String service, String check,
            Instant observedAt, Instant receivedAt, boolean alerting, String severity, String summary, String link,
            Map<String, String> labels, boolean skewed) {
        this(id, source, type, env, service, check, observedAt, receivedAt, alerting, severity, summary, link, labels,
                skewed, null);
    }

    /** The vendor's own severity word, kept as label {@code severity.raw} beside the normalized one. */
    public static final String RAW_SEVERITY_LABEL = "severity.raw";

    public Signal withLabels(Map<String, String> next) {
        return new Signal(id, source, type, env, service, check, observedAt, receivedAt, alerting, severity, summary,
                link, next, skewed, impact);
    }

    public Signal withSeverity(String next) {
        return new Signal(id, source, type, env, service, check, observedAt, receivedAt, alerting, next, summary,
                link, labels, skewed, impact);
    }

    public Signal withImpact(Boolean next) {
        return new Signal(id, source, type, env, service, check, observedAt, receivedAt, alerting, severity, summary,
                link, labels, skewed, next);
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

    /**
     * The tick a replay sends once its capture is all in: it moves stream time past the end like
     * any tick, and says that the data ends there, so a heartbeat that stops with the capture is
     * not taken for monitoring gone silent.
     */
    public static Signal endOfInput(Instant at) {
        return new Signal("tick", "ingest", SignalType.TICK, "", "", END_OF_INPUT, at, at, false,
                null, null, null, Map.of(), false);
    }

    static final String END_OF_INPUT = "end-of-input";

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isEndOfInput() {
        return type == SignalType.TICK && END_OF_INPUT.equals(check);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isTick() {
        return type == SignalType.TICK;
    }
}
