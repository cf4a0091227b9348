package timelines.ingest.opsgenie;

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

class OpsgenieNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2015-01-05T10:10:00Z");

    private final OpsgenieNormalizer normalizer = new OpsgenieNormalizer("prod");

    private static JsonNode fixture(String name) {
        return Fixtures.json("opsgenie/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, OpsgenieNormalizer.SOURCE, Map.of(), body, null));
    }

    private Signal only(JsonNode body) {
        return Fixtures.onlySignal(normalize(body, RECEIVED));
    }

    @Test
    void createIsFailingAtCreatedAtInMilliseconds() {
        Signal s = only(fixture("create.json"));

        assertThat(s.source()).isEqualTo("opsgenie");
        assertThat(s.type()).isEqualTo(SignalType.FAILING);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).as("entity is empty: the alert's source").isEqualTo("fili@ifountain.com");
        assertThat(s.check()).isEqualTo("aliastest");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2015-01-05T10:03:11.104Z"));
        assertThat(s.receivedAt()).isEqualTo(RECEIVED);
        assertThat(s.alerting()).isTrue();
        assertThat(s.summary()).isEqualTo(" test alert");
        assertThat(s.labels()).containsEntry("tinyId", "23").containsEntry("tags", "tag1,tag2")
                .containsEntry("integration", "Integration1");
    }

    @Test
    void acknowledgeIsAnAckAtUpdatedAtInNanoseconds() {
        Signal s = only(fixture("acknowledge.json"));

        assertThat(s.type()).isEqualTo(SignalType.ACK);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).isEqualTo("fili@ifountain.com");
        assertThat(s.check()).isEqualTo("aliastest");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2015-01-05T10:03:44.764002246Z"));
        assertThat(s.alerting()).isTrue();
    }

    @Test
    void closeIsRecoveredAtUpdatedAtAndPairsWithTheCreate() {
        Signal created = only(fixture("create.json"));
        Signal closed = only(fixture("close.json"));

        assertThat(closed.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(closed.env()).isEqualTo("prod");
        assertThat(closed.service()).isEqualTo(created.service());
        assertThat(closed.check()).isEqualTo(created.check());
        assertThat(closed.observedAt()).isEqualTo(Instant.parse("2015-01-05T10:06:14.669001603Z"));
        assertThat(closed.alerting()).isTrue();
        assertThat(closed.id()).isNotEqualTo(created.id());
    }

    @Test
    void entityNamesTheServiceWhenPresent() {
        Signal s = only(fixture("create-with-entity.json"));

        assertThat(s.type()).isEqualTo(SignalType.FAILING);
        assertThat(s.service()).isEqualTo("Server");
        assertThat(s.check()).isEqualTo("alert-alias");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2017-08-14T11:25:56.288Z"));
        assertThat(s.severity()).as("a real delivery's numeric priority 3 is P3").isEqualTo("warning");
        assertThat(s.labels()).containsEntry("severity.raw", "3");
    }

    @Test
    void checkFallsBackToTheAlertIdWithoutAnAlias() {
        ObjectNode body = (ObjectNode) fixture("create.json");
        ((ObjectNode) body.get("alert")).remove("alias");

        assertThat(only(body).check()).isEqualTo("052652ac-5d1c-464a-812a-7dd18bbfba8c");
    }

    @Test
    void aRetryGivesTheSameId() {
        for (String name : new String[] {"create.json", "acknowledge.json", "close.json"}) {
            String first = normalize(fixture(name), RECEIVED).signals().get(0).id();
            String retry = normalize(fixture(name), RECEIVED.plusSeconds(45)).signals().get(0).id();
            assertThat(retry).as(name).isEqualTo(first);
        }
    }

    @Test
    void addNoteIsIgnored() {
        Normalization n = normalize(fixture("add-note.json"), RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("AddNote");
    }

    @ParameterizedTest
    @ValueSource(strings = {"UnAcknowledge", "Escalate", "Delete", "TakeOwnership"})
    void otherActionsAreIgnored(String action) {
        ObjectNode body = (ObjectNode) fixture("acknowledge.json");
        body.put("action", action);

        assertThat(normalize(body, RECEIVED).ignoredReason()).contains(action);
    }

    @Test
    void rejectsACreateWithoutCreatedAtNamingTheField() {
        ObjectNode body = (ObjectNode) fixture("create.json");
        ((ObjectNode) body.get("alert")).remove("createdAt");

        Normalization n = normalize(body, RECEIVED);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).isEqualTo("missing required field 'createdAt' in 'alert'");
    }

    @Test
    void rejectsABodyWithoutAnAlert() {
        ObjectNode body = (ObjectNode) fixture("close.json");
        body.remove("alert");

        assertThat(normalize(body, RECEIVED).rejectedReason()).isEqualTo("missing required field 'alert'");
    }

    @Test
    void rejectsAnAlertWithNeitherEntityNorSource() {
        ObjectNode body = (ObjectNode) fixture("close.json");
        ((ObjectNode) body.get("alert")).remove("source");

        assertThat(normalize(body, RECEIVED).rejectedReason()).contains("'entity' or 'source'");
    }

    /** DESIGN 5a: Opsgenie's priorities, as the docs write them and as real deliveries send them. */
    @ParameterizedTest(name = "priority {0} -> {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            P1, critical
            P2, error
            P3, warning
            P4, info
            P5, info
            p1, critical
            1,  critical
            5,  info
            P9, absent
            """)
    void priorityIsTheSeverity(String priority, String severity) {
        ObjectNode body = (ObjectNode) fixture("create.json");
        ((ObjectNode) body.get("alert")).put("priority", priority);

        Signal s = only(body);

        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.labels()).containsEntry("severity.raw", priority);
    }

    @Test
    void theDocsExampleSaysNoPriorityAndSoNoSeverity() {
        Signal s = only(fixture("create.json"));

        assertThat(s.severity()).isNull();
        assertThat(s.labels()).doesNotContainKey("severity.raw");
    }
}
