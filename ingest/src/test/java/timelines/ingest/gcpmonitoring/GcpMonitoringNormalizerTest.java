package timelines.ingest.gcpmonitoring;

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

class GcpMonitoringNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2026-01-05T10:10:00Z");

    private final GcpMonitoringNormalizer normalizer = new GcpMonitoringNormalizer("prod");

    private static JsonNode fixture(String name) {
        return Fixtures.json("gcp-monitoring/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, GcpMonitoringNormalizer.SOURCE, Map.of(), body, null));
    }

    private Signal only(JsonNode body) {
        return Fixtures.onlySignal(normalize(body, RECEIVED));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", delimiter = ';', textBlock = """
            flanksource-1.2-open-error.json   ; FAILING   ; error ; 2025-05-02T09:39:54Z ; gke-hub-cluster-private-pool-containe-de26c8a2-0se1 ; 0.nrwotmyokd9n
            flanksource-1.2-closed-error.json ; RECOVERED ; error ; 2025-05-02T09:39:07Z ; gke-hub-cluster-private-pool-containe-00531631-rf93 ; 0.nrwo9fe1a4wg
            agilicus-1.2-uptime-open.json     ; FAILING   ; -     ; 2020-01-20T22:30:44Z ; MYHOST ; 0.ligwyr056k2l
            agilicus-1.2-uptime-closed.json   ; RECOVERED ; -     ; 2020-01-20T22:32:32Z ; MYHOST ; 0.ligwyr056k2l
            joemiller-1.2-open.json           ; FAILING   ; -     ; 2020-02-05T16:42:37Z ; test   ; 0.lj2va6zdkemq
            schema-1.1-open.json              ; FAILING   ; -     ; 2024-05-02T13:10:00Z ; Checkout 5xx rate ; 0.mz3c8kq1r2st
            schema-1.1-closed.json            ; RECOVERED ; -     ; 2024-05-02T13:32:00Z ; Checkout 5xx rate ; 0.mz3c8kq1r2st
            """)
    void everyFixtureBecomesItsSignal(String name, String type, String severity, String observedAt, String service,
            String check) {
        Signal s = only(fixture(name));

        assertThat(s.source()).isEqualTo("gcp-monitoring");
        assertThat(s.type().name()).isEqualTo(type);
        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.observedAt()).isEqualTo(Instant.parse(observedAt));
        assertThat(s.receivedAt()).isEqualTo(RECEIVED);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).isEqualTo(service);
        assertThat(s.check()).isEqualTo(check);
        assertThat(s.alerting()).isTrue();
        assertThat(s.link()).startsWith("https://");
    }

    @Test
    void theConsolesTestNotificationIsIgnored() {
        Normalization n = normalize(fixture("goalert-test-notification.json"), RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("test notification");
    }

    @Test
    void anUptimeIncidentOpensAndClosesOnOneCheck() {
        Signal open = only(fixture("agilicus-1.2-uptime-open.json"));
        Signal closed = only(fixture("agilicus-1.2-uptime-closed.json"));

        assertThat(closed.check()).isEqualTo(open.check());
        assertThat(closed.service()).isEqualTo(open.service());
        assertThat(closed.id()).isNotEqualTo(open.id());
        assertThat(open.labels()).containsEntry("resource_type", "uptime_url")
                .containsEntry("policy", "api - noc - users");
    }

    @Test
    void thePolicysUserLabelsNameTheServiceAndEnv() {
        ObjectNode body = (ObjectNode) fixture("flanksource-1.2-open-error.json");
        ObjectNode incident = (ObjectNode) body.get("incident");
        incident.putObject("policy_user_labels").put("service", "checkout").put("env", "staging");

        Signal s = only(body);

        assertThat(s.service()).isEqualTo("checkout");
        assertThat(s.env()).isEqualTo("staging");
        assertThat(s.labels()).containsEntry("project", "flanksource-sandbox").containsEntry("severity.raw", "Error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"flanksource-1.2-open-error.json", "flanksource-1.2-closed-error.json",
            "agilicus-1.2-uptime-open.json", "agilicus-1.2-uptime-closed.json", "schema-1.1-open.json"})
    void aRetryGivesTheSameId(String name) {
        String first = normalize(fixture(name), RECEIVED).signals().get(0).id();
        String retry = normalize(fixture(name), RECEIVED.plusSeconds(300)).signals().get(0).id();

        assertThat(retry).isEqualTo(first);
    }

    /** DESIGN 5a: severity when the policy gives one. */
    @ParameterizedTest(name = "severity {0} -> {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            CRITICAL,    critical
            Error,       error
            WARNING,     warning
            no severity, absent
            """)
    void severityIsReadWhenGiven(String raw, String severity) {
        ObjectNode body = (ObjectNode) fixture("flanksource-1.2-open-error.json");
        ((ObjectNode) body.get("incident")).put("severity", raw);

        assertThat(only(body).severity()).isEqualTo(severity);
    }

    @Test
    void aClosedIncidentWithoutEndedAtTakesTheReceipt() {
        ObjectNode body = (ObjectNode) fixture("schema-1.1-closed.json");
        ((ObjectNode) body.get("incident")).putNull("ended_at");

        assertThat(only(body).observedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void anAcknowledgedIncidentIsIgnored() {
        ObjectNode body = (ObjectNode) fixture("schema-1.1-open.json");
        ((ObjectNode) body.get("incident")).put("state", "acknowledged");

        assertThat(normalize(body, RECEIVED).ignoredReason()).contains("acknowledged");
    }

    @Test
    void rejectsWhatIsNotACloudMonitoringNotification() {
        assertThat(normalize(Fixtures.parse("{\"version\":\"1.2\"}"), RECEIVED).rejectedReason())
                .isEqualTo("missing required field 'incident'");
        ObjectNode noId = (ObjectNode) fixture("schema-1.1-open.json");
        ((ObjectNode) noId.get("incident")).remove("incident_id");
        assertThat(normalize(noId, RECEIVED).rejectedReason()).isEqualTo("missing required field 'incident_id' in 'incident'");
        ObjectNode badTime = (ObjectNode) fixture("schema-1.1-open.json");
        ((ObjectNode) badTime.get("incident")).put("started_at", "2024-05-02");
        assertThat(normalize(badTime, RECEIVED).rejectedReason()).contains("field 'started_at' in 'incident'");
    }
}
