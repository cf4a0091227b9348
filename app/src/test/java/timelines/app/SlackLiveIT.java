package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.run.AllInOne;
import timelines.contracts.Json;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.alerts.AlertTargets;
import timelines.streams.CorrelationSettings;

/**
 * {@code timelines run} wired for Slack: the signing secret and the support channel reach ingest,
 * the Request URL verifies, a signed message becomes a draft detected by it, and the sources page
 * (linked from the index) says what Slack last delivered.
 */
class SlackLiveIT {
    static final String TOKEN = "it-token";
    static final String SECRET = "it-slack-signing-secret";
    static final String SUPPORT = "C0SUPPORT1";

    @TempDir
    static Path dir;
    static AllInOne app;
    static int port;

    @BeforeAll
    static void start() {
        app = AllInOne.start(new AllInOne.Settings(null, dir.resolve("data"), 0, "localhost", 0, dir.resolve("drafts"),
                2, null, "prod", Duration.ofMillis(500), CorrelationSettings.defaults(),
                WebhookAuth.sharedToken(TOKEN).withSigningSecret("slack", SECRET), null, false, AlertTargets.defaults(),
                Set.of(SUPPORT), null));
        port = app.httpPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    /** Posted as Slack posts: the token in the Request URL, signed now. */
    private static HttpResponse<String> slack(String body) throws Exception {
        return SlackPost.signed("http://localhost:" + port + "/v1/webhooks/slack?token=" + TOKEN, SECRET, body);
    }

    @Test
    void aSignedReportInTheSupportChannelIsDetectedAndShownOnTheSourcesPage() throws Exception {
        // The URL verification Slack sends when the Request URL is saved (its documented example).
        HttpResponse<String> handshake = slack("""
                {"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",\
                "type":"url_verification"}""");
        assertThat(handshake.statusCode()).isEqualTo(200);
        assertThat(handshake.body()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");

        // Slack's message.channels example, written two minutes ago in the support channel (live: the wall clock).
        Instant written = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(2));
        String ts = written.getEpochSecond() + ".000200";
        HttpResponse<String> report = slack("""
                {"token":"one-long-verification-token","team_id":"T123ABC456","api_app_id":"A123ABC456",\
                "event":{"type":"message","channel":"%s","user":"U123ABC456",\
                "text":"Bulk uploads fail with Unknown Server Error","ts":"%s","event_ts":"%s","channel_type":"channel"},\
                "type":"event_callback","authed_teams":["T123ABC456"],"event_id":"Ev0LIVE0001","event_time":%d}"""
                .formatted(SUPPORT, ts, ts, written.getEpochSecond()));
        assertThat(report.statusCode()).isEqualTo(202);
        assertThat(Json.mapper().readTree(report.body()).path("accepted").asInt()).isEqualTo(1);

        JsonNode draft = await().atMost(Duration.ofSeconds(60)).until(() -> draft("slack:" + SUPPORT), d -> d != null);
        assertThat(draft.path("outage").asBoolean()).isTrue();
        assertThat(draft.path("detect").asText()).isEqualTo(written.plusNanos(200_000).toString());
        assertThat(draft.path("detectedBy").path("source").asText()).isEqualTo("slack");

        HttpResponse<String> sources = get("/sources", "application/json");
        JsonNode slack = StreamSupport.stream(Json.mapper().readTree(sources.body()).path("sources").spliterator(), false)
                .filter(s -> s.path("source").asText().equals("slack")).findFirst().orElseThrow();
        assertThat(slack.path("url").asText()).isEqualTo("http://localhost:" + port + "/v1/webhooks/slack?token=<token>");
        assertThat(slack.path("signature").asText()).isEqualTo("checked");
        assertThat(slack.path("lastDelivery").path("outcome").asText()).isEqualTo("accepted");
        assertThat(slack.path("lastDelivery").path("count").asInt()).isEqualTo(2);
        assertThat(sources.body()).doesNotContain(SECRET).doesNotContain(TOKEN);
        assertThat(get("/", "text/html").body()).contains("<a href=\"/sources\">Sources</a>");
    }

    private static HttpResponse<String> get(String path, String accept) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", accept).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode draft(String service) throws Exception {
        Path drafts = dir.resolve("drafts");
        if (!Files.isDirectory(drafts)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(drafts)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode d = Json.mapper().readTree(f.toFile());
                if (d.path("services").toString().contains(service) && d.hasNonNull("detect")) {
                    return d;
                }
            }
        }
        return null;
    }
}
