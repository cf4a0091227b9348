package timelines.sink.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import timelines.contracts.Alert;
import timelines.contracts.Json;

class SlackNotifierTest {
    private Receiver slack;
    private SlackNotifier notifier;

    @BeforeEach
    void start() throws Exception {
        slack = Receiver.start();
        notifier = new SlackNotifier(Alerts.FAST.withSlackWebhook(slack.uri("/services/T0/B0/xyz")),
                HttpClient.newHttpClient(), new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        notifier.close();
        slack.close();
    }

    private String deliveredText(Alert alert) throws Exception {
        assertThat(notifier.deliver(alert).get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryOutcome.DELIVERED);
        Receiver.Request request = slack.requests().get(slack.requests().size() - 1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/services/T0/B0/xyz");
        assertThat(request.contentType()).isEqualTo("application/json");
        JsonNode body = Json.mapper().readTree(request.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("text", "metadata");
        return body.get("text").asText();
    }

    @Test
    void raisedLeadsWithTheEnvAndSaysWhatIsDownSinceWhenForHowLongWhyAndWhereTheDraftIs() throws Exception {
        String text = deliveredText(Alerts.raised());

        assertThat(text.lines().findFirst().orElseThrow())
                .startsWith(":rotating_light: *[PROD] Unrecorded outage* in env `prod`")
                .endsWith("`generic-upload`, `keycloak`");
        assertThat(text).contains("Began *2021-07-20 19:05:00 UTC* and has gone unrecorded for *15 min*")
                .contains("Reason: no incident recorded within 15 min of BEGIN")
                .contains("Draft: <https://timelines.example/incidents/" + Alerts.ID + "|incident " + Alerts.ID + ">")
                .endsWith("Alert id: `" + AlertId.of(Alerts.raised()) + "`");
        assertThat(text.lines()).hasSize(5);
    }

    @Test
    void clearedSaysItWasRecordedAndAfterHowLong() throws Exception {
        String text = deliveredText(Alerts.cleared());

        assertThat(text.lines().findFirst().orElseThrow())
                .startsWith(":white_check_mark: *[PROD] Outage recorded* in env `prod`");
        assertThat(text).contains("Recorded *42 min* after it began (began 2021-07-20 19:05:00 UTC, "
                + "cleared 2021-07-20 19:47:00 UTC)")
                .contains("Reason: incident recorded at 2021-07-20T19:47:00Z")
                .doesNotContain("unrecorded for");
    }

    @Test
    void escapesSlackControlCharactersInEverythingFromPayloads() {
        Alert hostile = Alerts.raised("inc<1>", "prod&<eu>", List.of("api<!channel>", "a&b", "tick`s"),
                "<!here> see <https://evil.example|docs> & more\nforged line");

        String text = SlackNotifier.text(hostile, "https://timelines.example/incidents/{id}");

        assertThat(text).doesNotContain("<!channel>", "<!here>", "<https://evil", "more\nforged")
                .contains("`api&lt;!channel&gt;`", "`a&amp;b`", "`tick's`")
                .contains("in env `prod&amp;&lt;eu&gt;`")
                .contains("*[PROD&amp;&lt;EU&gt;] Unrecorded outage*")
                .contains("Reason: &lt;!here&gt; see &lt;https://evil.example|docs&gt; &amp; more forged line")
                .contains("<https://timelines.example/incidents/inc%3C1%3E|incident inc&lt;1&gt;>");
        // Five lines still: a line break in a payload cannot forge a sixth.
        assertThat(text.lines()).hasSize(5);
    }

    @Test
    void aDraftPathIsShownAsCodeAndWithoutABaseTheIncidentIdIsNamed() {
        assertThat(SlackNotifier.text(Alerts.raised(), "/srv/timelines/drafts/{id}.md"))
                .contains("\nDraft: `/srv/timelines/drafts/" + Alerts.ID + ".md`\n");
        assertThat(SlackNotifier.text(Alerts.raised(), "/srv/timelines/drafts"))
                .contains("\nDraft: `/srv/timelines/drafts/" + Alerts.ID + "`\n");
        assertThat(SlackNotifier.text(Alerts.raised(), null)).contains("\nDraft: incident `" + Alerts.ID + "`\n");
    }

    @Test
    void aRedeliveredAlertCarriesTheSameIdInItsTextAndMetadataAndTheClearedOneItsOwn() throws Exception {
        notifier.deliver(Alerts.raised()).get(10, TimeUnit.SECONDS);
        notifier.deliver(Alerts.raised()).get(10, TimeUnit.SECONDS);
        notifier.deliver(Alerts.cleared()).get(10, TimeUnit.SECONDS);

        List<JsonNode> bodies = slack.requests().stream().map(r -> {
            try {
                return Json.mapper().readTree(r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
        String raisedId = AlertId.of(Alerts.raised());
        for (JsonNode body : bodies.subList(0, 2)) {
            assertThat(body.at("/metadata/event_type").asText()).isEqualTo("timelines_unrecorded_outage");
            assertThat(body.at("/metadata/event_payload/alert_id").asText()).isEqualTo(raisedId);
            assertThat(body.at("/metadata/event_payload/incident_id").asText()).isEqualTo(Alerts.ID);
            assertThat(body.at("/metadata/event_payload/type").asText()).isEqualTo("RAISED");
            assertThat(body.get("text").asText()).contains("Alert id: `" + raisedId + "`");
        }
        assertThat(bodies.get(2).at("/metadata/event_payload/alert_id").asText())
                .isEqualTo(AlertId.of(Alerts.cleared())).isNotEqualTo(raisedId);
    }

    @Test
    void theSameAlertTwiceGivesByteIdenticalPayloads() throws Exception {
        notifier.deliver(Alerts.raised()).get(10, TimeUnit.SECONDS);
        notifier.deliver(Alerts.raised()).get(10, TimeUnit.SECONDS);

        assertThat(slack.requests()).hasSize(2);
        assertThat(slack.requests().get(1).body()).isEqualTo(slack.requests().get(0).body());
        assertThat(SlackNotifier.payload(Alerts.cleared(), null)).isNotEqualTo(slack.requests().get(0).body());
    }
    @Test
    void silentSaysTheMonitoringOfTheEnvMayBeBlindNamingTheHeartbeatNotAnOutage() throws Exception {
        String text = deliveredText(Alerts.silent());

        assertThat(text.lines().findFirst().orElseThrow())
                .isEqualTo(":mute: *[PROD] Monitoring silent* in env `prod`: heartbeat `Watchdog` from `alertmanager` "
                        + "stopped arriving");
        assertThat(text).contains("Last arrived *2021-07-20 19:00:00 UTC*, silent for *15 min* as of "
                        + "2021-07-20 19:15:00 UTC")
                .contains("the monitoring of this env may be blind")
                .contains("Reason: heartbeat Watchdog from alertmanager has not arrived since")
                .endsWith("Alert id: `" + AlertId.of(Alerts.silent()) + "`")
                .doesNotContain("Unrecorded outage", "outage", "Draft:", "unrecorded");
        assertThat(text.lines()).hasSize(4);
        JsonNode body = Json.mapper().readTree(slack.requests().get(0).body());
        assertThat(body.at("/metadata/event_type").asText()).isEqualTo("timelines_monitoring_silent");
        assertThat(body.at("/metadata/event_payload/silence_id").asText()).isEqualTo(Alerts.SILENCE_ID);
        assertThat(body.at("/metadata/event_payload/heartbeat").asText()).isEqualTo("Watchdog");
        assertThat(body.at("/metadata/event_payload/env").asText()).isEqualTo("prod");
        assertThat(body.at("/metadata/event_payload/type").asText()).isEqualTo("SILENT");
        assertThat(body.at("/metadata/event_payload").has("incident_id")).isFalse();
    }

    @Test
    void theClearedOfASilenceSaysTheMonitoringIsBackAndForHowLongItWasSilent() throws Exception {
        String text = deliveredText(Alerts.back());

        assertThat(text.lines().findFirst().orElseThrow())
                .isEqualTo(":white_check_mark: *[PROD] Monitoring back* in env `prod`: heartbeat `Watchdog` from "
                        + "`alertmanager` arrived again");
        assertThat(text).contains("It was silent for *31 min*, from 2021-07-20 19:00:00 UTC to 2021-07-20 19:31:00 UTC")
                .doesNotContain("Outage recorded", "outage");
        JsonNode body = Json.mapper().readTree(slack.requests().get(0).body());
        assertThat(body.at("/metadata/event_type").asText()).isEqualTo("timelines_monitoring_silent");
        assertThat(body.at("/metadata/event_payload/type").asText()).isEqualTo("CLEARED");
    }
}
