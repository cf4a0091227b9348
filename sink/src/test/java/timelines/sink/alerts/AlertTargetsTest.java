package timelines.sink.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AlertTargetsTest {

    @Test
    void defaultsLogOnlyAndRetryFiveTimesFromOneSecondToOneMinute() {
        AlertTargets d = AlertTargets.defaults();

        assertThat(d.anyTarget()).isFalse();
        assertThat(d.attempts()).isEqualTo(5);
        assertThat(d.initialBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(d.maxBackoff()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.resend()).isEqualTo(Duration.ofMinutes(1));
        assertThat(d.maxFiring()).isEqualTo(Duration.ofDays(7));
        assertThat(d.alertSeverity()).isEqualTo("critical");
    }

    @Test
    void theAlertSeverityIsTheOperatorsWordTrimmedABlankOneTheDefaultAndNeverTwoLines() {
        assertThat(AlertTargets.defaults().withAlertSeverity(" page ").alertSeverity()).isEqualTo("page");
        assertThat(AlertTargets.defaults().withAlertSeverity(" ").alertSeverity()).isEqualTo("critical");
        assertThat(AlertTargets.defaults().withAlertSeverity(null).alertSeverity()).isEqualTo("critical");
        assertThatThrownBy(() -> AlertTargets.defaults().withAlertSeverity("critical\nx"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("alertSeverity ");
    }

    @Test
    void anyConfiguredTargetCounts() {
        assertThat(AlertTargets.defaults().withAlertmanager(URI.create("http://am:9093")).anyTarget()).isTrue();
        assertThat(AlertTargets.defaults().withSlackWebhook(URI.create("https://hooks.slack.com/services/T/B/x"))
                .anyTarget()).isTrue();
    }

    @Test
    void aBlankDraftLinkBaseIsNone() {
        assertThat(AlertTargets.defaults().withDraftLinkBase("  ").draftLinkBase()).isNull();
    }

    @Test
    void rejectsANonHttpWebhookNamingTheFieldWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> AlertTargets.defaults().withSlackWebhook(URI.create("ftp://hooks/T0/B0/s3cr3t")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("slackWebhook ")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> AlertTargets.defaults().withAlertmanager(URI.create("am:9093")))
                .hasMessageStartingWith("alertmanager ");
    }

    @Test
    void rejectsBadRetrySettingsNamingTheField() {
        AlertTargets d = AlertTargets.defaults();
        assertThatThrownBy(() -> d.withRetries(0, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .hasMessageStartingWith("attempts ");
        assertThatThrownBy(() -> d.withRetries(3, Duration.ZERO, Duration.ofSeconds(2)))
                .hasMessageStartingWith("initialBackoff ");
        assertThatThrownBy(() -> d.withRetries(3, Duration.ofSeconds(5), Duration.ofSeconds(2)))
                .hasMessageStartingWith("maxBackoff ");
        assertThatThrownBy(() -> d.withResend(Duration.ofMinutes(-1), Duration.ofDays(1)))
                .hasMessageStartingWith("resend ");
        assertThatThrownBy(() -> d.withResend(Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .hasMessageStartingWith("maxFiring ");
        assertThatThrownBy(() -> d.withRequestTimeout(null)).hasMessageStartingWith("requestTimeout ");
    }
}
