package timelines.ingest.uptimekuma;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class UptimeKumaNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2023-03-06T07:26:02Z");
    private static final Instant DOWN_AT = Instant.parse("2023-03-06T07:26:00.123Z");
    private static final Instant UP_AT = Instant.parse("2023-03-06T07:55:00.456Z");

    private final UptimeKumaNormalizer normalizer = new UptimeKumaNormalizer("prod");

    private static String fixture(String name) {
        return Fixtures.text("uptimekuma/" + name);
    }

    private static JsonNode json(String text) {
        return Fixtures.parse(text);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, UptimeKumaNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization normalize(String fixture) {
        return normalize(json(fixture(fixture)), RECEIVED);
    }

    @Test
    void readsADownNotificationAsFailingAtTheHeartbeatTimeInUtc() {
        Normalization n = normalize("v1-down.json");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.records()).isEmpty();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.source()).isEqualTo("uptime-kuma");
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("TIS Generic Upload");
            assertThat(s.check()).isEqualTo("7");
            assertThat(s.observedAt()).as("'2023-03-06 07:26:00.123' is UTC").isEqualTo(DOWN_AT);
            assertThat(s.receivedAt()).isEqualTo(RECEIVED);
            assertThat(s.alerting()).isTrue();
            assertThat(s.summary()).isEqualTo("[TIS Generic Upload] [🔴 Down] Request failed with status code 503");
            assertThat(s.labels()).containsEntry("monitorType", "http")
                    .containsEntry("url", "https://admin.tis.example.com/api/generic-upload/health");
            assertThat(s.skewed()).isFalse();
        });
    }

    @Test
    void readsAnUpNotificationAsRecoveredForTheSameCheck() {
        Normalization n = normalize("v1-up.json");

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("TIS Generic Upload");
            assertThat(s.check()).isEqualTo("7");
            assertThat(s.observedAt()).isEqualTo(UP_AT);
            assertThat(s.alerting()).isTrue();
        });
    }

    @Test
    void readsTheVersion2DownNotificationLikeVersion1() {
        Signal v1 = normalize("v1-down.json").signals().get(0);
        Signal v2 = normalize("v2-down.json").signals().get(0);

        assertThat(v2).isEqualTo(v1);
    }

    @Test
    void turnsLastDownTimeOfAnUpNotificationIntoTheFailingThatBeganTheOutage() {
        Normalization up = normalize("v2-up.json");
        Signal down = normalize("v2-down.json").signals().get(0);

        assertThat(up.signals()).extracting(Signal::type).containsExactly(SignalType.FAILING, SignalType.RECOVERED);
        Signal reconstructed = up.signals().get(0);
        assertThat(reconstructed.observedAt()).isEqualTo(DOWN_AT);
        assertThat(reconstructed.check()).isEqualTo("7");
        assertThat(reconstructed.service()).isEqualTo("TIS Generic Upload");
        assertThat(reconstructed.alerting()).as("the recovery notified people, not the failure").isFalse();
        assertThat(reconstructed.labels()).containsEntry("reconstructedFrom", "lastDownTime");
        assertThat(reconstructed.id()).as("a duplicate of the DOWN notification's signal when that was received")
                .isEqualTo(down.id());
        assertThat(up.signals().get(1).observedAt()).isEqualTo(UP_AT);
        assertThat(up.signals().get(1).alerting()).isTrue();
    }

    @Test
    void givesTheSameIdWhenUptimeKumaRetriesTheDelivery() {
        JsonNode body = json(fixture("v1-down.json"));

        String first = normalize(body, RECEIVED).signals().get(0).id();
        String retry = normalize(body, RECEIVED.plusSeconds(30)).signals().get(0).id();

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void givesFailingAndRecoveredOfOneMonitorDifferentIds() {
        assertThat(normalize("v1-down.json").signals().get(0).id())
                .isNotEqualTo(normalize("v1-up.json").signals().get(0).id());
    }

    @ParameterizedTest
    @CsvSource({"2, pending", "3, maintenance"})
    void ignoresPendingAndMaintenanceBeats(int status, String word) {
        ObjectNode body = (ObjectNode) json(fixture("v1-down.json"));
        ((ObjectNode) body.get("heartbeat")).put("status", status);

        Normalization n = normalize(body, RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains(word);
    }

    @ParameterizedTest
    @ValueSource(strings = {"test-notification.json", "certificate-expiry.json"})
    void ignoresNotificationsWithoutAHeartbeat(String fixture) {
        Normalization n = normalize(fixture);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("without a heartbeat");
    }

    @Test
    void readsAnIsoTimeWithAZoneFromANonSqliteBackend() {
        ObjectNode body = (ObjectNode) json(fixture("v1-down.json"));
        ((ObjectNode) body.get("heartbeat")).put("time", "2023-03-06T07:26:00.123Z");

        assertThat(normalize(body, RECEIVED).signals()).singleElement().extracting(Signal::observedAt).isEqualTo(DOWN_AT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"monitor", "heartbeat"})
    void rejectsANotificationMissingMonitorOrHeartbeat(String field) {
        ObjectNode body = (ObjectNode) json(fixture("v1-down.json"));
        body.remove(field);

        Normalization n = normalize(body, RECEIVED);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("missing required field '" + field + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"status", "time"})
    void rejectsAHeartbeatMissingARequiredField(String field) {
        ObjectNode body = (ObjectNode) json(fixture("v1-down.json"));
        ((ObjectNode) body.get("heartbeat")).remove(field);

        Normalization n = normalize(body, RECEIVED);

        assertThat(n.rejectedReason()).contains("missing required field '" + field + "'").contains("heartbeat");
    }

    @Test
    void rejectsAMonitorWithoutAName() {
        ObjectNode body = (ObjectNode) json(fixture("v1-down.json"));
        ((ObjectNode) body.get("monitor")).remove("name");

        assertThat(normalize(body, RECEIVED).rejectedReason()).contains("missing required field 'name' in 'monitor'");
    }

    @Test
    void rejectsATimeThatIsNotATime() {
        ObjectNode body = (ObjectNode) json(fixture("v1-down.json"));
        ((ObjectNode) body.get("heartbeat")).put("time", "yesterday");

        assertThat(normalize(body, RECEIVED).rejectedReason()).contains("'time'").contains("yesterday");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "\"down\"", "{\"alerts\":[]}"})
    void rejectsABodyNotOfUptimeKumasShape(String body) {
        Normalization n = normalize(json(body), RECEIVED);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).isNotBlank();
    }

    /** DESIGN 5a: a monitor that is down is critical; so are its recovery and a failure read from lastDownTime. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"v1-down.json", "v1-up.json", "v2-down.json", "v2-up.json"})
    void aMonitorIsCriticalDownAndUp(String fixture) {
        assertThat(normalize(fixture).signals()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.severity()).isEqualTo("critical");
            assertThat(s.labels()).doesNotContainKey("severity.raw");
        });
    }
}
