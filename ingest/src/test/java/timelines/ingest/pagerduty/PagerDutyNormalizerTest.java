package timelines.ingest.pagerduty;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class PagerDutyNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2021-06-04T14:00:00Z");

    private final PagerDutyNormalizer normalizer = new PagerDutyNormalizer("prod");

    private static JsonNode fixture(String name) {
        return Fixtures.json("pagerduty/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, PagerDutyNormalizer.SOURCE, Map.of(), body, null));
    }

    private Signal only(JsonNode body) {
        return Fixtures.onlySignal(normalize(body, RECEIVED));
    }

    @Test
    void triggeredIncidentIsFailing() {
        Signal s = only(fixture("incident-triggered.json"));

        assertThat(s.source()).isEqualTo("pagerduty");
        assertThat(s.type()).isEqualTo(SignalType.FAILING);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).isEqualTo("pig208");
        assertThat(s.check()).isEqualTo("PFQZPSY");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2021-06-04T13:35:29.781Z"));
        assertThat(s.receivedAt()).isEqualTo(RECEIVED);
        assertThat(s.alerting()).isTrue();
        assertThat(s.summary()).isEqualTo("Test Incident 3");
        assertThat(s.link()).isEqualTo("https://pig208.pagerduty.com/incidents/PFQZPSY");
        assertThat(s.severity()).isEqualTo("critical");
        assertThat(s.labels()).containsEntry("incident_number", "9").containsEntry("agent", "PIG 208")
                .containsEntry("severity.raw", "high");
    }

    @Test
    void acknowledgedIncidentIsAnAck() {
        Signal s = only(fixture("incident-acknowledged.json"));

        assertThat(s.type()).isEqualTo(SignalType.ACK);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).isEqualTo("pig208");
        assertThat(s.check()).isEqualTo("PQ1K5C8");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2021-06-04T13:55:30.394Z"));
        assertThat(s.alerting()).isTrue();
    }

    @Test
    void resolvedIncidentIsRecovered() {
        Signal s = only(fixture("incident-resolved.json"));

        assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).isEqualTo("pig208");
        assertThat(s.check()).isEqualTo("PCPZE64");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2021-06-04T13:16:53.816Z"));
        assertThat(s.alerting()).isTrue();
    }

    @Test
    void triggeredAndResolvedOfOneIncidentShareTheCheck() {
        ObjectNode resolved = (ObjectNode) fixture("incident-triggered.json");
        ObjectNode event = (ObjectNode) resolved.get("event");
        event.put("id", "01BZYJ2M0KQ3T6CJ0P9A3V1NQX").put("event_type", "incident.resolved")
                .put("occurred_at", "2021-06-04T13:52:02.114Z");
        ((ObjectNode) event.get("data")).put("status", "resolved");

        Signal triggered = only(fixture("incident-triggered.json"));
        Signal recovered = only(resolved);

        assertThat(recovered.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(recovered.check()).isEqualTo(triggered.check());
        assertThat(recovered.service()).isEqualTo(triggered.service());
        assertThat(recovered.observedAt()).isEqualTo(Instant.parse("2021-06-04T13:52:02.114Z"));
    }

    @Test
    void aRetryGivesTheSameId() {
        for (String name : new String[] {"incident-triggered.json", "incident-acknowledged.json", "incident-resolved.json"}) {
            String first = normalize(fixture(name), RECEIVED).signals().get(0).id();
            String retry = normalize(fixture(name), RECEIVED.plusSeconds(20)).signals().get(0).id();
            assertThat(retry).as(name).isEqualTo(first);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"incident-priority-updated.json", "incident-annotated.json"})
    void otherEventTypesAreIgnoredNamingTheType(String name) {
        Normalization n = normalize(fixture(name), RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains(fixture(name).get("event").get("event_type").asText());
    }

    @Test
    void rejectsATriggeredIncidentWithoutItsServiceNamingTheField() {
        ObjectNode body = (ObjectNode) fixture("incident-triggered.json");
        ((ObjectNode) body.get("event").get("data")).remove("service");

        Normalization n = normalize(body, RECEIVED);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).isEqualTo("missing required field 'service' in 'event.data'");
    }

    @Test
    void rejectsABodyWithoutAnEvent() {
        Normalization n = normalize(Json.mapper().createObjectNode().put("messages", "v2"), RECEIVED);

        assertThat(n.rejectedReason()).isEqualTo("missing required field 'event'");
    }

    @Test
    void rejectsATimeThatIsNotIso() {
        ObjectNode body = (ObjectNode) fixture("incident-triggered.json");
        ((ObjectNode) body.get("event")).put("occurred_at", "yesterday");

        assertThat(normalize(body, RECEIVED).rejectedReason()).contains("'occurred_at'").contains("yesterday");
    }

    /** DESIGN 5a: PagerDuty's two urgencies. */
    @ParameterizedTest(name = "urgency {0} -> {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            high, critical
            low,  warning
            HIGH, critical
            """)
    void urgencyIsTheSeverity(String urgency, String severity) {
        ObjectNode body = (ObjectNode) fixture("incident-triggered.json");
        ((ObjectNode) body.get("event").get("data")).put("urgency", urgency);

        Signal s = only(body);

        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.labels()).containsEntry("severity.raw", urgency);
    }

    @Test
    void anIncidentWithoutUrgencySaysNoSeverity() {
        ObjectNode body = (ObjectNode) fixture("incident-triggered.json");
        ((ObjectNode) body.get("event").get("data")).remove("urgency");

        Signal s = only(body);

        assertThat(s.severity()).isNull();
        assertThat(s.labels()).doesNotContainKey("severity.raw");
    }

    /** Every event of an incident carries its urgency, so an ack or a resolution has the trigger's severity. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            incident-acknowledged.json, ACK,       critical
            incident-resolved.json,     RECOVERED, critical
            """)
    void theAckAndTheResolutionCarryTheIncidentsSeverity(String fixture, SignalType type, String severity) {
        Signal s = only(fixture(fixture));

        assertThat(s.type()).isEqualTo(type);
        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.labels()).containsEntry("severity.raw", "high");
    }
}
