package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.run.AllInOne;
import timelines.contracts.Json;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.alerts.AlertTargets;
import timelines.streams.CorrelationSettings;

/**
 * Issue 12, problems 4 and 8: an out directory that cannot be written. {@code timelines run}
 * refuses one at startup; one that breaks while running makes {@code /readyz} say why, holds the
 * revisions and alerts it could not write, and writes them once it can again, without a restart.
 * (Tests run as root, which ignores permission bits: files where directories should be, and a
 * directory where {@code alerts.jsonl} should be, stop the writes instead.)
 */
class SinkRecoveryIT {
    static final String TOKEN = "sink-recovery-it";

    @TempDir
    Path dir;

    private AllInOne.Settings settings(Path out) {
        return new AllInOne.Settings(null, dir.resolve("data"), 0, "localhost", 0, out, 1, null, "prod",
                Duration.ofMillis(500), CorrelationSettings.defaults(), WebhookAuth.sharedToken(TOKEN), null, false,
                AlertTargets.defaults());
    }

    @Test
    void refusesToStartWithAnOutDirectoryItCannotWrite() throws Exception {
        Path file = Files.writeString(dir.resolve("drafts"), "a file, not a directory");

        assertThatThrownBy(() -> AllInOne.start(settings(file))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("sink.out: cannot write drafts to " + file.toAbsolutePath() + ": it is a file, not a directory");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void whatCouldNotBeWrittenIsWrittenOnceTheDiskIsBackAndReadinessSaysWhyMeanwhile() throws Exception {
        Path out = Files.createDirectories(dir.resolve("drafts"));
        Path prod = Files.writeString(out.resolve("prod"), "where the prod drafts should go");
        Path alerts = Files.createDirectories(out.resolve("alerts.jsonl"));
        try (AllInOne app = AllInOne.start(settings(out))) {
            int port = app.httpPort();
            // Failing for 20 minutes and recorded by nobody: a draft and an unrecorded-outage alert.
            Instant down = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
            String failing = """
                    {"type":"FAILING","source":"uptimerobot","service":"bulk-upload","check":"ur-1",
                     "observedAt":"%s","summary":"Bulk upload is DOWN"}""".formatted(down);
            assertThat(Http.post(port, TOKEN, "/v1/signals", "application/json", failing).statusCode()).isEqualTo(202);

            HttpResponse<String> notReady = await().atMost(Duration.ofSeconds(60))
                    .until(() -> Http.get(port, "/readyz"), r -> r.body().contains("cannot write to"));
            assertThat(notReady.statusCode()).isEqualTo(503);
            assertThat(Json.mapper().readTree(notReady.body()).path("reason").asText())
                    .startsWith("cannot write to " + out.toAbsolutePath() + ": ")
                    .contains("is committed until it is written");
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(port, "/metrics").body()
                    .contains("timelines_sink_held_partitions 2.0"));

            Files.delete(prod);
            Files.delete(alerts);

            // Retries back off to at most a minute; a few attempts have passed by now.
            await().atMost(Duration.ofSeconds(90)).until(() -> mdFiles(out.resolve("prod")) == 1
                    && Files.isRegularFile(out.resolve("alerts.jsonl")));
            await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(port, "/readyz").statusCode() == 200);
            List<String> lines = Files.readAllLines(out.resolve("alerts.jsonl"));
            assertThat(lines).hasSize(1);
            JsonNode alert = Json.mapper().readTree(lines.get(0));
            assertThat(alert.path("type").asText()).isEqualTo("RAISED");
            assertThat(alert.path("id").asText()).matches("[0-9a-f]{32}");
            await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(out.resolve("index.md"))
                    .contains("bulk-upload"));
        }
    }

    private static long mdFiles(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".md")).count();
        }
    }
}
