package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
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
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
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
 * The tools a team already has, end to end through {@code timelines run}, with no glue but a
 * catalog: a GitHub deployment and then a Datadog monitor alert on the same service give an
 * outage whose trigger candidate is the deployment; errors no person was told of, then a
 * message in the support channel, give an outage that the Slack message detected.
 *
 * <p>Bodies are the ingest fixtures (GitHub's published {@code deployment_status} example, a
 * Datadog webhook of the documented template, Slack's {@code message.channels} example), moved
 * to the last hour because a live run works on the wall clock.
 */
class ToolsEndToEndIT {
    static final String TOKEN = "e2e-token";
    static final String SECRET = "e2e-slack-signing-secret";
    static final String SUPPORT = "C0SUPPORT1";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static AllInOne app;
    static int port;
    static final Instant NOW = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);

    @BeforeAll
    static void start() throws Exception {
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), """
                defaults: { env: prod }
                rules:
                  # GitHub names a repository and its environment, not a service.
                  - match: { source: github, labels.repository: "Codertocat/Hello-World" }
                    set: { service: checkout }
                  - match: { env: production }
                    set: { env: prod }
                  # What the support channel says, mapped to the service it is about.
                  - match: { source: slack, summary: "(?i)bulk upload" }
                    set: { service: generic-upload }
                """);
        app = AllInOne.start(new AllInOne.Settings(null, dir.resolve("data"), 0, "localhost", 0, dir.resolve("drafts"),
                2, catalog, "prod", Duration.ofMillis(500), CorrelationSettings.defaults(),
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

    @Test
    void aDeploymentThenAMonitorAlertAndErrorsThenASupportMessageAreTwoOutagesWithTheirTriggerAndDetection()
            throws Exception {
        // Story 1, posted first because it is the older: errors of the bulk upload that tell no person
        // (a log shipper's), then a user says so in the support channel.
        Instant firstError = NOW.minus(Duration.ofMinutes(40));
        for (int i = 0; i < 4; i++) {
            assertThat(post("/v1/signals", """
                    {"type":"ERROR","service":"generic-upload","env":"prod","alerting":false,
                     "summary":"Unknown Server Error on bulk upload","observedAt":"%s"}"""
                    .formatted(firstError.plus(Duration.ofMinutes(2L * i))), Map.of()).statusCode()).isEqualTo(202);
        }
        Instant reported = NOW.minus(Duration.ofMinutes(30));
        String ts = reported.getEpochSecond() + ".000200";
        HttpResponse<String> report = slack("""
                {"token":"one-long-verification-token","team_id":"T123ABC456","api_app_id":"A123ABC456",\
                "event":{"type":"message","channel":"%s","user":"U123ABC456",\
                "text":"Bulk upload fails with Unknown Server Error for us since this morning","ts":"%s",\
                "event_ts":"%s","channel_type":"channel"},\
                "type":"event_callback","authed_teams":["T123ABC456"],"event_id":"Ev0E2E00001","event_time":%d}"""
                .formatted(SUPPORT, ts, ts, reported.getEpochSecond()));
        assertThat(report.statusCode()).isEqualTo(202);

        // Story 2: GitHub's deployment_status example (Codertocat/Hello-World to production, success) ...
        Instant deployed = NOW.minus(Duration.ofMinutes(15));
        ObjectNode deployment = fixture("github/deployment_status-payload.json");
        ((ObjectNode) deployment.path("deployment_status")).put("created_at", deployed.toString())
                .put("updated_at", deployed.toString());
        assertThat(post("/v1/webhooks/github", deployment.toString(), Map.of("X-GitHub-Event", "deployment_status",
                "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")).statusCode()).isEqualTo(202);
        // ... and five minutes later a Datadog monitor on the same service triggers.
        Instant alerted = NOW.minus(Duration.ofMinutes(10));
        ObjectNode monitor = fixture("datadog/template-triggered.json");
        monitor.put("date", Long.toString(alerted.toEpochMilli())).put("last_updated",
                Long.toString(alerted.toEpochMilli()));
        assertThat(post("/v1/webhooks/datadog", monitor.toString(), Map.of()).statusCode()).isEqualTo(202);

        JsonNode checkout = await().atMost(Duration.ofSeconds(60)).until(() -> draft("checkout"), d -> d != null);
        assertThat(checkout.path("outage").asBoolean()).isTrue();
        assertThat(checkout.path("begin").asText()).isEqualTo(alerted.toString());
        assertThat(checkout.path("detectedBy").path("source").asText()).isEqualTo("datadog");
        assertThat(checkout.path("triggerCandidates")).as("the deployment before the alert").hasSize(1);
        JsonNode trigger = checkout.path("triggerCandidates").get(0);
        assertThat(trigger.path("at").asText()).isEqualTo(deployed.toString());
        assertThat(trigger.path("service").asText()).isEqualTo("checkout");

        JsonNode upload = await().atMost(Duration.ofSeconds(60)).until(() -> draft("generic-upload"), d -> d != null);
        assertThat(upload.path("outage").asBoolean()).isTrue();
        assertThat(upload.path("begin").asText()).isEqualTo(firstError.toString());
        assertThat(upload.path("detect").asText()).as("the support message").isEqualTo(
                reported.plusNanos(200_000).toString());
        assertThat(upload.path("detectedBy").path("source").asText()).isEqualTo("slack");
        assertThat(upload.path("triggerCandidates")).as("no deployment of this service").isEmpty();
    }

    private static ObjectNode fixture(String name) throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("../ingest/src/test/resources/fixtures", name))) {
            return (ObjectNode) Json.mapper().readTree(in);
        }
    }

    private static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN);
        headers.forEach(b::header);
        return HTTP.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posted as Slack posts: the token in the Request URL, signed now. */
    private static HttpResponse<String> slack(String body) throws Exception {
        return SlackPost.signed("http://localhost:" + port + "/v1/webhooks/slack?token=" + TOKEN, SECRET, body);
    }

    /** The newest draft of an outage of {@code service} once it has a DETECT marker, or null. */
    private static JsonNode draft(String service) throws Exception {
        Path drafts = dir.resolve("drafts");
        if (!Files.isDirectory(drafts)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(drafts)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode d = Json.mapper().readTree(f.toFile());
                if (d.path("services").toString().contains("\"" + service + "\"") && d.hasNonNull("detect")) {
                    return d;
                }
            }
        }
        return null;
    }
}
