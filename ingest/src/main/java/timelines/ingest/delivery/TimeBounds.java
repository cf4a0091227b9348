package timelines.ingest.delivery;

import java.time.Duration;
import java.time.Instant;

/**
 * The times that may enter Kafka. A record's Kafka timestamp moves its partition's stream time,
 * and stream time never goes back: one record dated 9999 would put every later signal of the
 * partition beyond the amend horizon for good. Kafka refuses negative timestamps, so a time
 * before 1970 can never be stored.
 */
public final class TimeBounds {
    /** How far a source's clock may run ahead of ours before its time is taken as skew (DESIGN section 4). */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    /** How far ahead a maintenance window may be scheduled. */
    public static final Duration MAX_SCHEDULED_AHEAD = Duration.ofDays(366);

    private TimeBounds() {}

    public enum Verdict {
        KEPT,
        /** Ahead of receipt by more than {@link #MAX_SKEW}: the receipt is taken instead. */
        CLAMPED_TO_RECEIPT,
        BEFORE_1970,
        TOO_FAR_AHEAD
    }

    /**
     * An event time (a signal's {@code observedAt}, a record's {@code openedAt}): it cannot lie in
     * the future, so one that does is the sender's clock and is clamped to the receipt.
     */
    public static Verdict event(Instant t, Instant receivedAt) {
        if (t.isBefore(Instant.EPOCH)) {
            return Verdict.BEFORE_1970;
        }
        return t.isAfter(receivedAt.plus(MAX_SKEW)) ? Verdict.CLAMPED_TO_RECEIPT : Verdict.KEPT;
    }

    /**
     * A scheduled time (a maintenance window's {@code start} or {@code end}): planned work may lie
     * ahead, up to {@link #MAX_SCHEDULED_AHEAD}. It never becomes a Kafka timestamp, but a window
     * ending in 9999 would mark every failure of its services planned for ever.
     */
    public static Verdict scheduled(Instant t, Instant receivedAt) {
        if (t.isBefore(Instant.EPOCH)) {
            return Verdict.BEFORE_1970;
        }
        return t.isAfter(receivedAt.plus(MAX_SCHEDULED_AHEAD)) ? Verdict.TOO_FAR_AHEAD : Verdict.KEPT;
    }

    /**
     * A delivery's receipt: the clock's own over HTTP, a capture's in a replay. A replay may lie
     * anywhere in time (it runs on a broker of its own, and tests replay captures dated 2030), so
     * only what Kafka cannot store is refused.
     */
    public static Verdict receipt(Instant receivedAt) {
        return receivedAt.isBefore(Instant.EPOCH) ? Verdict.BEFORE_1970 : Verdict.KEPT;
    }

    /** The message a refused time gets, naming the field. */
    static String refusal(Verdict v, String field, String where, Instant t, String ahead) {
        return switch (v) {
            case BEFORE_1970 -> "field '" + field + "'" + where + " is before 1970: " + t;
            case TOO_FAR_AHEAD -> "field '" + field + "'" + where + " is " + ahead + ": " + t;
            default -> throw new IllegalArgumentException("not a refusal: " + v);
        };
    }

    static Rejection rejection(Verdict v) {
        return v == Verdict.BEFORE_1970 ? Rejection.TIME_BEFORE_1970 : Rejection.TIME_TOO_FAR_AHEAD;
    }
}
