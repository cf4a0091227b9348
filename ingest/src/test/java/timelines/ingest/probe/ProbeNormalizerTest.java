package timelines.ingest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.contracts.Ids;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class ProbeNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2021-03-15T07:26:31Z");

    private final ProbeNormalizer normalizer = new ProbeNormalizer("prod");

    /** The ESR vhost going away, as the probe would have seen it (seed 002). */
    private static ObjectNode vhostFailing() {
        try {
            return (ObjectNode) Json.mapper().readTree("""
                    {"probe":"esr-vhost","kind":"amqp","service":"esr","env":"staging","state":"FAILING",
                     "at":"2021-03-15T07:26:00Z",
                     "reason":"amqp://mq.internal:5671/esr: connect: connection closed by the broker: reply-code=530, reply-text=NOT_ALLOWED - vhost esr not found; 2 failed checks in a row",
                     "alerting":false}
                    """);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Normalization normalize(ObjectNode body) {
        return normalizer.normalize(new RawDelivery(RECEIVED, ProbeNormalizer.SOURCE, Map.of(), body, null));
    }

    @Test
    void turnsAFailingTransitionIntoOneSignal() {
        Normalization n = normalize(vhostFailing());

        assertThat(n.isRejected()).isFalse();
        assertThat(n.records()).isEmpty();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.source()).isEqualTo("probe");
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.service()).isEqualTo("esr");
            assertThat(s.env()).isEqualTo("staging");
            assertThat(s.check()).isEqualTo("esr-vhost");
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2021-03-15T07:26:00Z"));
            assertThat(s.receivedAt()).isEqualTo(RECEIVED);
            assertThat(s.alerting()).isFalse();
            assertThat(s.summary()).contains("reply-code=530").contains("vhost esr not found");
            assertThat(s.labels()).containsEntry("kind", "amqp");
            assertThat(s.id()).isEqualTo(Ids.of("probe", "esr-vhost", "FAILING", "2021-03-15T07:26:00Z"));
        });
    }

    @Test
    void recoveryWithoutAReasonSaysTheProbeIsOk() {
        ObjectNode body = vhostFailing().put("state", "RECOVERED").put("at", "2021-03-15T14:40:00Z");
        body.remove("reason");

        Signal s = normalize(body).signals().get(0);

        assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(s.summary()).isEqualTo("esr-vhost ok");
        assertThat(s.check()).isEqualTo("esr-vhost");
        assertThat(s.id()).isEqualTo(Ids.of("probe", "esr-vhost", "RECOVERED", "2021-03-15T14:40:00Z"));
    }

    @Test
    void theSameTransitionAlwaysGetsTheSameIdSoARetryIsDeduplicated() {
        Signal first = normalize(vhostFailing()).signals().get(0);
        Signal retried = normalizer.normalize(new RawDelivery(RECEIVED.plusSeconds(30), "probe", Map.of(),
                vhostFailing(), null)).signals().get(0);

        assertThat(retried.id()).isEqualTo(first.id());
        assertThat(normalize(vhostFailing().put("at", "2021-03-15T07:27:00Z")).signals().get(0).id())
                .isNotEqualTo(first.id());
    }

    @Test
    void probesPageNobodyUnlessConfiguredTo() {
        ObjectNode quiet = vhostFailing();
        quiet.remove("alerting");

        assertThat(normalize(quiet).signals().get(0).alerting()).isFalse();
        assertThat(normalize(vhostFailing().put("alerting", true)).signals().get(0).alerting()).isTrue();
    }

    @Test
    void withoutAnEnvTheDefaultEnvApplies() {
        ObjectNode body = vhostFailing();
        body.remove("env");

        assertThat(normalize(body).signals().get(0).env()).isEqualTo("prod");
    }

    @ParameterizedTest
    @ValueSource(strings = {"probe", "kind", "service", "state", "at"})
    void rejectsABodyMissingARequiredField(String field) {
        ObjectNode body = vhostFailing();
        body.remove(field);

        Normalization n = normalize(body);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("'" + field + "'");
        assertThat(n.signals()).isEmpty();
    }

    @Test
    void rejectsAnUnknownStateAndABadTimeAndANonBooleanAlerting() {
        assertThat(normalize(vhostFailing().put("state", "DOWN")).rejectedReason())
                .contains("'state'").contains("FAILING or RECOVERED").contains("DOWN");
        assertThat(normalize(vhostFailing().put("at", "Monday morning")).rejectedReason())
                .contains("'at'").contains("ISO-8601");
        assertThat(normalize(vhostFailing().put("alerting", "yes")).rejectedReason()).contains("'alerting'");
    }

    @Test
    void rejectsABodyThatIsNotAnObject() {
        Normalization n = normalizer.normalize(new RawDelivery(RECEIVED, "probe", Map.of(),
                Json.mapper().createArrayNode(), null));

        assertThat(n.rejectedReason()).isEqualTo("expected a probe result object");
    }

    /** DESIGN 5a: a probe that fails is critical, and its recovery is the same check's. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FAILING", "RECOVERED"})
    void aProbeIsCriticalFailingAndRecovered(String state) {
        ObjectNode body = vhostFailing();
        body.put("state", state);

        assertThat(normalize(body).signals()).singleElement().satisfies(s -> {
            assertThat(s.type().name()).isEqualTo(state);
            assertThat(s.severity()).isEqualTo("critical");
        });
    }
}
