package timelines.ingest.azuremonitor;

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

class AzureMonitorNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2026-01-05T10:10:00Z");

    private final AzureMonitorNormalizer normalizer = new AzureMonitorNormalizer("prod");

    private static JsonNode fixture(String name) {
        return Fixtures.json("azure-monitor/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, AzureMonitorNormalizer.SOURCE, Map.of(), body, null));
    }

    private Signal only(JsonNode body) {
        return Fixtures.onlySignal(normalize(body, RECEIVED));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", delimiter = ';', textBlock = """
            docs-common-schema-metric-resolved.json  ; RECOVERED ; info ; 2019-03-22T14:03:16.2246313Z ; wcus-r2-gen2        ; /subscriptions/<subscription ID>/providers/Microsoft.AlertsManagement/alerts/b9569717-bc32-442f-add5-83a997729330
            docs-common-schema-log-v2-fired.json     ; FAILING   ; info ; 2020-07-09T14:04:49.99645Z   ; testvm              ; /subscriptions/12345a-1234b-123c-123d-12345678e/providers/Microsoft.AlertsManagement/alerts/12345a-1234b-123c-123d-12345678e
            docs-metric-alert-schema-activated.json  ; FAILING   ; info ; 2021-11-15T09:35:12.9703687Z ; test-storageAccount ; /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/test-RG/providers/microsoft.insights/metricAlerts/test-metricAlertRule
            docs-classic-metric-alert-activated.json ; FAILING   ; -    ; 2015-08-14T22:26:41.9975398Z ; mysite1             ; /subscriptions/s1/resourceGroups/useast/providers/microsoft.insights/alertrules/ruleName1
            """)
    void everyFixtureBecomesItsSignal(String name, String type, String severity, String observedAt, String service,
            String check) {
        Signal s = only(fixture(name));

        assertThat(s.source()).isEqualTo("azure-monitor");
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
    void anActivityLogAlertIsIgnoredWithWhatToDo() {
        Normalization n = normalize(fixture("docs-activity-log-administrative.json"), RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("Microsoft.Insights/activityLogs").contains("common alert schema");
    }

    @Test
    void theSameAlertFiresAndResolvesOnOneCheck() {
        ObjectNode fired = (ObjectNode) fixture("docs-common-schema-metric-resolved.json");
        ObjectNode essentials = (ObjectNode) fired.get("data").get("essentials");
        essentials.put("monitorCondition", "Fired");
        essentials.remove("resolvedDateTime");

        Signal failing = only(fired);
        Signal recovered = only(fixture("docs-common-schema-metric-resolved.json"));

        assertThat(failing.type().name()).isEqualTo("FAILING");
        assertThat(failing.observedAt()).as("firedDateTime, seven digits")
                .isEqualTo(Instant.parse("2019-03-22T13:58:24.3713213Z"));
        assertThat(recovered.check()).isEqualTo(failing.check());
        assertThat(recovered.service()).isEqualTo(failing.service());
        assertThat(recovered.id()).isNotEqualTo(failing.id());
        assertThat(failing.labels()).containsEntry("rule", "WCUS-R2-Gen2").containsEntry("resource_group",
                "pipelinealertrg").containsEntry("severity.raw", "Sev3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"docs-common-schema-metric-resolved.json", "docs-common-schema-log-v2-fired.json",
            "docs-metric-alert-schema-activated.json", "docs-classic-metric-alert-activated.json"})
    void aRetryGivesTheSameId(String name) {
        String first = normalize(fixture(name), RECEIVED).signals().get(0).id();
        String retry = normalize(fixture(name), RECEIVED.plusSeconds(120)).signals().get(0).id();

        assertThat(retry).isEqualTo(first);
    }

    /** DESIGN 5a: Sev0–Sev4. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            Sev0, critical
            Sev1, error
            Sev2, warning
            Sev3, info
            Sev4, info
            sev1, error
            Sev9, absent
            """)
    void sevIsTheSeverity(String sev, String severity) {
        ObjectNode body = (ObjectNode) fixture("docs-common-schema-log-v2-fired.json");
        ((ObjectNode) body.get("data").get("essentials")).put("severity", sev);

        assertThat(only(body).severity()).isEqualTo(severity);
    }

    @Test
    void theMetricAlertSchemasNumericSeverityAndDeactivation() {
        ObjectNode body = (ObjectNode) fixture("docs-metric-alert-schema-activated.json");
        ObjectNode data = (ObjectNode) body.get("data");
        ((ObjectNode) data.get("context")).put("severity", "0");
        assertThat(only(body).severity()).isEqualTo("critical");

        data.put("status", "Deactivated");
        Signal s = only(body);
        assertThat(s.type().name()).isEqualTo("RECOVERED");
        assertThat(s.labels()).containsEntry("subscription", "11111111-1111-1111-1111-111111111111")
                .containsEntry("resource_group", "test-RG");
    }

    @Test
    void aResolutionWithoutItsTimeTakesTheReceipt() {
        ObjectNode body = (ObjectNode) fixture("docs-common-schema-metric-resolved.json");
        ((ObjectNode) body.get("data").get("essentials")).remove("resolvedDateTime");

        assertThat(only(body).observedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void rejectsWhatIsNotAnAzureAlert() {
        assertThat(normalize(Fixtures.parse("{\"alert\":\"x\"}"), RECEIVED).rejectedReason())
                .contains("'schemaId'");
        ObjectNode noEssentials = (ObjectNode) fixture("docs-common-schema-log-v2-fired.json");
        ((ObjectNode) noEssentials.get("data")).remove("essentials");
        assertThat(normalize(noEssentials, RECEIVED).rejectedReason())
                .isEqualTo("missing required field 'essentials' in 'data'");
        ObjectNode badTime = (ObjectNode) fixture("docs-common-schema-log-v2-fired.json");
        ((ObjectNode) badTime.get("data").get("essentials")).put("firedDateTime", "3/22/2019 1:36:31 PM");
        assertThat(normalize(badTime, RECEIVED).rejectedReason()).contains("field 'firedDateTime'");
    }
}
