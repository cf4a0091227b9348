package timelines.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinkSettingsTest {

    @Test
    void theBudgetIsAThirdOfThePollIntervalAndAtMostTenSeconds() {
        assertThat(SinkSettings.forPollInterval(Duration.ofMinutes(5)).pollBudget()).isEqualTo(Duration.ofSeconds(10));
        assertThat(SinkSettings.forPollInterval(Duration.ofSeconds(15)).pollBudget()).isEqualTo(Duration.ofSeconds(5));
        assertThat(DraftSink.maxPollInterval(Map.of("max.poll.interval.ms", "15000"))).isEqualTo(Duration.ofSeconds(15));
        assertThat(DraftSink.maxPollInterval(Map.of())).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void retriesBackOffFromOneSecondDoublingToOneMinute() {
        SinkSettings s = SinkSettings.forPollInterval(Duration.ofMinutes(5));

        assertThat(s.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(s.backoff(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(s.backoff(7)).isEqualTo(Duration.ofMinutes(1));
        assertThat(s.backoff(1_000)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void aFileSystemFailureIsRetriedAndAnythingElseSkipped() {
        assertThat(Handled.failure(new UncheckedIOException(new IOException("No space left on device"))))
                .isEqualTo(Handled.WRITE_FAILED);
        assertThat(Handled.failure(new IllegalStateException(new IOException("read-only")))).isEqualTo(Handled.WRITE_FAILED);
        assertThat(Handled.failure(new NullPointerException("a bug in a renderer"))).isEqualTo(Handled.UNWRITABLE);
        assertThat(Handled.WRITE_FAILED.retried()).isTrue();
        assertThat(Handled.UNWRITABLE.retried()).isFalse();
    }
}
