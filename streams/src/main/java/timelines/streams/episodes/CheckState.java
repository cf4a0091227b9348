package timelines.streams.episodes;

import java.time.Instant;

/**
 * What an episode knows of one stateful check. Kept as latest times rather than a current flag so
 * that out-of-order FAILING and RECOVERED signals give the same answer in any arrival order.
 *
 * @param failures distinct FAILING signals seen; every one after the first is a flap
 * @param impact whether any of its FAILING signals was impact evidence (DESIGN 5a); null in state
 *     written before outages were told from warnings, when every check counted
 */
public record CheckState(Instant firstFailedAt, Instant lastFailedAt, Instant lastRecoveredAt, int failures,
        Boolean impact) {

    public CheckState(Instant firstFailedAt, Instant lastFailedAt, Instant lastRecoveredAt, int failures) {
        this(firstFailedAt, lastFailedAt, lastRecoveredAt, failures, null);
    }

    public boolean isImpact() {
        return impact == null || impact;
    }

    public boolean failing() {
        return lastFailedAt != null && (lastRecoveredAt == null || lastFailedAt.isAfter(lastRecoveredAt));
    }

    public int flaps() {
        return Math.max(0, failures - 1);
    }

    static CheckState failedAt(Instant at, boolean impact) {
        return new CheckState(at, at, null, 1, impact);
    }

    CheckState withFailure(Instant at, boolean isImpact) {
        Boolean next = impact == null ? null : (Boolean) (impact || isImpact);
        if (lastFailedAt == null) {
            return new CheckState(at, at, lastRecoveredAt, failures + 1, next);
        }
        return new CheckState(min(firstFailedAt, at), max(lastFailedAt, at), lastRecoveredAt, failures + 1, next);
    }

    CheckState withRecovery(Instant at) {
        return new CheckState(firstFailedAt, lastFailedAt, max(lastRecoveredAt, at), failures, impact);
    }

    /** The earlier of two instants, either possibly null. */
    public static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    /** The later of two instants, either possibly null. */
    public static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
