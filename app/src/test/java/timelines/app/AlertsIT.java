package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.run.AllInOne;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.alerts.AlertTargets;
import timelines.streams.CorrelationSettings;

/**
 * The unrecorded-outage story end to end: a failure posted over HTTP becomes a draft on disk and,
 * with nobody recording it, an alert delivered to a Slack-compatible webhook and to Alertmanager
 * (both real local HTTP servers); a record posted afterwards clears it at both.
 */
class AlertsIT {
    static final String TOKEN = "alerts-it";

    @TempDir
    Path dir;

    /** A local HTTP server that keeps every body it is sent. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<String> bodies = new CopyOnWriteArrayList<>();

        Receiver() throws Exception {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                bodies.add(ex.getRequestURI().getPath() + " " + new String(ex.getRequestBody().readAllBytes(),
                        StandardCharsets.UTF_8));
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            server.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @Test
    void anUnrecordedOutageIsDeliveredToSlackAndAlertmanagerAndClearedByARecord() throws Exception {
        try (Receiver slack = new Receiver(); Receiver alertmanager = new Receiver()) {
            AlertTargets targets = AlertTargets.defaults().withSlackWebhook(slack.uri("/hooks/T000/B000"))
                    .withAlertmanager(alertmanager.uri("")).withDraftLinkBase("http://timelines.test/incidents/{id}")
                    .withRetries(3, Duration.ofMillis(50), Duration.ofMillis(200));
            AllInOne app = AllInOne.start(new AllInOne.Settings(null, dir.resolve("data"), 0, "localhost", 0,
                    dir.resolve("drafts"), 1, null, "prod", Duration.ofMillis(500), CorrelationSettings.defaults(),
                    WebhookAuth.sharedToken(TOKEN), null, false, targets));
            try {
                Instant down = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
                String failing = """
                        {"type":"FAILING","source":"uptimerobot","service":"bulk-upload","check":"ur-1",
                         "observedAt":"%s","summary":"Bulk upload is DOWN"}""".formatted(down);
                assertThat(Http.post(app.httpPort(), TOKEN, "/v1/signals", "application/json", failing).statusCode())
                        .isEqualTo(202);

                await().atMost(Duration.ofSeconds(60)).until(() -> drafts(dir.resolve("drafts/prod")) > 0);
                await().atMost(Duration.ofSeconds(60)).until(() -> slack.bodies.size() >= 1
                        && alertmanager.bodies.size() >= 1);
                assertThat(slack.bodies.get(0)).startsWith("/hooks/T000/B000 ").contains("Unrecorded outage")
                        .contains("prod").contains("bulk-upload").contains("timelines.test/incidents/");
                assertThat(alertmanager.bodies.get(0)).startsWith("/api/v2/alerts ")
                        .contains("\"alertname\":\"UnrecordedOutage\"").contains("\"service\":\"bulk-upload\"")
                        .contains("\"env\":\"prod\"");

                String record = """
                        {"id":"INC-42","type":"INCIDENT","services":["bulk-upload"],"title":"Bulk upload down"}""";
                assertThat(Http.post(app.httpPort(), TOKEN, "/v1/records", "application/json", record).statusCode())
                        .isEqualTo(202);

                await().atMost(Duration.ofSeconds(60)).until(() -> slack.bodies.stream()
                        .anyMatch(b -> b.contains("Outage recorded")));
                await().atMost(Duration.ofSeconds(60)).until(() -> alertmanager.bodies.size() >= 2);
                String cleared = alertmanager.bodies.get(alertmanager.bodies.size() - 1);
                assertThat(cleared).contains("\"alertname\":\"UnrecordedOutage\"").contains("\"endsAt\"");
            } finally {
                app.close();
            }
        }
    }

    private static long drafts(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".md")).count();
        }
    }
}
