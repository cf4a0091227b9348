package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.kafka.EmbeddedKafka;
import timelines.contracts.Json;

/**
 * The production shape for real: {@code timelines ingest}, {@code timelines streams} and
 * {@code timelines sink} as three processes of the packaged jar, against a broker the test
 * starts, configured by one YAML file with the token in the environment. Signals go in over
 * HTTP to ingest; the draft comes out of the sink; each process shows its own metrics and stops
 * cleanly on SIGTERM.
 */
class ComponentsIT {
    private static final String TOKEN = "components-it-token";
    private static final Pattern PORT = Pattern.compile("/metrics on port (\\d+)");
    private static final List<String> KINDS = List.of("ingest", "streams", "sink");

    @TempDir
    Path dir;

    private final Map<String, Process> processes = new LinkedHashMap<>();
    private final Map<String, Path> logs = new LinkedHashMap<>();

    /** Each process's output, printed when the test fails: it is the only trace of what went wrong there. */
    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            logs.forEach((kind, log) -> {
                System.err.println("---- timelines " + kind + " ----");
                try {
                    System.err.println(Files.readString(log));
                } catch (IOException e) {
                    System.err.println("(no output: " + e + ")");
                }
            });
        }
    };

    @AfterEach
    void killWhatIsLeft() throws InterruptedException {
        for (Process p : processes.values()) {
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void threeProcessesTurnSignalsPostedToIngestIntoADraftAndStopOnSigterm() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(dir.resolve("kafka"))) {
            Path config = writeConfig(kafka.bootstrapServers());
            for (String kind : KINDS) {
                start(kind, config);
            }
            Map<String, Integer> ports = new LinkedHashMap<>();
            for (String kind : KINDS) {
                ports.put(kind, await().atMost(Duration.ofSeconds(60)).until(() -> portOf(kind), p -> p != null));
            }
            for (String kind : KINDS) {
                int port = ports.get(kind);
                await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                        .until(() -> Http.get(port, "/readyz").statusCode() == 200);
                assertThat(Http.get(port, "/healthz").statusCode()).as(kind + " /healthz").isEqualTo(200);
            }

            // Wall-clock times, since the live ticks follow the wall clock: down 20 minutes ago, up 10 minutes ago.
            Instant down = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
            Instant up = down.plus(Duration.ofMinutes(10));
            String body = """
                    [{"type":"FAILING","source":"pingdom","service":"checkout","check":"pingdom-1","alerting":true,
                      "observedAt":"%s","summary":"Checkout is down"},
                     {"type":"RECOVERED","source":"pingdom","service":"checkout","check":"pingdom-1","alerting":true,
                      "observedAt":"%s","summary":"Checkout is up"}]""".formatted(down, up);
            HttpResponse<String> posted = Http.post(ports.get("ingest"), TOKEN, "/v1/signals", "application/json", body);
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            assertThat(Http.post(ports.get("ingest"), "wrong", "/v1/signals", "application/json", body).statusCode())
                    .isEqualTo(401);

            JsonNode draft = await().atMost(Duration.ofSeconds(60)).until(this::resolvedDraft, d -> d != null);
            assertThat(draft.path("services").toString()).contains("checkout");
            assertThat(draft.path("begin").asText()).isEqualTo(down.toString());
            assertThat(draft.path("end").asText()).isEqualTo(up.toString());
            assertThat(draft.path("timeToRecoverSeconds").asLong()).isEqualTo(600);
            assertThat(draft.path("detectedBy").path("source").asText()).isEqualTo("pingdom");

            assertThat(Http.get(ports.get("ingest"), "/metrics").body())
                    .contains("timelines_ingest_deliveries_total{outcome=\"accepted\",source=\"signals\"} 1.0")
                    .contains("timelines_ingest_auth_failures_total");
            assertThat(Http.get(ports.get("streams"), "/metrics").body())
                    .contains("timelines_time_to_detect_seconds_count{env=\"prod\",source=\"pingdom\"} 1")
                    .contains("timelines_time_to_recover_seconds_sum{env=\"prod\",source=\"pingdom\"} 600.0")
                    .as("streams was started with TIMELINES_METRICS_KAFKA_CLIENTS=true").contains("kafka_stream");
            for (String kind : KINDS) {
                String scrape = Http.get(ports.get(kind), "/metrics").body();
                Map<String, String> help = MetricsIT.help(scrape);
                // Kafka's own metrics (opted in on streams) carry Kafka's descriptions, a few of them blank.
                assertThat(MetricsIT.families(scrape)).as("%s's metrics", kind).isNotEmpty()
                        .filteredOn(f -> !f.startsWith("kafka_"))
                        .allSatisfy(f -> assertThat(help.get(f)).as("HELP of %s on %s", f, kind).isNotBlank());
                if (!kind.equals("streams")) {
                    assertThat(scrape).as("%s: Kafka's client metrics are off by default", kind).doesNotContain("kafka_");
                }
            }
            String sinkMetrics = await().atMost(Duration.ofSeconds(10))
                    .until(() -> Http.get(ports.get("sink"), "/metrics").body(), m -> m.contains("timelines_drafts_total"));
            assertThat(sinkMetrics).containsPattern("timelines_drafts_total\\{[^}]*} [1-9]");
            assertThat(Http.get(ports.get("sink"), "/incidents/" + draft.path("id").asText()).body())
                    .contains("Checkout is down");

            // SIGTERM to all three at once, as an orchestrator stopping the deployment does.
            processes.values().forEach(Process::destroy);
            for (String kind : KINDS) {
                Process p = processes.get(kind);
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("timelines %s stopped within 30 s", kind).isTrue();
                // 143 = 128 + SIGTERM: the JVM ends with it once the shutdown hook has closed everything.
                assertThat(p.exitValue()).as("timelines %s exit code", kind).isIn(0, 143);
                assertThat(Files.readString(logs.get(kind))).as("timelines %s output", kind)
                        .contains("timelines " + kind + ": stopping")
                        .doesNotContain("Exception");
            }
        }
    }

    private Path writeConfig(String bootstrap) throws IOException {
        Path config = dir.resolve("timelines.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrapServers: %s
                  partitions: 2
                ingest:
                  host: 127.0.0.1
                  port: 0
                  tickInterval: PT1S
                ops:
                  host: 127.0.0.1
                streams:
                  applicationId: timelines-components-it
                  stateDir: %s
                  port: 0
                sink:
                  out: %s
                  port: 0
                """.formatted(bootstrap, dir.resolve("streams-state"), dir.resolve("drafts")));
        return config;
    }

    private void start(String kind, Path config) throws IOException {
        Map<String, String> env = kind.equals("streams")
                ? Map.of("TIMELINES_TOKEN", TOKEN, "TIMELINES_METRICS_KAFKA_CLIENTS", "true")
                : Map.of("TIMELINES_TOKEN", TOKEN);
        Components.Started started = Components.start(dir, kind, config, kind, env);
        logs.put(kind, started.log());
        processes.put(kind, started.process());
    }

    /** The port a component printed it listens on (the config says 0: any free one), or null while it has not. */
    private Integer portOf(String kind) throws IOException {
        Process p = processes.get(kind);
        String out = Files.readString(logs.get(kind));
        assertThat(p.isAlive()).as("timelines %s is running; its output:%n%s", kind, out).isTrue();
        Matcher m = PORT.matcher(out);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** The resolved draft under the sink's {@code prod/}, or null while there is none. */
    private JsonNode resolvedDraft() throws IOException {
        Path prod = dir.resolve("drafts").resolve("prod");
        if (!Files.isDirectory(prod)) {
            return null;
        }
        try (Stream<Path> files = Files.list(prod)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".json")).toList()) {
                JsonNode d = Json.mapper().readTree(Files.readString(f, StandardCharsets.UTF_8));
                if ("RESOLVED".equals(d.path("status").asText())) {
                    return d;
                }
            }
        }
        return null;
    }
}
