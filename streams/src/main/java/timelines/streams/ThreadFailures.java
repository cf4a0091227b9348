package timelines.streams;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides what to do when a stream thread dies of an exception no handler took: replace it, as
 * a passing fault (a broker failover, a fenced producer) deserves, unless threads keep dying, in
 * which case the same input kills each replacement and replacing them for ever only hides it:
 * stop the client instead, so {@code /readyz} fails and says why.
 */
final class ThreadFailures {
    /** What to do with the failed thread's client. */
    enum Decision {
        REPLACE_THREAD,
        STOP_CRASH_LOOP
    }

    static final int MAX_FAILURES = 3;
    static final Duration WINDOW = Duration.ofMinutes(10);

    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();

    ThreadFailures(Clock clock) {
        this.clock = clock;
    }

    synchronized Decision onFailure() {
        Instant now = clock.instant();
        recent.addLast(now);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        return recent.size() > MAX_FAILURES ? Decision.STOP_CRASH_LOOP : Decision.REPLACE_THREAD;
    }
}
