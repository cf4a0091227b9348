package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.run.AllInOne;
import timelines.contracts.JsonSerde;
import timelines.contracts.Record;
import timelines.contracts.Signal;
import timelines.contracts.Topics;
import timelines.sink.alerts.AlertTargets;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.consume.TopicDrain;
import timelines.streams.CorrelationSettings;

/**
 * One delivery of every vendor source, posted over HTTP with a token to the running app, each a
 * published example from the ingest fixtures, ends up normalized on {@code signals.v1} (Jira on
 * {@code records.v1}).
 */
class WebhooksIT {
    static final String TOKEN = "webhooks-it";
    static final String PAGERDUTY_SECRET = "pd-webhook-secret";
    /** The fixtures of the ingest module's tests; Maven runs this test with the app module as its directory. */
    static final Path FIXTURES = Path.of("../ingest/src/test/resources/fixtures");

    @TempDir
    static Path dir;
    static AllInOne app;

    record Delivery(String source, String fixture, String contentType, Map<String, String> headers) {}

    static final List<Delivery> DELIVERIES = List.of(
            new Delivery("sentry", "sentry/event-alert.json", "application/json",
                    Map.of("Sentry-Hook-Resource", "event_alert")),
            new Delivery("alertmanager", "alertmanager/firing.json", "application/json", Map.of()),
            new Delivery("grafana", "grafana/firing.json", "application/json", Map.of()),
            new Delivery("uptime-kuma", "uptimekuma/v2-down.json", "application/json", Map.of()),
            new Delivery("uptimerobot", "uptimerobot/full-template-down.json", "application/json", Map.of()),
            new Delivery("pingdom", "pingdom/deployer-api-down.json", "application/json", Map.of()),
            new Delivery("cloudwatch", "cloudwatch/sns-alb-unhealthy-alarm.json", "text/plain; charset=UTF-8",
                    Map.of("x-amz-sns-message-type", "Notification")),
            new Delivery("pagerduty", "pagerduty/incident-triggered.json", "application/json", Map.of()),
            new Delivery("opsgenie", "opsgenie/create.json", "application/json", Map.of()),
            new Delivery("amqp", "amqp/spring-boot-channel-shutdown-406.log", "text/plain", Map.of()));

    @BeforeAll
    static void start() {
        app = AllInOne.start(new AllInOne.Settings(null, dir.resolve("data"), 0, "localhost", 0, dir.resolve("drafts"),
                1, null, "prod", Duration.ofSeconds(1), CorrelationSettings.defaults(), 
                new WebhookAuth(TOKEN, Map.of(), Map.of("pagerduty", PAGERDUTY_SECRET), false), null, false, AlertTargets.defaults()));
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyVendorsPublishedExampleBecomesASignal() throws Exception {
        for (Delivery d : DELIVERIES) {
            String body = Files.readString(FIXTURES.resolve(d.fixture()));
            Map<String, String> headers = new java.util.HashMap<>(d.headers());
            if (d.source().equals("pagerduty")) {
                headers.put("X-PagerDuty-Signature", "v1=" + WebhookAuth.hmacSha256Hex(PAGERDUTY_SECRET,
                        body.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            HttpResponse<String> r = Http.post(app.httpPort(), TOKEN, "/v1/webhooks/" + d.source(), d.contentType(),
                    body, headers);
            assertThat(r.statusCode()).as(d.source() + ": " + r.body()).isEqualTo(202);
            assertThat(r.body()).as(d.source()).contains("\"accepted\":");
        }
        HttpResponse<String> jira = Http.post(app.httpPort(), TOKEN, "/v1/webhooks/jira", "application/json",
                Files.readString(FIXTURES.resolve("jira/incident-created.json")), Map.of());
        assertThat(jira.statusCode()).isEqualTo(202);

        Set<String> expected = DELIVERIES.stream().map(Delivery::source).collect(Collectors.toSet());
        Set<String> seen = await().atMost(Duration.ofSeconds(30)).until(() -> TopicDrain.readAll(app.bootstrapServers(),
                        Topics.SIGNALS, JsonSerde.of(Signal.class), Map.of()).stream().map(x -> x.value())
                .filter(s -> !s.isTick()).map(Signal::source).collect(Collectors.toSet()), s -> s.containsAll(expected));
        assertThat(seen).containsAll(expected);
        List<Record> records = TopicDrain.readAll(app.bootstrapServers(), Topics.RECORDS, JsonSerde.of(Record.class),
                Map.of()).stream().map(x -> x.value()).toList();
        assertThat(records).anyMatch(r -> r.id().startsWith("TISNEW"));
    }

    @Test
    void aWrongTokenOrAForgedSignatureIsRefused() throws Exception {
        HttpResponse<String> token = Http.post(app.httpPort(), "nope", "/v1/webhooks/pingdom", "application/json",
                Files.readString(FIXTURES.resolve("pingdom/deployer-api-down.json")), Map.of());
        assertThat(token.statusCode()).isEqualTo(401);
        HttpResponse<String> forged = Http.post(app.httpPort(), TOKEN, "/v1/webhooks/pagerduty", "application/json",
                Files.readString(FIXTURES.resolve("pagerduty/incident-resolved.json")),
                Map.of("X-PagerDuty-Signature", "v1=" + "0".repeat(64)));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("bad signature");
    }

    @Test
    void aBodyThatIsNotTheVendorsShapeIs400AndKept() throws Exception {
        HttpResponse<String> r = Http.post(app.httpPort(), TOKEN, "/v1/webhooks/alertmanager", "application/json",
                "{\"receiver\":\"x\",\"status\":\"firing\"}", Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("missing required field");
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> TopicDrain.readAll(app.bootstrapServers(),
                Topics.SIGNALS_REJECTED, JsonSerde.of(timelines.contracts.RawDelivery.class), Map.of()).stream()
                .map(x -> x.value()).filter(d -> d.source().equals("alertmanager")).toList(), l -> !l.isEmpty()))
                .singleElement().satisfies(d -> assertThat(d.body().path("receiver").asText()).isEqualTo("x"));
    }

    /**
     * Issue 12: a body under the 1 MiB HTTP limit that grows past Kafka's 1 MiB once stored (each
     * control character of a log line is six bytes as JSON) was answered 503: its sender retried for
     * ever, and it was kept nowhere. Now it is a 413, kept cut on the rejected topic.
     */
    @Test
    void aBodyTooLargeForKafkaOnceStoredIs413AndKeptCut() throws Exception {
        String log = "2023-03-06 07:26:00.123 [error] <0.1.0> " + "\u0001".repeat(300_000);

        HttpResponse<String> r = Http.post(app.httpPort(), TOKEN, "/v1/webhooks/amqp", "text/plain", log, Map.of());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        assertThat(r.body()).contains("too large to keep on Kafka");
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> TopicDrain.readAll(app.bootstrapServers(),
                Topics.SIGNALS_REJECTED, JsonSerde.of(timelines.contracts.RawDelivery.class), Map.of()).stream()
                .map(x -> x.value()).filter(d -> d.source().equals("amqp")).toList(), l -> !l.isEmpty()))
                .singleElement().satisfies(d -> {
                    assertThat(d.reason()).startsWith("too large to keep on Kafka");
                    assertThat(d.body().asText()).startsWith("2023-03-06 07:26:00.123 [error]")
                            .contains("[truncated: ");
                });
    }
}
