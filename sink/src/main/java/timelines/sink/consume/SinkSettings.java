package timelines.sink.consume;

import java.time.Duration;

/**
 * How the draft sink paces itself, with the defaults in one place.
 *
 * @param pollBudget how long the loop may work on one poll's records before it hands back to
 *     {@code poll()}: what is done is committed, the rest is fetched again. Well inside
 *     {@code max.poll.interval.ms}, past which Kafka takes the partitions away and the commit fails.
 * @param initialBackoff the wait before a failed write is tried again; it doubles after each
 *     further failure
 * @param maxBackoff the longest wait between two tries
 * @param indexEvery {@code index.md} is written at most this often (and once per batch at most): at
 *     100,000 incidents it is 20 MB, not worth writing for every single revision of a quiet stream
 */
record SinkSettings(Duration pollBudget, Duration initialBackoff, Duration maxBackoff, Duration indexEvery) {
    /** Kafka's default {@code max.poll.interval.ms}. */
    static final Duration DEFAULT_MAX_POLL_INTERVAL = Duration.ofMinutes(5);
    static final Duration LONGEST_BUDGET = Duration.ofSeconds(10);

    public SinkSettings {
        for (Duration d : new Duration[] {pollBudget, initialBackoff, maxBackoff}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("durations must be positive, was " + d);
            }
        }
        if (indexEvery == null || indexEvery.isNegative()) {
            throw new IllegalArgumentException("indexEvery must not be negative, was " + indexEvery);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be shorter than initialBackoff");
        }
    }

    /** A third of the poll interval, at most 10 s; retries from 1 s to 1 min; index.md at most every second. */
    static SinkSettings forPollInterval(Duration maxPollInterval) {
        Duration third = maxPollInterval.dividedBy(3);
        return new SinkSettings(third.compareTo(LONGEST_BUDGET) < 0 ? third : LONGEST_BUDGET, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Duration.ofSeconds(1));
    }

    /** The wait after the n-th failure in a row: initial × 2^(n−1), at most max. */
    Duration backoff(int failures) {
        if (failures < 1) {
            return Duration.ZERO;
        }
        if (failures > 30) {
            return maxBackoff;
        }
        long millis = initialBackoff.toMillis() << (failures - 1);
        return millis < 0 || millis > maxBackoff.toMillis() ? maxBackoff : Duration.ofMillis(millis);
    }
}
