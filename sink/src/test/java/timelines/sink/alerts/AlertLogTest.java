package timelines.sink.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Alert;
import timelines.contracts.Json;

/** Issue 12, problem 7: a crash during alert delivery left 820 lines in alerts.jsonl for 600 alerts. */
class AlertLogTest {
    @TempDir
    Path out;

    private Path file() {
        return out.resolve("alerts.jsonl");
    }

    private List<String> lines() throws Exception {
        return Files.readAllLines(file());
    }

    @Test
    void anAlertDeliveredTwiceIsOneLineWithItsId() throws Exception {
        AlertLog alerts = new AlertLog(file());

        assertThat(alerts.append(Alerts.raised())).isEqualTo(AlertLog.Outcome.APPENDED);
        assertThat(alerts.append(Alerts.raised())).isEqualTo(AlertLog.Outcome.ALREADY_WRITTEN);
        assertThat(alerts.append(Alerts.cleared())).isEqualTo(AlertLog.Outcome.APPENDED);

        assertThat(lines()).hasSize(2);
        JsonNode first = Json.mapper().readTree(lines().get(0));
        assertThat(first.fieldNames()).toIterable().first().isEqualTo("id");
        assertThat(first.get("id").asText()).isEqualTo(AlertId.of(Alerts.raised()));
        assertThat(Json.mapper().treeToValue(first, Alert.class)).isEqualTo(Alerts.raised());
    }

    @Test
    void afterARestartTheAlertsAlreadyWrittenAreNotWrittenAgain() throws Exception {
        new AlertLog(file()).append(Alerts.raised());

        AlertLog restarted = new AlertLog(file());
        assertThat(restarted.append(Alerts.raised())).isEqualTo(AlertLog.Outcome.ALREADY_WRITTEN);
        assertThat(restarted.append(Alerts.cleared())).isEqualTo(AlertLog.Outcome.APPENDED);

        assertThat(lines()).hasSize(2);
        assertThat(restarted.size()).isEqualTo(2);
    }

    @Test
    void theLinesOfAnOlderVersionWithoutIdsCountAsWritten() throws Exception {
        Files.writeString(file(), Json.mapper().writeValueAsString(Alerts.raised()) + "\n");

        AlertLog upgraded = new AlertLog(file());

        assertThat(upgraded.append(Alerts.raised())).isEqualTo(AlertLog.Outcome.ALREADY_WRITTEN);
        assertThat(lines()).hasSize(1);
    }

    @Test
    void aLineCutShortByACrashIsDroppedAndWrittenWholeWhenItsAlertComesAgain() throws Exception {
        byte[] whole = AlertLog.line(AlertId.of(Alerts.raised()), Alerts.raised());
        byte[] torn = AlertLog.line(AlertId.of(Alerts.cleared()), Alerts.cleared());
        byte[] content = new byte[whole.length + 20];
        System.arraycopy(whole, 0, content, 0, whole.length);
        System.arraycopy(torn, 0, content, whole.length, 20);
        Files.write(file(), content);

        AlertLog restarted = new AlertLog(file());
        assertThat(restarted.append(Alerts.cleared())).isEqualTo(AlertLog.Outcome.APPENDED);

        assertThat(lines()).hasSize(2).allSatisfy(l -> assertThat(Json.mapper().readTree(l).get("id")).isNotNull());
        assertThat(Files.readAllBytes(file())).endsWith(torn);
    }

    @Test
    void aFailedAppendRecordsNothingSoTheAlertIsWrittenWhenTheDiskIsBack() throws Exception {
        // Tests run as root, which ignores permissions: a file where the directory should be stops it.
        Path blocked = out.resolve("drafts");
        Files.writeString(blocked, "not a directory");
        AlertLog alerts = new AlertLog(blocked.resolve("alerts.jsonl"));

        assertThatThrownBy(() -> alerts.append(Alerts.raised())).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("alerts.jsonl");

        Files.delete(blocked);
        Files.createDirectories(blocked);
        assertThat(alerts.append(Alerts.raised())).isEqualTo(AlertLog.Outcome.APPENDED);
        assertThat(Files.readString(blocked.resolve("alerts.jsonl"), StandardCharsets.UTF_8))
                .contains(AlertId.of(Alerts.raised()));
    }
}
