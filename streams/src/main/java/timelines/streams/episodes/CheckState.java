package timelines.streams.episodes;

import java.time.Instant;

/**
 * What an episode knows of one stateful check. Kept as latest times rather than a current flag so
 * that out-of-order FAILING and RECOVERED signals give the same answer in any arrival order.
 *
 * @param failures distinct FAILING signals seen; every one after the first is a flap
 */
public record CheckState(Instant firstFailedAt, Instant lastFailedAt, Instant lastRecoveredAt, int failures) {

    public boolean failing() {
        return lastFailedAt != null && (lastRecoveredAt == null || lastFailedAt.isAfter(lastRecoveredAt));
    }

    public int flaps() {
        return Math.max(0, failures - 1);
    }

    static CheckState failedAt(Instant at) {
        return new CheckState(at, at, null, 1);
    }

    CheckState withFailure(Instant at) {
        if (lastFailedAt == null) {
            return new CheckState(at, at, lastRecoveredAt, failures + 1);
        }
        return new CheckState(min(firstFailedAt, at), max(lastFailedAt, at), lastRecoveredAt, failures + 1);
    }

    CheckState withRecovery(Instant at) {
        return new CheckState(firstFailedAt, lastFailedAt, max(lastRecoveredAt, at), failures);
    }

    static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    static Instant max(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
