package timelines.ingest.uptimerobot;

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
import org.junit.jupiter.params.provider.ValueSource;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class UptimeRobotNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2023-03-06T07:26:03Z");

    private final UptimeRobotNormalizer normalizer = new UptimeRobotNormalizer("prod");

    private static String fixture(String name) {
        return Fixtures.text("uptimerobot/" + name);
    }

    private static JsonNode json(String text) {
        return Fixtures.parse(text);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, UptimeRobotNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization normalize(String fixture) {
        return normalize(json(fixture(fixture)), RECEIVED);
    }

    @Test
    void readsADownAlertOfTheCamelCaseTemplateAsFailingAtReceipt() {
        Normalization n = normalize("zulip-monitor_down.json");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.source()).isEqualTo("uptimerobot");
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("ZUTesting");
            assertThat(s.check()).isEqualTo("784350743");
            assertThat(s.observedAt()).as("the template sends no time").isEqualTo(RECEIVED);
            assertThat(s.receivedAt()).isEqualTo(RECEIVED);
            assertThat(s.alerting()).isTrue();
            assertThat(s.summary()).isEqualTo("ZUTesting is DOWN (HTTP 502 - Bad Gateway)");
            assertThat(s.labels()).containsEntry("url", "http://7d398dfc.ngrok.io").containsEntry("timeFrom", "receipt");
        });
    }

    @Test
    void readsAnUpAlertAsRecoveredForTheSameCheck() {
        Normalization n = normalize("zulip-monitor_up.json");

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("ZUTesting");
            assertThat(s.check()).isEqualTo("784350743");
            assertThat(s.observedAt()).isEqualTo(RECEIVED);
            assertThat(s.alerting()).isTrue();
            assertThat(s.summary()).isEqualTo("ZUTesting is UP (HTTP 200 - OK); it was down for 1 minutes and 0 seconds");
        });
    }

    @Test
    void readsTheSnakeCaseTemplateTakingTheUrlAsCheckWhenItSendsNoMonitorId() {
        Normalization down = normalize("zulip-uptimerobot_monitor_down.json");
        Normalization up = normalize("zulip-uptimerobot_monitor_up.json");

        assertThat(down.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.service()).isEqualTo("Web Server");
            assertThat(s.check()).isEqualTo("server1.example.com");
            assertThat(s.observedAt()).isEqualTo(RECEIVED);
            assertThat(s.summary()).as("the unsubstituted *alertFriendlyDuration* is absent")
                    .isEqualTo("Web Server is DOWN (Host Is Unreachable)");
        });
        assertThat(up.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(s.service()).isEqualTo("Mail Server");
            assertThat(s.check()).isEqualTo("server2.example.com");
            assertThat(s.summary()).endsWith("it was down for 44 minutes and 37 seconds");
        });
    }

    @Test
    void takesTheTimeFromAlertDateTimeWhenTheTemplateSendsIt() {
        Signal down = normalize("full-template-down.json").signals().get(0);
        Signal up = normalize("full-template-up.json").signals().get(0);

        assertThat(down.type()).isEqualTo(SignalType.FAILING);
        assertThat(down.observedAt()).isEqualTo(Instant.parse("2023-03-06T07:26:00Z"));
        assertThat(down.service()).isEqualTo("TIS Generic Upload");
        assertThat(down.check()).isEqualTo("778899001");
        assertThat(down.labels()).doesNotContainKey("timeFrom");
        assertThat(up.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(up.observedAt()).isEqualTo(Instant.parse("2023-03-06T07:55:00Z"));
        assertThat(up.check()).isEqualTo(down.check());
    }

    @Test
    void givesTheSameIdWhenUptimeRobotRetriesATimedAlert() {
        JsonNode body = json(fixture("full-template-down.json"));

        String first = normalize(body, RECEIVED).signals().get(0).id();
        String retry = normalize(body, RECEIVED.plusSeconds(60)).signals().get(0).id();

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void givesTheSameIdWhenAnUntimedAlertIsReplayedWithItsReceipt() {
        JsonNode body = json(fixture("zulip-monitor_down.json"));

        assertThat(normalize(body, RECEIVED).signals().get(0).id())
                .isEqualTo(normalize(body, RECEIVED).signals().get(0).id());
    }

    @Test
    void ignoresATimeThatIsNotUnixSecondsAndUsesReceipt() {
        ObjectNode body = (ObjectNode) json(fixture("full-template-down.json"));
        body.put("alertDateTime", "2023-03-06 07:26");

        assertThat(normalize(body, RECEIVED).signals()).singleElement().extracting(Signal::observedAt).isEqualTo(RECEIVED);
    }

    @Test
    void readsTheFriendlyAlertTypeWhenTheTemplateOmitsTheNumber() {
        ObjectNode body = (ObjectNode) json(fixture("zulip-monitor_down.json"));
        body.remove("alertType");

        assertThat(normalize(body, RECEIVED).signals()).singleElement().extracting(Signal::type)
                .isEqualTo(SignalType.FAILING);
    }

    @Test
    void ignoresAlertTypesOtherThanDownAndUp() {
        ObjectNode body = (ObjectNode) json(fixture("zulip-monitor_down.json"));
        body.put("alertType", "3");
        body.put("alertTypeFriendlyName", "SSL Expiry");

        Normalization n = normalize(body, RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("alertType 3");
    }

    @Test
    void rejectsATemplateWhosePlaceholdersWereNeverSubstitutedNamingAlertType() {
        Normalization n = normalize("unsubstituted-template.json");

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("missing required field 'alertType'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"monitorFriendlyName"})
    void rejectsAnAlertWithoutTheMonitorName(String field) {
        ObjectNode body = (ObjectNode) json(fixture("zulip-monitor_down.json"));
        body.remove(field);

        assertThat(normalize(body, RECEIVED).rejectedReason()).contains("missing required field '" + field + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"down\"", "42"})
    void rejectsABodyThatIsNotAnObject(String body) {
        assertThat(normalize(json(body), RECEIVED).isRejected()).isTrue();
    }

    /** DESIGN 5a: a monitor that is down is critical, and its recovery is the same check's. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"full-template-down.json", "full-template-up.json", "zulip-monitor_down.json",
            "zulip-monitor_up.json", "zulip-uptimerobot_monitor_down.json", "zulip-uptimerobot_monitor_up.json"})
    void aMonitorIsCriticalDownAndUp(String fixture) {
        assertThat(normalize(fixture).signals()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.severity()).isEqualTo("critical");
            assertThat(s.labels()).doesNotContainKey("severity.raw");
        });
    }
}
