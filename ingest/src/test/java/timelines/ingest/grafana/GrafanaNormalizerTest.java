package timelines.ingest.grafana;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class GrafanaNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2022-06-17T01:00:00Z");

    private final GrafanaNormalizer normalizer = new GrafanaNormalizer("prod");

    private static JsonNode fixture(String name) {
        return Fixtures.json("grafana/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, GrafanaNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization normalize(JsonNode body) {
        return normalize(body, RECEIVED);
    }

    @Test
    void firingNotificationGivesOneFailingSignalPerAlert() {
        Normalization n = normalize(fixture("firing.json"));

        assertThat(n.rejectedReason()).isNull();
        assertThat(n.signals()).hasSize(2);
        Signal memory = n.signals().get(0);
        assertThat(memory.source()).isEqualTo("grafana");
        assertThat(memory.type()).isEqualTo(SignalType.FAILING);
        assertThat(memory.env()).isEqualTo("prod");
        assertThat(memory.service()).as("no 'service' or 'job' label: the alertname").isEqualTo("High memory usage");
        assertThat(memory.check()).isEqualTo("c6eadffa33fcdf37");
        assertThat(memory.observedAt()).as("+02:00 read as UTC").isEqualTo(Instant.parse("2021-10-12T07:51:03.157076Z"));
        assertThat(memory.receivedAt()).isEqualTo(RECEIVED);
        assertThat(memory.alerting()).isTrue();
        assertThat(memory.summary()).isEqualTo("This alert was triggered for zone us-1");
        assertThat(memory.link()).isEqualTo("https://play.grafana.org/alerting/1afz29v7z/edit");
        assertThat(memory.labels()).isEqualTo(Map.of("alertname", "High memory usage", "team", "blue", "zone", "us-1"));

        Signal cpu = n.signals().get(1);
        assertThat(cpu.type()).isEqualTo(SignalType.FAILING);
        assertThat(cpu.service()).isEqualTo("High CPU usage");
        assertThat(cpu.check()).isEqualTo("bc97ff14869b13e3");
        assertThat(cpu.observedAt()).isEqualTo(Instant.parse("2021-10-12T07:56:03.157076Z"));
    }

    @Test
    void resolvedNotificationIsRecoveredAtEndsAt() {
        Normalization n = normalize(fixture("resolved.json"));

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("Test alert");
            assertThat(s.check()).isEqualTo("d8a21484c9c25a60");
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2022-06-17T00:51:24.067337833Z"));
            assertThat(s.alerting()).isTrue();
            assertThat(s.link()).isEqualTo("https://grafana.example.com/alerting/grafana/zTjxv_C7k/view");
        });
    }

    @Test
    void firingAndResolvedOfTheSameAlertShareTheCheck() {
        ObjectNode resolved = (ObjectNode) fixture("firing.json");
        ObjectNode alert = (ObjectNode) resolved.get("alerts").get(0);
        alert.put("status", "resolved");
        alert.put("endsAt", "2021-10-12T10:21:03.157076+02:00");

        Signal firing = normalize(fixture("firing.json")).signals().get(0);
        Signal recovered = normalize(resolved).signals().get(0);

        assertThat(recovered.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(recovered.check()).isEqualTo(firing.check());
        assertThat(recovered.observedAt()).isEqualTo(Instant.parse("2021-10-12T08:21:03.157076Z"));
    }

    @Test
    void envAndServiceComeFromLabelsWhenPresent() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        ObjectNode labels = (ObjectNode) body.get("alerts").get(0).get("labels");
        labels.put("service", "billing").put("environment", "staging");

        Signal s = normalize(body).signals().get(0);

        assertThat(s.service()).isEqualTo("billing");
        assertThat(s.env()).isEqualTo("staging");
    }

    @Test
    void aRetryGivesTheSameIds() {
        for (String name : new String[] {"firing.json", "resolved.json"}) {
            assertThat(normalize(fixture(name), RECEIVED.plusSeconds(120)).signals()).extracting(Signal::id)
                    .as(name).containsExactlyElementsOf(normalize(fixture(name)).signals().stream().map(Signal::id).toList());
        }
    }

    /** Grafana 8 to 10 installs still on legacy alerting send one rule per request, no 'alerts'. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // fixture                  | type      | service      | check                 | severity
        "legacy-alerting.json       | FAILING   | Test rule    | legacy-rule:Test rule | ",
        "legacy-ok.json             | RECOVERED | Test rule    | legacy-rule:Test rule | ",
        "legacy-no-data-v7.json     | FAILING   | No Data alert| legacy-rule:1/3       | ",
        "legacy-no-data-state.json  | FAILING   | checkout     | legacy-rule:1/3       | critical"})
    void readsLegacyAlertingNotifications(String file, SignalType type, String service, String check, String severity) {
        Normalization n = normalize(fixture(file));

        assertThat(n.isRejected()).as(n.rejectedReason()).isFalse();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(type);
            assertThat(s.service()).isEqualTo(service);
            assertThat(s.check()).isEqualTo(check);
            assertThat(s.severity()).isEqualTo(severity);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.observedAt()).as("the body has no time").isEqualTo(RECEIVED);
            assertThat(s.alerting()).isTrue();
        });
    }

    @Test
    void aLegacyFiringAndItsRecoveryShareTheCheckAndAPendingRuleIsIgnored() {
        assertThat(normalize(fixture("legacy-alerting.json")).signals().get(0).check())
                .isEqualTo(normalize(fixture("legacy-ok.json")).signals().get(0).check());
        Normalization pending = normalize(fixture("legacy-pending.json"));
        assertThat(pending.isRejected()).isFalse();
        assertThat(pending.ignoredReason()).contains("pending");
        ObjectNode noState = (ObjectNode) fixture("legacy-alerting.json");
        noState.remove("state");
        assertThat(normalize(noState).rejectedReason()).contains("'state'");
    }

    @Test
    void rejectsAnAlertWithoutStatus() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        ((ObjectNode) body.get("alerts").get(1)).remove("status");

        assertThat(normalize(body).rejectedReason()).isEqualTo("missing required field 'status' (alert 1)");
    }

    /** Grafana's alerts are read by Alertmanager's rules: the same words, the same heartbeats. */
    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(nullValues = "absent", textBlock = """
            severity, critical, High memory usage, critical
            severity, Warning,  High memory usage, warning
            priority, P4,       High memory usage, info
            level,    major,    High memory usage, error
            severity, none,     DeadMansSwitch,    absent
            """)
    void grafanaAlertsTakeTheSameSeverityWords(String label, String word, String alertname, String severity) {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        ObjectNode labels = (ObjectNode) body.get("alerts").get(0).get("labels");
        labels.put(label, word);
        labels.put("alertname", alertname);

        Signal s = normalize(body).signals().get(0);

        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.labels()).containsEntry("severity.raw", word);
    }

    @Test
    void aGrafanaAlertOfSeverityNoneIsLeftOutAndItsGroupKeepsTheOthers() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        ((ObjectNode) body.get("alerts").get(0).get("labels")).put("severity", "none");

        Normalization n = normalize(body);

        assertThat(n.ignoredReason()).isNull();
        assertThat(n.signals()).extracting(s -> s.labels().get("alertname")).containsExactly("High CPU usage");
    }
}

