package timelines.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.Json;
import timelines.ingest.Sources;
import timelines.ingest.cloudwatch.SnsConfirmer;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.kafka.KafkaPublisher;

class SourcesPageTest {
    static final Instant SINCE = Instant.parse("2026-12-03T06:00:00Z");
    static final Instant AT = Instant.parse("2026-12-03T07:15:30Z");
    static final List<String> SOURCES = Sources.normalizers("prod").sources();
    static final String BASE = "https://timelines.example.com";

    private static SourcesPage.Row row(List<SourcesPage.Row> rows, String source) {
        return rows.stream().filter(r -> r.source().equals(source)).findFirst().orElseThrow();
    }

    @Test
    void everyRegisteredSourceIsListedWithTheUrlToPaste() {
        List<SourcesPage.Row> rows = SourcesPage.rows(SOURCES, WebhookAuth.sharedToken("x"), new LastDeliveries(), BASE);

        assertThat(rows).extracting(SourcesPage.Row::source).containsExactlyElementsOf(SOURCES).contains("slack");
        assertThat(row(rows, "slack").url()).isEqualTo(BASE + "/v1/webhooks/slack?token=<token>");
        assertThat(row(rows, "uptime-kuma").url()).isEqualTo(BASE + "/v1/webhooks/uptime-kuma?token=<token>");
        assertThat(row(rows, "signals").url()).isEqualTo(BASE + "/v1/signals?token=<token>");
        assertThat(row(rows, "records").url()).isEqualTo(BASE + "/v1/records?token=<token>");
        assertThat(row(rows, "probe").url()).as("ingest feeds its probes itself").isNull();
        assertThat(SourcesPage.rows(SOURCES, WebhookAuth.openToAll(), new LastDeliveries(), BASE))
                .as("no token to add when none is needed")
                .allSatisfy(r -> assertThat(r.url() == null || !r.url().contains("token")).isTrue());
    }

    static Stream<Arguments> auths() {
        return Stream.of(
                Arguments.of("shared token, Slack secret", WebhookAuth.sharedToken("x").withSigningSecret("slack", "s"),
                        "slack", "shared", "checked"),
                Arguments.of("shared token, no Slack secret", WebhookAuth.sharedToken("x"), "slack", "shared",
                        "not checked: no signing secret set (ingest.slack.signingSecret)"),
                Arguments.of("a per-source token, Sentry unsigned",
                        new WebhookAuth(null, Map.of("sentry", "y"), Map.of(), false), "sentry", "per source",
                        "not checked: no signing secret set (TIMELINES_SIGNING_SECRET_SENTRY)"),
                Arguments.of("a vendor that does not sign", WebhookAuth.sharedToken("x"), "pingdom", "shared", null),
                Arguments.of("no token for this source", new WebhookAuth(null, Map.of("sentry", "y"), Map.of(), false),
                        "pingdom", "none configured: every delivery is refused", null),
                Arguments.of("open to all", WebhookAuth.openToAll(), "pagerduty", "none needed (ingest.noAuth)",
                        "not checked: no signing secret set (TIMELINES_SIGNING_SECRET_PAGERDUTY)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("auths")
    void eachRowSaysWhetherATokenAndASignatureAreConfigured(String name, WebhookAuth auth, String source, String token,
            String signature) {
        SourcesPage.Row r = row(SourcesPage.rows(SOURCES, auth, new LastDeliveries(), BASE), source);

        assertThat(r.token()).isEqualTo(token);
        assertThat(r.signature()).isEqualTo(signature);
    }

    static Stream<Arguments> outcomes() {
        return Stream.of(
                Arguments.of(LastDeliveries.Result.ACCEPTED, 202, null, "accepted (202)</span> at 2026-12-03 07:15:30 UTC"),
                Arguments.of(LastDeliveries.Result.IGNORED, 200, "Slack url_verification handshake: its challenge is answered",
                        "ignored (200)</span> at 2026-12-03 07:15:30 UTC: Slack url_verification handshake"),
                Arguments.of(LastDeliveries.Result.REJECTED, 401, "wrong token",
                        "rejected (401)</span> at 2026-12-03 07:15:30 UTC: wrong token"),
                Arguments.of(LastDeliveries.Result.REJECTED, 400, "missing required field 'event_id'",
                        "rejected (400)</span> at 2026-12-03 07:15:30 UTC: missing required field &#39;event_id&#39;"),
                Arguments.of(LastDeliveries.Result.UNAVAILABLE, 503, "Kafka did not acknowledge the delivery",
                        "unavailable (503)</span> at 2026-12-03 07:15:30 UTC: Kafka did not acknowledge"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("outcomes")
    void theLastDeliveryShowsItsOutcomeWhenAndWhy(LastDeliveries.Result result, int status, String reason,
            String shown) throws Exception {
        LastDeliveries deliveries = new LastDeliveries();
        deliveries.record("slack", AT, result, status, reason);
        List<SourcesPage.Row> rows = SourcesPage.rows(SOURCES, WebhookAuth.sharedToken("x"), deliveries, BASE);

        String html = SourcesPage.html(rows, SINCE);
        String outcome = result.name().toLowerCase();
        assertThat(html).contains("<tr data-source=\"slack\">")
                .contains("data-outcome=\"" + outcome + "\">" + shown)
                .contains("(1 delivery since start)");
        assertThat(html.substring(html.indexOf("data-source=\"pingdom\""))).as("another source: nothing yet")
                .startsWith("data-source=\"pingdom\"").contains("none received since start");
        JsonNode json = Json.mapper().valueToTree(SourcesPage.json(rows, SINCE));
        JsonNode slack = Stream.of(json.path("sources")).flatMap(n -> java.util.stream.StreamSupport.stream(
                n.spliterator(), false)).filter(n -> n.path("source").asText().equals("slack")).findFirst().orElseThrow();
        assertThat(slack.path("lastDelivery").path("outcome").asText()).isEqualTo(outcome);
        assertThat(slack.path("lastDelivery").path("status").asInt()).isEqualTo(status);
        assertThat(slack.path("lastDelivery").path("at").asText()).isEqualTo("2026-12-03T07:15:30Z");
        assertThat(slack.path("lastDelivery").path("reason").isNull()).isEqualTo(reason == null);
        assertThat(json.path("since").asText()).isEqualTo("2026-12-03T06:00:00Z");
    }

    @Test
    void theLaterDeliveryIsKeptAndAllAreCounted() {
        LastDeliveries deliveries = new LastDeliveries();
        deliveries.record("slack", AT, LastDeliveries.Result.ACCEPTED, 202, null);
        deliveries.record("slack", AT.minusSeconds(5), LastDeliveries.Result.REJECTED, 401, "bad signature");

        assertThat(deliveries.of("slack")).hasValue(new LastDeliveries.Last(AT, LastDeliveries.Result.ACCEPTED, 202,
                null, 2));
    }

    @Test
    void payloadTextInAReasonIsEscaped() {
        LastDeliveries deliveries = new LastDeliveries();
        deliveries.record("signals", AT, LastDeliveries.Result.REJECTED, 400, "malformed JSON: <script>alert(1)</script>");

        String html = SourcesPage.html(SourcesPage.rows(SOURCES, WebhookAuth.sharedToken("x"), deliveries, BASE), SINCE);

        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void servedAsHtmlOrJsonWithTheUrlFromTheHostOrTheConfiguredPublicUrl() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        KafkaPublisher publisher = new KafkaPublisher(
                new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer()), Duration.ofSeconds(5));
        DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers("prod"), publisher, meters);
        WebhookAuth auth = WebhookAuth.sharedToken("secret-token-value").withSigningSecret("slack", "slack-secret-value");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (URI publicUrl : new URI[] {null, URI.create("https://timelines.example.com/")}) {
            IngestHttp http = new IngestHttp(processor, Clock.systemUTC(), auth, meters, new SnsConfirmer(false),
                    IngestHttp.BODY_DEADLINE, publicUrl);
            Javalin server = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.jetty.host = "127.0.0.1";
                config.jetty.port = 0;
                http.register(config);
            }).start();
            try {
                String base = "http://127.0.0.1:" + server.port();
                HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(base
                        + "/v1/webhooks/pingdom?token=wrong")).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(refused.statusCode()).isEqualTo(401);

                HttpResponse<String> html = client.send(HttpRequest.newBuilder(URI.create(base + "/sources"))
                        .header("Accept", "text/html,application/xhtml+xml,*/*").build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create(base + "/sources"))
                        .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());

                String expectedBase = publicUrl == null ? base : "https://timelines.example.com";
                assertThat(html.statusCode()).isEqualTo(200);
                assertThat(html.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("text/html"));
                assertThat(html.body()).contains(expectedBase + "/v1/webhooks/slack?token=&lt;token&gt;")
                        .contains("rejected (401)</span>").contains("wrong token")
                        .doesNotContain("secret-token-value").doesNotContain("slack-secret-value");
                JsonNode body = Json.mapper().readTree(json.body());
                assertThat(body.path("sources").size()).isEqualTo(SOURCES.size());
                assertThat(json.body()).contains(expectedBase + "/v1/webhooks/pingdom?token=<token>")
                        .doesNotContain("secret-token-value").doesNotContain("slack-secret-value");
            } finally {
                server.stop();
            }
        }
    }
}
