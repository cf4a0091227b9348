package timelines.ingest.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelines.ingest.alertmanager.AlertSeverity.Verdict;

class AlertSeverityTest {
    private static final Set<String> HEARTBEATS = Set.of("Watchdog", "DeadMansSwitch");

    @ParameterizedTest(name = "{1} of severity {0}: {2}")
    @CsvSource(nullValues = "absent", textBlock = """
            none,     Watchdog,            HEARTBEAT
            critical, Watchdog,            HEARTBEAT
            absent,   DeadMansSwitch,      HEARTBEAT
            none,     InfoInhibitor,       NOT_A_SIGNAL
            None,     InfoInhibitor,       NOT_A_SIGNAL
            none,     absent,              NOT_A_SIGNAL
            none,     watchdog,            NOT_A_SIGNAL
            warning,  KubePodCrashLooping, SIGNAL
            absent,   KubePodCrashLooping, SIGNAL
            sev2,     KubePodCrashLooping, SIGNAL
            """)
    void judgesAnAlertByItsWordAndName(String word, String alertname, Verdict verdict) {
        assertThat(AlertSeverity.judge(word, alertname, HEARTBEATS)).isEqualTo(verdict);
    }

    @Test
    void theWordIsSeverityElsePriorityElseLevel() {
        assertThat(AlertSeverity.word(Map.of("severity", "page", "priority", "P3", "level", "info"))).isEqualTo("page");
        assertThat(AlertSeverity.word(Map.of("severity", " ", "priority", "P3", "level", "info"))).isEqualTo("P3");
        assertThat(AlertSeverity.word(Map.of("level", " info "))).isEqualTo("info");
        assertThat(AlertSeverity.word(Map.of("alertname", "TargetDown"))).isNull();
    }
}
