package timelines.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import timelines.contracts.Json;

/** {@code timelines post} against a stand-in ingest that records what it is sent and answers as told. */
class PostCommandTest {
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00.400Z");

    @TempDir
    Path dir;
    HttpServer server;
    final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    /** Answers to give, in order; 202 accepted once they are used up. */
    final Deque<Answer> answers = new ConcurrentLinkedDeque<>();
    final List<Duration> pauses = new ArrayList<>();
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    record Request(String path, Map<String, List<String>> headers, String body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        JsonNode json() throws Exception {
            return Json.mapper().readTree(body);
        }
    }

    record Answer(int status, String body, String retryAfter) {}

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new Request(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Answer a = answers.isEmpty() ? new Answer(202, "{\"accepted\":1,\"ids\":[\"x\"]}", null) : answers.poll();
            if (a.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", a.retryAfter());
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(a.status(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private int post(String... args) {
        PostCommand cmd = new PostCommand();
        cmd.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        cmd.pause = pauses::add;
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cli = new CommandLine(cmd);
        cli.setErr(new java.io.PrintWriter(err, true));
        return cli.execute(args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path capture(String... lines) throws Exception {
        Path f = dir.resolve("capture.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return f;
    }

    private static final String SIGNAL = "{\"receivedAt\":\"2016-09-05T09:29:04Z\",\"source\":\"signals\","
            + "\"headers\":{\"content-type\":\"application/json\"},\"body\":{\"type\":\"FAILING\",\"service\":\"api\","
            + "\"summary\":\"down\",\"observedAt\":\"2016-09-05T09:29:00Z\"}}";
    private static final String RECORD = "{\"receivedAt\":\"2016-09-05T09:31:20Z\",\"source\":\"records\",\"headers\":{},"
            + "\"body\":{\"id\":\"INC-1\",\"type\":\"INCIDENT\",\"openedAt\":\"2016-09-05T09:31:00Z\"}}";
    private static final String SENTRY = "{\"receivedAt\":\"2016-09-05T09:32:00Z\",\"source\":\"sentry\",\"headers\":"
            + "{\"content-type\":\"application/json\",\"sentry-hook-resource\":\"issue\",\"authorization\":\"Bearer old\","
            + "\"content-length\":\"99\"},\"body\":{\"action\":\"created\",\"data\":{\"issue\":{\"id\":\"1\","
            + "\"firstSeen\":\"2016-09-05T09:30:00.123000Z\",\"project\":{\"slug\":\"api\"}}}}}";
    private static final String AMQP = "{\"receivedAt\":\"2016-09-05T09:33:00Z\",\"source\":\"amqp\",\"headers\":"
            + "{\"content-type\":\"text/plain\"},\"body\":\"2016-09-05 09:32:59.727 ERROR 1 --- [main] o.s.a.r.c.C : "
            + "Channel shutdown: channel error; protocol method: #method<channel.close>(reply-code=406, reply-text=x)\\n\"}";

    @Test
    void postsEachDeliveryWhereItsSenderWouldHaveWithItsHeadersAndTheToken() throws Exception {
        Path f = capture(SIGNAL, RECORD, "", SENTRY, AMQP);

        assertThat(post("--input", f.toString(), "--url", url(), "--token", "t0k")).isZero();

        assertThat(requests).extracting(Request::path)
                .containsExactly("/v1/signals", "/v1/records", "/v1/webhooks/sentry", "/v1/webhooks/amqp");
        assertThat(requests).allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer t0k"));
        assertThat(requests.get(0).json()).isEqualTo(Json.mapper().readTree(SIGNAL).get("body"));
        assertThat(requests.get(1).header("Content-Type")).as("the default").isEqualTo("application/json");
        assertThat(requests.get(2).header("Sentry-Hook-Resource")).isEqualTo("issue");
        assertThat(requests.get(3).header("Content-Type")).isEqualTo("text/plain");
        assertThat(requests.get(3).body()).startsWith("2016-09-05 09:32:59.727 ERROR").endsWith(")\n");
        assertThat(out()).contains("1 signals -> 202", "5 amqp -> 202")
                .contains("post: 4 deliveries to " + url() + " (4 accepted, 0 ignored, 0 refused)");
        assertThat(err()).contains("4 deliveries are more than 7 days before now").contains("--shift-to-now");
    }

    @Test
    void aRefusedDeliveryIsCountedTheRestArePostedAndTheExitCodeSaysSo() throws Exception {
        answers.add(new Answer(400, "{\"error\":\"missing required field 'service'\"}", null));
        answers.add(new Answer(202, "{\"ignored\":\"not a state change\"}", null));
        Path f = capture(SIGNAL, RECORD, SENTRY, "not json");

        assertThat(post("--input", f.toString(), "--url", url())).isEqualTo(1);

        assertThat(requests).hasSize(3);
        assertThat(requests.get(0).header("Authorization")).isNull();
        assertThat(out()).contains("1 signals -> 400 {\"error\":\"missing required field 'service'\"}")
                .contains("4 ? -> not posted: not JSON")
                .contains("(1 accepted, 1 ignored, 2 refused)");
    }

    @Test
    void a503IsRetriedAfterItsRetryAfter() throws Exception {
        answers.add(new Answer(503, "{\"error\":\"Kafka did not acknowledge\"}", "10"));
        Path f = capture(SIGNAL, RECORD);

        assertThat(post("--input", f.toString(), "--url", url())).isZero();

        assertThat(pauses).containsExactly(Duration.ofSeconds(10));
        assertThat(requests).extracting(Request::path).containsExactly("/v1/signals", "/v1/signals", "/v1/records");
    }

    @Test
    void whenIngestStaysUnavailableItStopsThereAndSaysHowToResumeTheSameShift() throws Exception {
        answers.add(new Answer(202, "{\"accepted\":1}", null));
        for (int i = 0; i < 3; i++) {
            answers.add(new Answer(503, "{\"error\":\"Kafka did not acknowledge\"}", "10"));
        }
        Path f = capture(SIGNAL, RECORD, SENTRY);

        assertThat(post("--input", f.toString(), "--url", url(), "--shift-to-now", "--max-gap", "P1D")).isEqualTo(1);

        assertThat(requests).hasSize(4);
        assertThat(pauses).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(10));
        assertThat(err()).contains("stopped at line 2").contains("timelines post --input '" + f + "' --url " + url()
                + " --from-line 2 --shift-to 2026-05-01T12:00:00Z --max-gap PT24H");

        requests.clear();
        assertThat(post("--input", f.toString(), "--url", url(), "--from-line", "2", "--shift-to", "2026-05-01T12:00:00Z",
                "--max-gap", "PT24H")).isZero();
        assertThat(requests).extracting(Request::path).containsExactly("/v1/records", "/v1/webhooks/sentry");
        assertThat(requests.get(1).json().at("/data/issue/firstSeen").asText())
                .as("the same shift as the first attempt's").isEqualTo("2026-05-01T11:58:00.123000Z");
    }

    @Test
    void anUnreachableIngestStopsAtTheFirstDelivery() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path f = capture(SIGNAL, RECORD);

        assertThat(post("--input", f.toString(), "--url", "http://127.0.0.1:" + closed)).isEqualTo(1);

        assertThat(out()).contains("1 signals -> unreachable: ConnectException");
        assertThat(pauses).hasSize(2);
        assertThat(err()).contains("stopped at line 1").contains("--from-line 1");
    }

    @Test
    void theSampleShiftedToNowEndsNowWithEveryGapKept() throws Exception {
        assertThat(post("--sample", "--url", url(), "--shift-to-now")).isZero();

        assertThat(requests).hasSize(78);
        Instant last = Instant.parse(requests.get(requests.size() - 1).json().get("observedAt").asText());
        Instant first = Instant.parse(requests.get(0).json().get("observedAt").asText());
        // The sample's last delivery was received at 13:58:02 and observed at 13:58:00; now is 12:00:00.4.
        assertThat(last).isEqualTo(Instant.parse("2026-05-01T11:59:58Z"));
        assertThat(Duration.between(first, last)).isEqualTo(Duration.between(Instant.parse("2016-09-05T08:55:00Z"),
                Instant.parse("2023-03-06T13:58:00Z")));
        assertThat(err()).contains("every time moved by +").contains("so the last delivery lands at 2026-05-01T12:00:00Z")
                .contains("deliveries land more than 7 days before now").contains("--max-gap P1D");
    }

    @Test
    void theSampleWithItsGapsShortenedFitsInTheLastWeek() throws Exception {
        assertThat(post("--sample", "--url", url(), "--shift-to-now", "--max-gap", "P1D")).isZero();

        Instant first = Instant.parse(requests.get(0).json().get("observedAt").asText());
        assertThat(first).isAfter(NOW.minus(Duration.ofDays(5)));
        assertThat(err()).contains("4 runs of deliveries").doesNotContain("more than 7 days");
        assertThat(requests).allSatisfy(r -> {
            JsonNode b = r.json();
            // The project's own signals and records, and Alertmanager's alerts (the sample's warnings and heartbeat).
            JsonNode t = b.has("observedAt") ? b.get("observedAt") : b.has("openedAt") ? b.get("openedAt")
                    : b.path("alerts").path(0).path("startsAt");
            assertThat(Instant.parse(t.asText())).isBeforeOrEqualTo(NOW);
        });
    }

    @Test
    void wrongCombinationsAreRefusedBeforeAnythingIsPosted() throws Exception {
        Path f = capture(SIGNAL);
        assertThat(post("--input", f.toString(), "--url", url(), "--max-gap", "P1D")).isNotZero();
        assertThat(post("--input", f.toString(), "--url", url(), "--shift-to", "2026-05-02T00:00:00Z")).isNotZero();
        assertThat(post("--input", f.toString(), "--sample")).isNotZero();
        assertThat(post("--input", f.toString(), "--shift-to-now", "--shift-to", "2020-01-01T00:00:00Z")).isNotZero();
        assertThat(requests).isEmpty();
        assertThat(err()).contains("give --shift-to-now or --shift-to").contains("in the future");
    }
}
