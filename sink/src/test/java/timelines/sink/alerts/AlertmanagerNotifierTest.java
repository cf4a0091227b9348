package timelines.sink.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Json;
import timelines.contracts.OwnAlerts;

class AlertmanagerNotifierTest {
    private final TestClock clock = new TestClock(Alerts.RAISED_AT.plusSeconds(3));
    private Receiver am;
    private AlertmanagerNotifier notifier;

    @BeforeEach
    void start() throws Exception {
        am = Receiver.start();
        notifier = new AlertmanagerNotifier(Alerts.FAST.withAlertmanager(am.uri("/")), HttpClient.newHttpClient(),
                new SimpleMeterRegistry(), clock);
    }

    @AfterEach
    void stop() {
        notifier.close();
        am.close();
    }

    private JsonNode deliver(Alert alert) throws Exception {
        assertThat(notifier.deliver(alert).get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryOutcome.DELIVERED);
        return lastBody();
    }

    private JsonNode resend(DeliveryOutcome expected) throws Exception {
        assertThat(notifier.resendFiring().get(10, TimeUnit.SECONDS)).isEqualTo(expected);
        return lastBody();
    }

    private JsonNode lastBody() throws Exception {
        Receiver.Request request = am.requests().get(am.requests().size() - 1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/api/v2/alerts");
        assertThat(request.contentType()).isEqualTo("application/json");
        return Json.mapper().readTree(request.body());
    }

    private static final TypeReference<Map<String, Object>> LABELS = new TypeReference<>() {};

    private static List<Map<String, Object>> labels(JsonNode alerts) {
        List<Map<String, Object>> out = new ArrayList<>();
        alerts.forEach(a -> out.add(Json.mapper().convertValue(a.get("labels"), LABELS)));
        return out;
    }

    @Test
    void raisedIsOnePostableAlertPerServiceStartingWhenRaisedAndEndingFourIntervalsAhead() throws Exception {
        JsonNode alerts = deliver(Alerts.raised());

        assertThat(alerts.isArray()).isTrue();
        assertThat(labels(alerts)).containsExactly(
                Map.of("alertname", "UnrecordedOutage", "env", "prod", "service", "generic-upload",
                        "incident_id", Alerts.ID, "severity", "critical"),
                Map.of("alertname", "UnrecordedOutage", "env", "prod", "service", "keycloak",
                        "incident_id", Alerts.ID, "severity", "critical"));
        JsonNode first = alerts.get(0);
        assertThat(first.get("startsAt").asText()).isEqualTo("2021-07-20T19:20:00Z");
        assertThat(first.get("endsAt").asText()).isEqualTo("2021-07-20T19:24:00Z");
        assertThat(first.get("generatorURL").asText())
                .isEqualTo("https://timelines.example/incidents/" + Alerts.ID);
        JsonNode annotations = first.get("annotations");
        assertThat(annotations.get("summary").asText())
                .isEqualTo("Unrecorded outage in prod for 15 min: generic-upload, keycloak");
        assertThat(annotations.get("description").asText())
                .contains("outage of generic-upload, keycloak in env prod since 2021-07-20 19:05:00 UTC")
                .contains("unrecorded for 15 min")
                .contains("Reason: no incident recorded within 15 min of BEGIN")
                .contains("Draft: https://timelines.example/incidents/" + Alerts.ID);
        assertThat(annotations.get("begin").asText()).isEqualTo("2021-07-20T19:05:00Z");
        assertThat(annotations.get("alert_id").asText()).isEqualTo(AlertId.of(Alerts.raised()));
        assertThat(notifier.firing()).containsExactly(Alerts.ID);
    }

    @Test
    void everySendOfAnAlertCarriesItsIdSoAReceiverCanDropARedelivery() throws Exception {
        JsonNode raised = deliver(Alerts.raised());
        JsonNode again = deliver(Alerts.raised());
        clock.advance(Duration.ofSeconds(60));
        JsonNode resent = resend(DeliveryOutcome.DELIVERED);
        JsonNode cleared = deliver(Alerts.cleared());

        String raisedId = AlertId.of(Alerts.raised());
        for (JsonNode batch : List.of(raised, again, resent)) {
            batch.forEach(a -> assertThat(a.get("annotations").get("alert_id").asText()).isEqualTo(raisedId));
        }
        cleared.forEach(a -> assertThat(a.get("annotations").get("alert_id").asText())
                .isEqualTo(AlertId.of(Alerts.cleared())).isNotEqualTo(raisedId));
        assertThat(labels(cleared)).isEqualTo(labels(raised));
    }

    @Test
    void clearedSendsTheSameLabelsEndingWhenItWasCleared() throws Exception {
        JsonNode raised = deliver(Alerts.raised());
        clock.set(Alerts.CLEARED_AT.plusSeconds(2));

        JsonNode cleared = deliver(Alerts.cleared());

        assertThat(labels(cleared)).isEqualTo(labels(raised));
        for (JsonNode a : cleared) {
            assertThat(a.get("startsAt").asText()).isEqualTo("2021-07-20T19:20:00Z");
            assertThat(a.get("endsAt").asText()).isEqualTo("2021-07-20T19:47:00Z");
            assertThat(a.get("annotations").get("summary").asText())
                    .isEqualTo("Outage in prod recorded after 42 min: generic-upload, keycloak");
        }
        assertThat(notifier.firing()).isEmpty();
    }

    @Test
    void clearedResolvesEveryServiceItWasRaisedForEvenIfTheIncidentChangedSince() throws Exception {
        deliver(Alerts.raised());
        Alert clearedWithFewer = new Alert(AlertType.CLEARED, Alerts.ID, "prod", List.of("generic-upload"),
                Alerts.CLEARED_AT, Alerts.BEGIN, "incident recorded");

        JsonNode cleared = deliver(clearedWithFewer);

        assertThat(labels(cleared)).extracting(l -> l.get("service")).containsExactly("generic-upload", "keycloak");
    }

    @Test
    void aStillRaisedAlertIsResentEveryIntervalWithItsEndMovingAheadUntilCleared() throws Exception {
        JsonNode first = deliver(Alerts.raised());

        clock.advance(Duration.ofSeconds(60));
        JsonNode second = resend(DeliveryOutcome.DELIVERED);
        clock.advance(Duration.ofSeconds(60));
        JsonNode third = resend(DeliveryOutcome.DELIVERED);

        assertThat(labels(second)).isEqualTo(labels(first));
        assertThat(second.get(0).get("startsAt").asText()).isEqualTo("2021-07-20T19:20:00Z");
        assertThat(second.get(0).get("endsAt").asText()).isEqualTo("2021-07-20T19:25:00Z");
        assertThat(third.get(0).get("endsAt").asText()).isEqualTo("2021-07-20T19:26:00Z");

        deliver(Alerts.cleared());
        int sent = am.requests().size();
        clock.advance(Duration.ofSeconds(60));
        assertThat(notifier.resendFiring().get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryOutcome.NOTHING_TO_SEND);
        assertThat(am.requests()).hasSize(sent);
    }

    @Test
    void oneResendCarriesEveryFiringIncident() throws Exception {
        deliver(Alerts.raised());
        deliver(Alerts.raised("a0b1", "prod", List.of("amazonmq"), "no incident recorded within 15 min of BEGIN"));

        JsonNode all = resend(DeliveryOutcome.DELIVERED);

        assertThat(labels(all)).extracting(l -> l.get("incident_id") + "/" + l.get("service"))
                .containsExactlyInAnyOrder(Alerts.ID + "/generic-upload", Alerts.ID + "/keycloak", "a0b1/amazonmq");
    }

    @Test
    void stopsResendingAnAlertNeverClearedAfterMaxFiring() throws Exception {
        deliver(Alerts.raised());

        clock.set(Alerts.RAISED_AT.plus(Duration.ofDays(7)).plusSeconds(1));

        assertThat(notifier.resendFiring().get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryOutcome.NOTHING_TO_SEND);
        assertThat(notifier.firing()).isEmpty();
    }

    @Test
    void aRestoredAlertIsNotSentButIsResentAndAForgottenOneIsNot() throws Exception {
        notifier.restore(Alerts.raised());
        notifier.restore(Alerts.raised("c2d3", "prod", List.of("deployer-api"), "r"));
        notifier.restore(new Alert(AlertType.CLEARED, "c2d3", "prod", List.of("deployer-api"),
                Alerts.CLEARED_AT, Alerts.BEGIN, "recorded"));
        notifier.forget(Set.of("nobody"));

        JsonNode resent = resend(DeliveryOutcome.DELIVERED);

        assertThat(am.requests()).hasSize(1);
        assertThat(labels(resent)).extracting(l -> l.get("incident_id")).containsOnly(Alerts.ID);

        notifier.forget(Set.of(Alerts.ID));
        assertThat(notifier.resendFiring().get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryOutcome.NOTHING_TO_SEND);
        assertThat(am.requests()).hasSize(1);
    }

    @Test
    void theSameAlertTwiceGivesByteIdenticalPayloadsWithinOneInterval() throws Exception {
        deliver(Alerts.raised());
        clock.advance(Duration.ofSeconds(30));
        deliver(Alerts.raised());

        assertThat(am.requests()).hasSize(2);
        assertThat(am.requests().get(1).body()).isEqualTo(am.requests().get(0).body());
    }

    @Test
    void firingUntilIsOnTheRaisedGridMoreThanThreeIntervalsAhead() {
        Duration minute = Duration.ofMinutes(1);
        Instant raised = Alerts.RAISED_AT;

        assertThat(AlertmanagerNotifier.firingUntil(raised, raised, minute)).isEqualTo(raised.plus(minute.multipliedBy(4)));
        assertThat(AlertmanagerNotifier.firingUntil(raised, raised.plusSeconds(59), minute))
                .isEqualTo(Instant.parse("2021-07-20T19:24:00Z"));
        assertThat(AlertmanagerNotifier.firingUntil(raised, raised.plusSeconds(60), minute))
                .isEqualTo(Instant.parse("2021-07-20T19:25:00Z"));
        // Raised by a stream time ahead of the wall clock: still after it was raised.
        assertThat(AlertmanagerNotifier.firingUntil(raised, raised.minusSeconds(600), minute))
                .isEqualTo(Instant.parse("2021-07-20T19:24:00Z"));
    }

    @Test
    void theEndpointIsAddedToTheBaseOnce() {
        assertThat(AlertmanagerNotifier.alertsEndpoint(URI.create("http://am:9093")))
                .isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
        assertThat(AlertmanagerNotifier.alertsEndpoint(URI.create("http://proxy/alertmanager/")))
                .isEqualTo(URI.create("http://proxy/alertmanager/api/v2/alerts"));
        assertThat(AlertmanagerNotifier.alertsEndpoint(URI.create("http://am:9093/api/v2/alerts")))
                .isEqualTo(URI.create("http://am:9093/api/v2/alerts"));
    }
    /** Routes match on severity ({@code severity="critical"} pages); the label is set, and set by the operator. */
    @Test
    void everyAlertCarriesTheConfiguredSeverityRaisedClearedAndSilent() throws Exception {
        notifier.close();
        notifier = new AlertmanagerNotifier(Alerts.FAST.withAlertmanager(am.uri("/")).withAlertSeverity("page"),
                HttpClient.newHttpClient(), new SimpleMeterRegistry(), clock);

        JsonNode raised = deliver(Alerts.raised());
        JsonNode cleared = deliver(Alerts.cleared());
        clock.set(Alerts.SILENT_AT.plusSeconds(3));
        JsonNode silent = deliver(Alerts.silent());

        for (JsonNode body : List.of(raised, cleared, silent)) {
            assertThat(labels(body)).isNotEmpty().allSatisfy(l -> assertThat(l).containsEntry("severity", "page"));
        }
        // Still the product's own alert when it comes back: the severity label changes nothing there.
        assertThat(OwnAlerts.isOwn(Map.of("alertname", "UnrecordedOutage", "incident_id", Alerts.ID,
                "severity", "page"))).isTrue();
    }

    @Test
    void silentIsAMonitoringSilentAlertNamingTheEnvAndTheHeartbeatNotAnUnrecordedOutage() throws Exception {
        clock.set(Alerts.SILENT_AT.plusSeconds(3));

        JsonNode alerts = deliver(Alerts.silent());

        assertThat(labels(alerts)).containsExactly(Map.of("alertname", "MonitoringSilent", "env", "prod",
                "heartbeat", "Watchdog", "heartbeat_source", "alertmanager", "incident_id", Alerts.SILENCE_ID,
                "severity", "critical"));
        // What ingest takes for the product's own alert when it comes back through Alertmanager: never evidence.
        assertThat(OwnAlerts.isOwn(labels(alerts).get(0).entrySet().stream().collect(
                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()))))).isTrue();
        JsonNode a = alerts.get(0);
        assertThat(a.get("startsAt").asText()).isEqualTo("2021-07-20T19:15:00Z");
        assertThat(a.get("endsAt").asText()).isEqualTo("2021-07-20T19:19:00Z");
        assertThat(a.has("generatorURL")).isFalse();
        JsonNode annotations = a.get("annotations");
        assertThat(annotations.get("summary").asText())
                .isEqualTo("Monitoring of prod silent for 15 min: heartbeat Watchdog from alertmanager stopped arriving");
        assertThat(annotations.get("description").asText())
                .startsWith("Heartbeat Watchdog from alertmanager last arrived 2021-07-20 19:00:00 UTC")
                .contains("the monitoring of env prod may be blind")
                .doesNotContain("outage", "Draft");
        assertThat(annotations.get("last_arrival").asText()).isEqualTo("2021-07-20T19:00:00Z");
        assertThat(annotations.get("alert_id").asText()).isEqualTo(AlertId.of(Alerts.silent()));
        assertThat(annotations.has("draft")).isFalse();
        assertThat(notifier.firing()).containsExactly(Alerts.SILENCE_ID);
    }

    @Test
    void everyAlertSentIsOneIngestKnowsAsTheProductsOwn() throws Exception {
        List<JsonNode> bodies = List.of(deliver(Alerts.raised()), deliver(Alerts.cleared()), deliver(Alerts.silent()),
                deliver(Alerts.back()));

        for (JsonNode body : bodies) {
            for (Map<String, Object> l : labels(body)) {
                Map<String, String> text = new java.util.TreeMap<>();
                l.forEach((k, v) -> text.put(k, String.valueOf(v)));
                assertThat(OwnAlerts.isOwn(text)).as(text.toString()).isTrue();
            }
        }
    }

    @Test
    void aSilenceIsResentWhileSilentAndItsClearedResolvesIt() throws Exception {
        clock.set(Alerts.SILENT_AT.plusSeconds(3));
        JsonNode silent = deliver(Alerts.silent());
        clock.advance(Duration.ofSeconds(60));
        JsonNode resent = resend(DeliveryOutcome.DELIVERED);
        clock.set(Alerts.BACK_AT.plusSeconds(2));

        JsonNode back = deliver(Alerts.back());

        assertThat(labels(resent)).isEqualTo(labels(silent));
        assertThat(labels(back)).isEqualTo(labels(silent));
        assertThat(back.get(0).get("startsAt").asText()).isEqualTo("2021-07-20T19:15:00Z");
        assertThat(back.get(0).get("endsAt").asText()).isEqualTo("2021-07-20T19:31:00Z");
        assertThat(back.get(0).get("annotations").get("summary").asText())
                .isEqualTo("Monitoring of prod back after 31 min silent: heartbeat Watchdog from alertmanager arrived again");
        assertThat(notifier.firing()).isEmpty();
        assertThat(notifier.resendFiring().get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryOutcome.NOTHING_TO_SEND);
    }

    @Test
    void oneResendCarriesFiringOutagesAndSilencesEachWordedForWhatItIs() throws Exception {
        deliver(Alerts.raised());
        deliver(Alerts.silent());

        JsonNode all = resend(DeliveryOutcome.DELIVERED);

        assertThat(labels(all)).extracting(l -> l.get("alertname"))
                .containsExactlyInAnyOrder("UnrecordedOutage", "UnrecordedOutage", "MonitoringSilent");
    }
}
