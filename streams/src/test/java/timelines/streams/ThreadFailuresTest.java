package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import timelines.streams.ThreadFailures.Decision;

class ThreadFailuresTest {
    private static final class Ticking extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    @Test
    void shouldReplaceAFewThreadsThenStopACrashLoop() {
        Ticking clock = new Ticking();
        ThreadFailures failures = new ThreadFailures(clock);
        for (int i = 0; i < ThreadFailures.MAX_FAILURES; i++) {
            assertThat(failures.onFailure()).isEqualTo(Decision.REPLACE_THREAD);
            clock.now = clock.now.plusSeconds(5);
        }
        assertThat(failures.onFailure()).isEqualTo(Decision.STOP_CRASH_LOOP);
    }

    @Test
    void shouldForgetFailuresOlderThanTheWindow() {
        Ticking clock = new Ticking();
        ThreadFailures failures = new ThreadFailures(clock);
        for (int i = 0; i < 10; i++) {
            assertThat(failures.onFailure()).as("failure %d, each an hour apart", i).isEqualTo(Decision.REPLACE_THREAD);
            clock.now = clock.now.plus(Duration.ofHours(1));
        }
    }
}
