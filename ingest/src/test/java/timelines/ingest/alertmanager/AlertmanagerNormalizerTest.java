package timelines.ingest.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class AlertmanagerNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2024-05-02T09:30:00Z");

    private final AlertmanagerNormalizer normalizer = new AlertmanagerNormalizer("prod");

    private static JsonNode fixture(String name) {
        return Fixtures.json("alertmanager/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, AlertmanagerNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization normalize(JsonNode body) {
        return normalize(body, RECEIVED);
    }

    private static ObjectNode firstAlert(JsonNode body) {
        return (ObjectNode) body.get("alerts").get(0);
    }

    @Test
    void firingAlertIsFailingAtStartsAt() {
        Normalization n = normalize(fixture("firing.json"));

        assertThat(n.rejectedReason()).isNull();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.source()).isEqualTo("alertmanager");
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).as("no 'service' label: the job").isEqualTo("http_checks");
            assertThat(s.check()).isEqualTo("1a30ba71cca2921f");
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-02-06T13:08:45.828Z"));
            assertThat(s.receivedAt()).isEqualTo(RECEIVED);
            assertThat(s.alerting()).isTrue();
            assertThat(s.severity()).isEqualTo("critical");
            assertThat(s.summary()).isEqualTo("BlackBox Probe Failure: https://server.example.org");
            assertThat(s.link()).isEqualTo("http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1");
            assertThat(s.labels()).containsEntry("alertname", "ProbeFailure").containsEntry("monitor", "master")
                    .hasSize(5);
        });
    }

    @Test
    void resolvedAlertIsRecoveredAtEndsAtAndPairsWithTheFiring() {
        Signal firing = normalize(fixture("firing.json")).signals().get(0);
        Normalization n = normalize(fixture("resolved.json"));

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("http_checks");
            assertThat(s.check()).isEqualTo(firing.check());
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-02-06T13:41:15.828Z"));
            assertThat(s.alerting()).isTrue();
            assertThat(s.id()).isNotEqualTo(firing.id());
        });
    }

    @Test
    void eachAlertOfAGroupIsJudgedByItsOwnStatus() {
        Normalization n = normalize(fixture("mixed-group.json"));

        assertThat(n.signals()).hasSize(2);
        Signal checkout = n.signals().get(0);
        assertThat(checkout.type()).isEqualTo(SignalType.FAILING);
        assertThat(checkout.env()).isEqualTo("staging");
        assertThat(checkout.service()).isEqualTo("checkout");
        assertThat(checkout.check()).isEqualTo("8f4c2b9a1d3e5f60");
        assertThat(checkout.observedAt()).as("a firing alert's future endsAt is its expiry, not a recovery")
                .isEqualTo(Instant.parse("2024-05-02T09:14:30.101Z"));
        assertThat(checkout.severity()).isEqualTo("page");

        Signal ledger = n.signals().get(1);
        assertThat(ledger.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(ledger.env()).isEqualTo("prod");
        assertThat(ledger.service()).isEqualTo("ledger-api");
        assertThat(ledger.check()).isEqualTo("3c9d0e7a6b5f4e21");
        assertThat(ledger.observedAt()).isEqualTo(Instant.parse("2024-05-02T09:12:00Z"));
        assertThat(ledger.summary()).as("no summary annotation: the description").isEqualTo("ledger-api 5xx rate above 5%");
    }

    @Test
    void serviceFallsBackToTheAlertname() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        ((ObjectNode) firstAlert(body).get("labels")).remove("job");

        assertThat(normalize(body).signals().get(0).service()).isEqualTo("ProbeFailure");
    }

    @Test
    void aResolvedAlertWithoutEndsAtRecoversAtReceipt() {
        ObjectNode body = (ObjectNode) fixture("resolved.json");
        firstAlert(body).put("endsAt", "0001-01-01T00:00:00Z");

        assertThat(normalize(body).signals().get(0).observedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void aRetryGivesTheSameIds() {
        for (String name : new String[] {"firing.json", "resolved.json", "mixed-group.json"}) {
            assertThat(normalize(fixture(name), RECEIVED.plusSeconds(300)).signals()).extracting(Signal::id)
                    .as(name).containsExactlyElementsOf(normalize(fixture(name)).signals().stream().map(Signal::id).toList());
        }
    }

    @Test
    void aRepeatNotificationOfTheSameFiringGivesTheSameId() {
        ObjectNode repeat = (ObjectNode) fixture("firing.json");
        firstAlert(repeat).put("endsAt", "2023-02-06T13:20:45.828Z");
        ((ObjectNode) firstAlert(repeat).get("annotations")).put("description", "down for over 10m");

        assertThat(normalize(repeat).signals().get(0).id()).isEqualTo(normalize(fixture("firing.json")).signals().get(0).id());
    }

    @Test
    void anAlertWithoutAFingerprintIsIdentifiedByItsLabelSet() {
        ObjectNode a = (ObjectNode) fixture("firing.json");
        firstAlert(a).remove("fingerprint");
        ObjectNode b = (ObjectNode) fixture("resolved.json");
        firstAlert(b).remove("fingerprint");

        String firingCheck = normalize(a).signals().get(0).check();
        assertThat(firingCheck).startsWith("labels:");
        assertThat(normalize(b).signals().get(0).check()).isEqualTo(firingCheck);
    }

    @Test
    void rejectsAFiringAlertWithoutStartsAtNamingFieldAndAlert() {
        ObjectNode body = (ObjectNode) fixture("mixed-group.json");
        ((ObjectNode) body.get("alerts").get(0)).remove("startsAt");

        Normalization n = normalize(body);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).isEqualTo("missing required field 'startsAt' (alert 0)");
    }

    @Test
    void rejectsABodyWithoutAlerts() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        body.remove("alerts");

        assertThat(normalize(body).rejectedReason()).isEqualTo("missing required field 'alerts'");
    }

    @Test
    void rejectsAnotherPayloadVersionNamingIt() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        body.put("version", "1");

        assertThat(normalize(body).rejectedReason()).contains("'version'").contains("\"4\"").contains("'1'");
    }

    @Test
    void rejectsAnUnknownAlertStatus() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        firstAlert(body).put("status", "pending");

        assertThat(normalize(body).rejectedReason()).contains("'status' (alert 0)").contains("pending");
    }

    @Test
    void ignoresANotificationWithNoAlerts() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        body.putArray("alerts");

        Normalization n = normalize(body);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.ignoredReason()).isNotBlank();
    }
}
