package timelines.ingest.pingdom;

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

class PingdomNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2016-09-05T09:29:04Z");

    private final PingdomNormalizer normalizer = new PingdomNormalizer("prod");

    private static String fixture(String name) {
        return Fixtures.text("pingdom/" + name);
    }

    private static JsonNode json(String text) {
        return Fixtures.parse(text);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, PingdomNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization normalize(String fixture) {
        return normalize(json(fixture(fixture)), RECEIVED);
    }

    @Test
    void readsAnUpToDownChangeAsFailingAtTheStateChange() {
        Normalization n = normalize("zulip-http_up_to_down.json");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.source()).isEqualTo("pingdom");
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("Test check");
            assertThat(s.check()).isEqualTo("2048467");
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2016-03-14T07:10:34Z"));
            assertThat(s.receivedAt()).isEqualTo(RECEIVED);
            assertThat(s.alerting()).isTrue();
            assertThat(s.summary()).isEqualTo("Test check is DOWN (was UP): Non-recoverable failure in name resolution");
            assertThat(s.labels()).containsEntry("checkType", "HTTP").containsEntry("url", "http://someurl.com/")
                    .containsEntry("hostname", "someurl.com");
        });
    }

    @Test
    void readsADownToUpChangeAsRecovered() {
        Normalization n = normalize("zulip-imap_down_to_up.json");

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("IMAP check");
            assertThat(s.check()).isEqualTo("2051859");
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2016-03-15T19:33:00Z"));
            assertThat(s.alerting()).isTrue();
            assertThat(s.summary()).isEqualTo("IMAP check is UP (was DOWN)");
        });
    }

    @Test
    void readsPingdomsDocumentedExampleWithItsImportanceAsALabel() {
        Normalization n = normalize("docs-http-check-down.json");

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.service()).isEqualTo("Name of HTTP check");
            assertThat(s.check()).isEqualTo("12345");
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2016-01-01T01:01:01Z"));
            assertThat(s.severity()).as("a check that is down").isEqualTo("critical");
            assertThat(s.labels()).containsEntry("importance", "HIGH").doesNotContainKeys("url", "hostname", "tags");
        });
    }

    @Test
    void pairsTheFailingAndRecoveredOfTheDeployerApiOutage() {
        Signal down = normalize("deployer-api-down.json").signals().get(0);
        Signal up = normalize("deployer-api-up.json").signals().get(0);

        assertThat(down.type()).isEqualTo(SignalType.FAILING);
        assertThat(down.observedAt()).isEqualTo(Instant.parse("2016-09-05T09:29:00Z"));
        assertThat(up.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(up.observedAt()).isEqualTo(Instant.parse("2016-09-05T10:00:00Z"));
        assertThat(up.service()).isEqualTo(down.service()).isEqualTo("deployer-api");
        assertThat(up.check()).isEqualTo(down.check()).isEqualTo("2405810");
        assertThat(up.key()).isEqualTo(down.key()).isEqualTo("prod|deployer-api");
        assertThat(down.labels()).containsEntry("tags", "wonderland,prod");
        assertThat(up.id()).isNotEqualTo(down.id());
    }

    @Test
    void givesTheSameIdWhenPingdomRetriesTheDelivery() {
        JsonNode body = json(fixture("zulip-smtp_up_to_down.json"));

        String first = normalize(body, RECEIVED).signals().get(0).id();
        String retry = normalize(body, RECEIVED.plusSeconds(45)).signals().get(0).id();

        assertThat(retry).isEqualTo(first);
    }

    @ParameterizedTest
    @CsvSource({"FAILING, FAILING", "SUCCESS, RECOVERED", "DOWN, FAILING", "UP, RECOVERED"})
    void mapsUptimeAndTransactionCheckStates(String state, SignalType type) {
        ObjectNode body = (ObjectNode) json(fixture("zulip-http_up_to_down.json"));
        body.put("check_type", "TRANSACTION");
        body.put("current_state", state);

        assertThat(normalize(body, RECEIVED).signals()).singleElement().extracting(Signal::type).isEqualTo(type);
    }

    @Test
    void ignoresAStateThatIsNeitherFailingNorRecovered() {
        ObjectNode body = (ObjectNode) json(fixture("zulip-http_up_to_down.json"));
        body.put("current_state", "UNKNOWN");

        Normalization n = normalize(body, RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("UNKNOWN");
    }

    @Test
    void fallsBackToTheUtcTimeWithoutAZoneMarkerWhenTheTimestampIsMissing() {
        ObjectNode body = (ObjectNode) json(fixture("zulip-http_up_to_down.json"));
        body.remove("state_changed_timestamp");

        assertThat(normalize(body, RECEIVED).signals()).singleElement().extracting(Signal::observedAt)
                .isEqualTo(Instant.parse("2016-03-14T07:10:34Z"));
    }

    @Test
    void fallsBackToReceiptWhenThePayloadHasNoTime() {
        ObjectNode body = (ObjectNode) json(fixture("zulip-http_up_to_down.json"));
        body.remove("state_changed_timestamp");
        body.remove("state_changed_utc_time");

        assertThat(normalize(body, RECEIVED).signals()).singleElement().extracting(Signal::observedAt).isEqualTo(RECEIVED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"check_id", "check_name", "current_state"})
    void rejectsAChangeMissingARequiredField(String field) {
        ObjectNode body = (ObjectNode) json(fixture("zulip-http_up_to_down.json"));
        body.remove(field);

        Normalization n = normalize(body, RECEIVED);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.signals()).isEmpty();
        assertThat(n.rejectedReason()).contains("missing required field '" + field + "'");
    }

    @Test
    void rejectsATimestampThatIsNotUnixSeconds() {
        ObjectNode body = (ObjectNode) json(fixture("zulip-http_up_to_down.json"));
        body.put("state_changed_timestamp", "2016-03-14T07:10:34Z");

        assertThat(normalize(body, RECEIVED).rejectedReason()).contains("'state_changed_timestamp'").contains("unix seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"DOWN\"", "{\"heartbeat\":null}"})
    void rejectsABodyNotOfPingdomsShape(String body) {
        assertThat(normalize(json(body), RECEIVED).isRejected()).isTrue();
    }

    /** DESIGN 5a: a check that is down is critical, and its recovery is the same check's. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"deployer-api-down.json", "deployer-api-up.json", "docs-http-check-down.json",
            "zulip-http_up_to_down.json", "zulip-imap_down_to_up.json", "zulip-smtp_up_to_down.json"})
    void aCheckIsCriticalDownAndUp(String fixture) {
        assertThat(normalize(fixture).signals()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.severity()).isEqualTo("critical");
            assertThat(s.labels()).as("Pingdom says no severity word").doesNotContainKey("severity.raw");
        });
    }
}
