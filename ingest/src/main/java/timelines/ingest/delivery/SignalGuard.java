package timelines.ingest.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import timelines.contracts.Signal;

/**
 * Bounds every normalized signal (DESIGN section 4): a time more than 5 minutes after receipt is
 * clamped to the receipt and flagged (a skewed clock must not move an incident into the future),
 * summaries are cut at 500 characters, labels at 32.
 */
public final class SignalGuard {
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private SignalGuard() {}

    public enum Adjustment {
        CLAMPED_FUTURE_TIME,
        TRUNCATED_SUMMARY,
        DROPPED_LABELS
    }

    public record Guarded(Signal signal, java.util.Set<Adjustment> adjustments) {}

    public static Guarded apply(Signal s) {
        java.util.Set<Adjustment> done = java.util.EnumSet.noneOf(Adjustment.class);
        Instant observedAt = s.observedAt();
        boolean skewed = s.skewed();
        if (observedAt.isAfter(s.receivedAt().plus(MAX_SKEW))) {
            observedAt = s.receivedAt();
            skewed = true;
            done.add(Adjustment.CLAMPED_FUTURE_TIME);
        }
        String summary = s.summary();
        if (summary != null && summary.length() > Signal.MAX_SUMMARY) {
            summary = summary.substring(0, Signal.MAX_SUMMARY - 1) + "…";
            done.add(Adjustment.TRUNCATED_SUMMARY);
        }
        Map<String, String> labels = s.labels();
        if (labels.size() > Signal.MAX_LABELS) {
            Map<String, String> kept = new LinkedHashMap<>();
            labels.entrySet().stream().limit(Signal.MAX_LABELS).forEach(e -> kept.put(e.getKey(), e.getValue()));
            labels = kept;
            done.add(Adjustment.DROPPED_LABELS);
        }
        if (done.isEmpty()) {
            return new Guarded(s, done);
        }
        return new Guarded(new Signal(s.id(), s.source(), s.type(), s.env(), s.service(), s.check(), observedAt,
                s.receivedAt(), s.alerting(), s.severity(), summary, s.link(), labels, skewed, s.impact()), done);
    }
}
