package timelines.ingest.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import timelines.contracts.Signal;

/**
 * Bounds every signal before it is sent (DESIGN section 4), whatever its source and whatever the
 * catalog's rules made of it: a time more than 5 minutes after receipt is clamped to the receipt
 * and flagged (a skewed clock must not move an incident into the future); a time before 1970 is
 * refused (Kafka cannot store it). Every field has a limit (the constants on {@link Signal}),
 * past which it is cut with a marker, so no sender can grow a stored episode past Kafka's record
 * size; names and labels are kept on one line so they cannot forge a log line.
 */
public final class SignalGuard {
    /** See {@link TimeBounds#MAX_SKEW}. */
    public static final Duration MAX_SKEW = TimeBounds.MAX_SKEW;

    private SignalGuard() {}

    /**
     * The bounded signal and what was changed, or null with the reason it cannot be sent at all.
     */
    public record Guarded(Signal signal, Set<Adjustment> adjustments, Refused refused) {}

    public static Guarded apply(Signal s) {
        return apply(s, "");
    }

    /** @param where names the signal in a refusal, as the normalizers do (" (item 3)") */
    public static Guarded apply(Signal s, String where) {
        Set<Adjustment> done = EnumSet.noneOf(Adjustment.class);
        Instant observedAt = s.observedAt();
        boolean skewed = s.skewed();
        TimeBounds.Verdict time = TimeBounds.event(observedAt, s.receivedAt());
        switch (time) {
            case KEPT -> { }
            case CLAMPED_TO_RECEIPT -> {
                observedAt = s.receivedAt();
                skewed = true;
                done.add(Adjustment.CLAMPED_FUTURE_TIME);
            }
            default -> {
                return new Guarded(null, Set.of(), new Refused(TimeBounds.rejection(time),
                        TimeBounds.refusal(time, "observedAt", where, observedAt, "in the future")));
            }
        }
        String env = name(s.env(), Signal.MAX_NAME, Adjustment.TRUNCATED_ENV, done);
        String service = name(s.service(), Signal.MAX_NAME, Adjustment.TRUNCATED_SERVICE, done);
        String check = name(s.check(), Signal.MAX_NAME, Adjustment.TRUNCATED_CHECK, done);
        String source = name(s.source(), Signal.MAX_SOURCE, Adjustment.TRUNCATED_SOURCE, done);
        String severity = name(s.severity(), Signal.MAX_SEVERITY, Adjustment.TRUNCATED_SEVERITY, done);
        String link = name(s.link(), Signal.MAX_LINK, Adjustment.TRUNCATED_LINK, done);
        String summary = prose(s.summary(), Signal.MAX_SUMMARY, Adjustment.TRUNCATED_SUMMARY, done);
        Map<String, String> labels = labels(s.labels(), done);
        if (done.isEmpty()) {
            return new Guarded(s, done, null);
        }
        return new Guarded(new Signal(s.id(), source, s.type(), env, service, check, observedAt,
                s.receivedAt(), s.alerting(), severity, summary, link, labels, skewed, s.impact()), done, null);
    }

    private static Map<String, String> labels(Map<String, String> labels, Set<Adjustment> done) {
        Map<String, String> kept = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (kept.size() == Signal.MAX_LABELS) {
                done.add(Adjustment.DROPPED_LABELS);
                changed = true;
                break;
            }
            String key = name(e.getKey(), Signal.MAX_LABEL_KEY, Adjustment.TRUNCATED_LABEL, done);
            String value = name(e.getValue(), Signal.MAX_LABEL_VALUE, Adjustment.TRUNCATED_LABEL, done);
            changed |= key != e.getKey() || value != e.getValue();
            kept.put(key, value);
        }
        return changed ? kept : labels;
    }

    /**
     * A name trimmed, on one line and cut at {@code max}; what changed is added to {@code done}.
     * The same instance when nothing changed.
     */
    static String name(String value, int max, Adjustment cut, Set<Adjustment> done) {
        if (value == null) {
            return null;
        }
        String trimmed = BoundedText.trim(value);
        if (trimmed != value) {
            done.add(Adjustment.TRIMMED_WHITESPACE);
        }
        return bounded(trimmed, BoundedText.oneLine(trimmed), max, cut, done);
    }

    /** Prose without control characters, cut at {@code max}; the same instance when nothing changed. */
    static String prose(String value, int max, Adjustment cut, Set<Adjustment> done) {
        return value == null ? null : bounded(value, BoundedText.prose(value), max, cut, done);
    }

    private static String bounded(String value, String printable, int max, Adjustment cut, Set<Adjustment> done) {
        if (printable != value) {
            done.add(Adjustment.REPLACED_CONTROL_CHARACTERS);
        }
        String bounded = BoundedText.cut(printable, max);
        if (bounded != printable) {
            done.add(cut);
        }
        return bounded;
    }
}
