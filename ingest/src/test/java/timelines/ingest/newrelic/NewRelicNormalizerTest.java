package timelines.ingest.newrelic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.ingest.Fixtures;
import timelines.ingest.delivery.Normalization;

class NewRelicNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2026-01-05T10:10:00Z");

    private final NewRelicNormalizer normalizer = new NewRelicNormalizer("prod");

    private static JsonNode fixture(String name) {
        return Fixtures.json("newrelic/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, NewRelicNormalizer.SOURCE, Map.of(), body, null));
    }

    private Signal only(JsonNode body) {
        return Fixtures.onlySignal(normalize(body, RECEIVED));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", delimiter = ';', textBlock = """
            workflow-created.json      ; FAILING   ; critical ; 2024-04-22T06:36:29.495Z ; MAIN-APP-UBUNTU ; 208c5e92-f250-40be-b7c2-50508c268c15
            workflow-activated.json    ; FAILING   ; critical ; 2024-04-22T03:05:31.352Z ; zulip_app       ; c5faa7e6-7b54-402d-af79-f99601e0278c
            workflow-acknowledged.json ; ACK       ; error    ; 2024-04-22T07:14:37.412Z ; PIETER-UBUNTU   ; 13bbcdca-f0b6-470d-b0be-b34583c58869
            workflow-closed.json       ; RECOVERED ; critical ; 2024-04-22T06:17:37.383Z ; main_app-UBUNTU ; 95a9344a-2590-48ce-8d83-07e28b6d22c6
            legacy-open.json           ; FAILING   ; -        ; 2020-11-11T22:32:11.151Z ; Server Down     ; 1234
            legacy-acknowledged.json   ; ACK       ; -        ; 2020-11-11T22:32:11.151Z ; Server Down     ; 1234
            legacy-closed.json         ; RECOVERED ; -        ; 2020-11-11T22:32:11.151Z ; Server Down     ; 1234
            """)
    void everyFixtureBecomesItsSignal(String name, String type, String severity, String observedAt, String service,
            String check) {
        Signal s = only(fixture(name));

        assertThat(s.source()).isEqualTo("newrelic");
        assertThat(s.type().name()).isEqualTo(type);
        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.observedAt()).isEqualTo(Instant.parse(observedAt));
        assertThat(s.receivedAt()).isEqualTo(RECEIVED);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).isEqualTo(service);
        assertThat(s.check()).isEqualTo(check);
        assertThat(s.alerting()).isTrue();
    }

    @Test
    void aChannelTestIsIgnored() {
        Normalization n = normalize(fixture("legacy-channel-test.json"), RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("channel test");
    }

    @Test
    void theCreatedAndActivatedNotificationsOfOneIssueAreOneSignal() {
        ObjectNode activated = (ObjectNode) fixture("workflow-created.json");
        activated.put("state", "ACTIVATED");
        activated.put("trigger", "STATE_CHANGE");
        activated.put("updatedAt", 1713767850000L);

        assertThat(only(activated).id()).isEqualTo(only(fixture("workflow-created.json")).id());
    }

    @Test
    void anIssueOpensAcknowledgesAndClosesOnOneCheck() {
        ObjectNode created = (ObjectNode) fixture("workflow-created.json");
        ObjectNode acknowledged = created.deepCopy();
        acknowledged.put("state", "ACKNOWLEDGED");
        acknowledged.put("updatedAt", 1713768000000L);
        ObjectNode closed = created.deepCopy();
        closed.put("state", "CLOSED");
        closed.put("trigger", "INCIDENT_CLOSED");
        closed.put("updatedAt", 1713769200000L);

        Signal open = only(created);
        Signal ack = only(acknowledged);
        Signal recovered = only(closed);

        assertThat(ack.type().name()).isEqualTo("ACK");
        assertThat(ack.observedAt()).isEqualTo(Instant.parse("2024-04-22T06:40:00Z"));
        assertThat(recovered.type().name()).isEqualTo("RECOVERED");
        assertThat(recovered.observedAt()).isEqualTo(Instant.parse("2024-04-22T07:00:00Z"));
        assertThat(java.util.List.of(ack.check(), recovered.check())).containsOnly(open.check());
        assertThat(java.util.List.of(ack.service(), recovered.service())).containsOnly(open.service());
    }

    @ParameterizedTest
    @ValueSource(strings = {"workflow-created.json", "workflow-activated.json", "workflow-acknowledged.json",
            "workflow-closed.json", "legacy-open.json", "legacy-acknowledged.json", "legacy-closed.json"})
    void aRetryGivesTheSameId(String name) {
        String first = normalize(fixture(name), RECEIVED).signals().get(0).id();
        String retry = normalize(fixture(name), RECEIVED.plusSeconds(60)).signals().get(0).id();

        assertThat(retry).isEqualTo(first);
    }

    /** DESIGN 5a: the issue's priority. */
    @ParameterizedTest(name = "priority {0} -> {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            CRITICAL, critical
            HIGH,     error
            MEDIUM,   warning
            LOW,      info
            high,     error
            URGENT,   absent
            """)
    void priorityIsTheSeverity(String priority, String severity) {
        ObjectNode body = (ObjectNode) fixture("workflow-created.json");
        body.put("priority", priority);

        Signal s = only(body);

        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.labels()).containsEntry("severity.raw", priority);
    }

    @Test
    void aLegacyTargetNamesTheServiceAndItsSeverityIsRead() {
        ObjectNode body = (ObjectNode) fixture("legacy-channel-test.json");
        body.put("current_state", "open");
        body.put("severity", "CRITICAL");

        Signal s = only(body);

        assertThat(s.service()).isEqualTo("Test Target");
        assertThat(s.severity()).isEqualTo("critical");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2017-05-17T14:03:36.255Z"));
    }

    @Test
    void withoutCreatedAtTheReceiptIsTheEventTime() {
        ObjectNode body = (ObjectNode) fixture("workflow-created.json");
        body.remove("createdAt");

        assertThat(only(body).observedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void rejectsWhatIsNotANewRelicNotification() {
        assertThat(normalize(Fixtures.parse("{\"alert\":{\"message\":\"x\"}}"), RECEIVED).rejectedReason())
                .contains("'state'").contains("'current_state'");
        ObjectNode body = (ObjectNode) fixture("workflow-created.json");
        body.put("createdAt", "yesterday");
        assertThat(normalize(body, RECEIVED).rejectedReason()).contains("field 'createdAt'");
        ObjectNode noId = (ObjectNode) fixture("workflow-created.json");
        noId.remove("id");
        assertThat(normalize(noId, RECEIVED).rejectedReason()).contains("'id'");
    }

    @Test
    void anUnknownIssueStateIsIgnored() {
        ObjectNode body = (ObjectNode) fixture("workflow-created.json");
        body.put("state", "DEACTIVATED");

        assertThat(normalize(body, RECEIVED).ignoredReason()).contains("DEACTIVATED");
    }
}
