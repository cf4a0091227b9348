package timelines.ingest.datadog;

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

class DatadogNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2026-01-05T10:10:00Z");

    private final DatadogNormalizer normalizer = new DatadogNormalizer("prod-default");

    private static JsonNode fixture(String name) {
        return Fixtures.json("datadog/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, DatadogNormalizer.SOURCE, Map.of(), body, null));
    }

    private Signal only(JsonNode body) {
        return Fixtures.onlySignal(normalize(body, RECEIVED));
    }

    /** Every published and documented-template delivery: what it becomes. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", delimiter = ';', textBlock = """
            codenow-triggered.json ; FAILING ; - ; 2015-11-25T07:12:10Z ; prod-default ; Dock is almost out of memory... ; 309811|host:i-3b93aafb
            codenow-recovered.json ; RECOVERED ; - ; 2015-11-25T07:11:17Z ; prod-default ; Dock is almost out of memory... ; 309811|host:i-3b93aafb
            template-triggered.json ; FAILING ; critical ; 2024-05-02T13:10:19Z ; prod ; checkout ; 4815162|service:checkout,env:prod
            template-warn.json ; FAILING ; warning ; 2024-05-02T13:05:19Z ; prod ; checkout ; 4815162|service:checkout,env:prod
            template-recovered.json ; RECOVERED ; critical ; 2024-05-02T13:25:19Z ; prod ; checkout ; 4815162|service:checkout,env:prod
            """)
    void everyFixtureBecomesItsSignal(String name, String type, String severity, String observedAt, String env,
            String service, String check) {
        Signal s = only(fixture(name));

        assertThat(s.source()).isEqualTo("datadog");
        assertThat(s.type().name()).isEqualTo(type);
        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.observedAt()).isEqualTo(Instant.parse(observedAt));
        assertThat(s.receivedAt()).isEqualTo(RECEIVED);
        assertThat(s.env()).isEqualTo(env);
        assertThat(s.service()).isEqualTo(service);
        assertThat(s.check()).isEqualTo(check);
        assertThat(s.alerting()).isTrue();
    }

    @ParameterizedTest(name = "{0} is ignored")
    @CsvSource(delimiter = '|', textBlock = """
            relay-default-payload-test-notification.json | test notification
            template-no-data.json                        | No Data
            """)
    void testNotificationsAndNoDataAreIgnored(String name, String reason) {
        Normalization n = normalize(fixture(name), RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains(reason);
    }

    @Test
    void theDefaultPayloadIsReadFromItsTitleAndBody() {
        // The default payload has no alert_transition or alert_id: the title's bracket and the body's monitor link.
        ObjectNode body = (ObjectNode) fixture("relay-default-payload-test-notification.json");
        body.put("title", "[P2] [Triggered] Host Cluster Alert");

        Signal s = only(body);

        assertThat(s.type().name()).isEqualTo("FAILING");
        assertThat(s.check()).isEqualTo("18692904");
        assertThat(s.service()).isEqualTo("Host Cluster Alert");
        assertThat(s.severity()).as("the title's [P2]").isEqualTo("error");
        assertThat(s.observedAt()).as("date, milliseconds as a string").isEqualTo(Instant.parse("2020-06-03T20:43:05Z"));
        assertThat(s.labels()).containsEntry("org", "Puppet").containsEntry("severity.raw", "P2");
    }

    @Test
    void aTriggerAndItsRecoveryPairOnOneCheck() {
        Signal triggered = only(fixture("codenow-triggered.json"));
        Signal recovered = only(fixture("codenow-recovered.json"));

        assertThat(recovered.check()).isEqualTo(triggered.check());
        assertThat(recovered.service()).isEqualTo(triggered.service());
        assertThat(recovered.id()).isNotEqualTo(triggered.id());
        assertThat(triggered.labels()).containsEntry("monitor_id", "309811").containsEntry("scope", "host:i-3b93aafb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"codenow-triggered.json", "codenow-recovered.json", "template-triggered.json",
            "template-warn.json", "template-recovered.json"})
    void aRetryGivesTheSameId(String name) {
        String first = normalize(fixture(name), RECEIVED).signals().get(0).id();
        String retry = normalize(fixture(name), RECEIVED.plusSeconds(45)).signals().get(0).id();

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void withoutATimeTheReceiptIsTheEventTime() {
        ObjectNode body = (ObjectNode) fixture("template-triggered.json");
        body.remove("date");
        body.remove("last_updated");
        assertThat(only(body).observedAt()).isEqualTo(RECEIVED);

        body.put("date_posix", "1714655419");
        assertThat(only(body).observedAt()).as("$DATE_POSIX in seconds").isEqualTo(Instant.parse("2024-05-02T13:10:19Z"));
    }

    /** DESIGN 5a: Datadog's monitor priority as Opsgenie's; Warn is a warning whatever the priority. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(nullValues = "absent", textBlock = """
            Triggered,    P1, critical
            Re-Triggered, P2, error
            Triggered,    P3, warning
            Triggered,    P4, info
            Triggered,    P5, info
            Warn,         P1, warning
            Re-Warn,      P5, warning
            Recovered,    P3, warning
            Triggered,    absent, absent
            """)
    void priorityIsTheSeverity(String transition, String priority, String severity) {
        ObjectNode body = (ObjectNode) fixture("template-triggered.json");
        body.put("alert_transition", transition);
        body.put("title", "Checkout latency is high");
        if (priority == null) {
            body.remove("alert_priority");
        } else {
            body.put("alert_priority", priority);
        }

        assertThat(only(body).severity()).isEqualTo(severity);
    }

    @Test
    void aRenotifyIsIgnored() {
        ObjectNode body = (ObjectNode) fixture("template-triggered.json");
        body.put("alert_transition", "Renotify");

        assertThat(normalize(body, RECEIVED).ignoredReason()).contains("Renotify");
    }

    @Test
    void rejectsABodyThatIsNotADatadogNotification() {
        Normalization n = normalize(Fixtures.parse("{\"text\":\"hello\"}"), RECEIVED);

        assertThat(n.rejectedReason()).contains("'alert_transition' or 'title'");
        assertThat(normalize(Fixtures.parse("[1,2]"), RECEIVED).isRejected()).isTrue();
    }

    @Test
    void rejectsAnUnsubstitutedDate() {
        ObjectNode body = (ObjectNode) fixture("template-triggered.json");
        body.put("date", "$DATE");

        assertThat(normalize(body, RECEIVED).rejectedReason()).contains("field 'date'").contains("epoch milliseconds");
    }
}
