package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.run.AllInOne;
import timelines.contracts.Json;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.Signal;
import timelines.contracts.Topics;
import timelines.sink.alerts.AlertTargets;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.consume.TopicDrain;
import timelines.streams.CorrelationSettings;

/**
 * {@code timelines run} for real: embedded broker, HTTP ingest, topology and sink in one process.
 * Signals go in over HTTP; the draft comes out on disk.
 */
class AllInOneIT {
    @TempDir
    static Path dir;
    static final String TOKEN = "it-token";
    static AllInOne app;
    static int port;

    @BeforeAll
    static void start() {
        app = AllInOne.start(new AllInOne.Settings(null, dir.resolve("data"), 0, "localhost", 0, dir.resolve("drafts"),
                2, null, "prod", Duration.ofMillis(500), CorrelationSettings.defaults(), WebhookAuth.sharedToken(TOKEN),
                null, false, AlertTargets.defaults()));
        port = app.httpPort();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void signalsPostedOverHttpBecomeADraftOnDisk() throws Exception {
        // Wall-clock times, since the live ticks follow the wall clock: down 20 minutes ago, up 10 minutes ago.
        Instant down = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
        Instant up = down.plus(Duration.ofMinutes(10));
        String body = """
                [{"type":"FAILING","source":"pingdom","service":"checkout","check":"pingdom-1","alerting":true,
                  "observedAt":"%s","summary":"Checkout is down"},
                 {"type":"RECOVERED","source":"pingdom","service":"checkout","check":"pingdom-1","alerting":true,
                  "observedAt":"%s","summary":"Checkout is up"}]""".formatted(down, up);

        HttpResponse<String> response = Http.post(port, TOKEN, "/v1/signals", "application/json", body);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = Json.mapper().readTree(response.body());
        assertThat(answer.path("accepted").asInt()).isEqualTo(2);
        assertThat(answer.path("ids")).hasSize(2);

        JsonNode draft = await().atMost(Duration.ofSeconds(60)).until(() -> resolvedDraft("checkout"), d -> d != null);
        assertThat(draft.path("env").asText()).isEqualTo("prod");
        assertThat(draft.path("begin").asText()).isEqualTo(down.toString());
        assertThat(draft.path("end").asText()).isEqualTo(up.toString());
        assertThat(draft.path("timeToRecoverSeconds").asLong()).isEqualTo(600);
        assertThat(draft.path("detectedBy").path("source").asText()).isEqualTo("pingdom");
        Path markdown = Path.of(draft.path("_path").asText().replace(".json", ".md"));
        assertThat(markdown.getParent().getFileName()).hasToString("prod");
        assertThat(markdown.getFileName().toString()).matches("\\d{4}-\\d{2}-\\d{2}-checkout-[0-9a-f]{8}\\.md");
        // index.md is written after the batch, at most once a second.
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("drafts/index.md"))
                .contains("checkout"));
        assertThat(Http.get(port, "/").body()).contains("/incidents/" + draft.path("id").asText());
        String page = Http.get(port, "/incidents/" + draft.path("id").asText()).body();
        assertThat(page).contains("data-marker=\"BEGIN\"").contains("data-marker=\"END\"")
                .contains("data-service=\"checkout\"").contains("Checkout is down");
        assertThat(Http.get(port, "/incidents/nope").statusCode()).isEqualTo(404);
        assertThat(Files.readString(markdown)).contains("**OUTAGE BEGINS**").contains("**OUTAGE ENDS**")
                .contains("Checkout is down");

        String metrics = await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(port, "/metrics").body(),
                m -> m.contains("timelines_time_to_recover_seconds_count{env=\"prod\",source=\"pingdom\"} 1"));
        assertThat(metrics).contains("timelines_signals_total{source=\"pingdom\",type=\"FAILING\"} 1.0")
                .contains("timelines_time_to_detect_seconds_count{env=\"prod\",source=\"pingdom\"} 1")
                .contains("timelines_time_to_recover_seconds_sum{env=\"prod\",source=\"pingdom\"} 600.0")
                .contains("timelines_time_to_detect_seconds_bucket{env=\"prod\",source=\"pingdom\",le=\"86400.0\"} 1")
                .contains("timelines_unrecorded_outages_total{env=\"prod\"} 1.0")
                .contains("timelines_incidents_open{env=\"prod\"}")
                .doesNotContain("kafka_stream");
    }

    /**
     * Issue 12: a record dated 9999 was answered 202 and its Kafka timestamp moved its partition's
     * stream time to the year 9999, after which every signal of the env was dropped as beyond the
     * amend horizon, for good. Now its time is clamped to the receipt, and an outage after it is
     * still drafted. (An env of its own, so that the other tests' metrics stay theirs.)
     */
    @Test
    void aRecordDated9999DoesNotStopIncidentBuilding() throws Exception {
        HttpResponse<String> record = Http.post(port, TOKEN, "/v1/records", "application/json", """
                {"id":"INC-Y10K","type":"INCIDENT","env":"books","services":["ledger"],
                 "openedAt":"9999-12-31T23:59:59Z","title":"ledger down"}""");
        assertThat(record.statusCode()).isEqualTo(202);
        Instant latest = Clock.systemUTC().instant().plus(Duration.ofMinutes(5));
        assertThat(TopicDrain.readAll(app.bootstrapServers(), Topics.RECORDS, JsonSerde.of(Record.class), Map.of()))
                .filteredOn(r -> r.value().id().equals("INC-Y10K")).singleElement()
                .satisfies(r -> assertThat(r.timestamp()).isLessThanOrEqualTo(latest.toEpochMilli()));

        Instant down = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
        Instant up = down.plus(Duration.ofMinutes(10));
        HttpResponse<String> signals = Http.post(port, TOKEN, "/v1/signals", "application/json", """
                [{"type":"FAILING","source":"uptimerobot","env":"books","service":"ledger","check":"ur-7","alerting":true,
                  "observedAt":"%s","summary":"Ledger is down"},
                 {"type":"RECOVERED","source":"uptimerobot","env":"books","service":"ledger","check":"ur-7",
                  "alerting":true,"observedAt":"%s","summary":"Ledger is up"}]""".formatted(down, up));
        assertThat(signals.statusCode()).isEqualTo(202);

        JsonNode draft = await().atMost(Duration.ofSeconds(60)).until(() -> resolvedDraft("ledger"), d -> d != null);
        assertThat(draft.path("env").asText()).isEqualTo("books");
        assertThat(draft.path("begin").asText()).isEqualTo(down.toString());
        assertThat(draft.path("end").asText()).isEqualTo(up.toString());
    }

    @Test
    void aTimeBefore1970IsA400KeptOnTheRejectedTopic() throws Exception {
        HttpResponse<String> r = Http.post(port, TOKEN, "/v1/signals", "application/json", """
                {"type":"FAILING","service":"ledger","summary":"down","observedAt":"1969-12-31T23:59:59Z","env":"old"}""");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Retry-After")).isEmpty();
        assertThat(error(r)).contains("before 1970");
        assertThat(await().atMost(Duration.ofSeconds(30)).until(() -> TopicDrain.readAll(app.bootstrapServers(),
                Topics.SIGNALS_REJECTED, JsonSerde.of(RawDelivery.class), Map.of()).stream().map(x -> x.value())
                .filter(d -> d.reason().contains("before 1970")).toList(), l -> !l.isEmpty()))
                .singleElement().satisfies(d -> assertThat(d.body().path("env").asText()).isEqualTo("old"));
    }

    @Test
    void aDeliveryWithoutTheRightTokenIsRefused() throws Exception {
        String signal = "{\"type\":\"ERROR\",\"service\":\"api\",\"summary\":\"x\"}";
        assertThat(Http.post(port, null, "/v1/signals", "application/json", signal).statusCode()).isEqualTo(401);
        assertThat(Http.post(port, "wrong", "/v1/signals", "application/json", signal).statusCode()).isEqualTo(401);
        assertThat(Http.post(port, null, "/v1/signals?token=" + TOKEN, "application/json", signal).statusCode())
                .isEqualTo(202);
        assertThat(Http.get(port, "/metrics").body()).contains("timelines_ingest_auth_failures_total");
    }

    @Test
    void healthAndReadinessAnswer() throws Exception {
        assertThat(Http.get(port, "/healthz").statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> Http.get(port, "/readyz").statusCode() == 200);
    }

    @Test
    void badInputIsAnsweredAtOnceAndKeptOnTheRejectedTopic() throws Exception {
        HttpResponse<String> malformed = Http.post(port, TOKEN, "/v1/signals", "application/json", "{\"type\": \"FAILING\"");
        HttpResponse<String> missing = Http.post(port, TOKEN, "/v1/signals", "application/json",
                "{\"type\":\"ERROR\",\"summary\":\"boom\",\"env\":\"badinput\"}");
        HttpResponse<String> wrongType = Http.post(port, TOKEN, "/v1/signals", "text/plain",
                "{\"type\":\"ERROR\",\"service\":\"x\",\"summary\":\"y\",\"env\":\"badinput\"}");
        HttpResponse<String> tooLarge = Http.post(port, TOKEN, "/v1/signals", "application/json",
                "[" + "\"x\",".repeat(400_000) + "\"x\"]");
        HttpResponse<String> unknown = Http.post(port, TOKEN, "/v1/webhooks/nagios", "application/json", "{}");
        HttpResponse<String> tooDeep = Http.post(port, TOKEN, "/v1/signals", "application/json",
                "[".repeat(100) + "]".repeat(100));

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(error(malformed)).startsWith("malformed JSON");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(error(missing)).contains("'service'");
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(tooDeep.statusCode()).isEqualTo(400);
        assertThat(error(tooDeep)).startsWith("malformed JSON").contains("depth");
        assertThat(Json.mapper().readTree(unknown.body()).path("known").toString()).contains("signals", "records");

        List<RawDelivery> rejected = await().atMost(Duration.ofSeconds(30)).until(
                () -> TopicDrain.readAll(app.bootstrapServers(), Topics.SIGNALS_REJECTED, JsonSerde.of(RawDelivery.class),
                        Map.of()).stream().map(r -> r.value()).toList(),
                list -> list.size() >= 4);
        assertThat(rejected).extracting(RawDelivery::reason).anyMatch(r -> r.startsWith("malformed JSON"))
                .anyMatch(r -> r.contains("'service'")).anyMatch(r -> r.startsWith("content type"))
                .anyMatch(r -> r.startsWith("body over"));
        assertThat(rejected).filteredOn(r -> r.reason().contains("'service'")).first()
                .satisfies(r -> assertThat(r.body().path("summary").asText()).isEqualTo("boom"));
        List<Signal> signals = TopicDrain.readAll(app.bootstrapServers(), Topics.SIGNALS, JsonSerde.of(Signal.class),
                Map.of()).stream().map(r -> r.value()).toList();
        assertThat(signals).noneMatch(s -> "badinput".equals(s.env()));
    }

    private static String error(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body()).path("error").asText();
    }

    /** The resolved draft of a service, with its path in "_path", or null while there is none. */
    /**
     * DESIGN 5a and 8 live: a warning that came and went, nobody affected, is a warning incident
     * with its JSON and no postmortem, listed on the warnings tab and not on the outages tab.
     */
    @Test
    void aWarningPostedOverHttpIsAWarningIncidentWithoutAPostmortem() throws Exception {
        Instant from = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
        String body = """
                [{"type":"FAILING","source":"alertmanager","service":"batch-reports","check":"disk-1","alerting":true,
                  "severity":"warning","observedAt":"%s","summary":"Disk 85%% full"},
                 {"type":"RECOVERED","source":"alertmanager","service":"batch-reports","check":"disk-1","alerting":true,
                  "severity":"warning","observedAt":"%s","summary":"Disk 60%% full"}]""".formatted(from,
                from.plus(Duration.ofMinutes(10)));

        assertThat(Http.post(port, TOKEN, "/v1/signals", "application/json", body).statusCode()).isEqualTo(202);

        JsonNode draft = await().atMost(Duration.ofSeconds(60)).until(() -> resolvedDraft("batch-reports"),
                d -> d != null);
        assertThat(draft.path("outage").asBoolean()).isFalse();
        assertThat(draft.path("severity").asText()).isEqualTo("warning");
        assertThat(Path.of(draft.path("_path").asText().replace(".json", ".md"))).doesNotExist();
        String id = draft.path("id").asText();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("drafts/index.md"))
                .contains("batch-reports"));
        String index = Files.readString(dir.resolve("drafts/index.md"));
        assertThat(index.indexOf("batch-reports")).isGreaterThan(index.indexOf("## Warning incidents ("));
        assertThat(Http.get(port, "/?show=warnings").body()).contains("/incidents/" + id);
        assertThat(Http.get(port, "/?show=outages").body()).doesNotContain("/incidents/" + id);
        assertThat(Http.get(port, "/incidents/" + id).body()).contains("None: a warning incident gets no postmortem.");
    }

    private static JsonNode resolvedDraft(String service) throws Exception {
        Path drafts = dir.resolve("drafts");
        if (!Files.isDirectory(drafts)) {
            return null;
        }
        try (Stream<Path> files = Files.walk(drafts)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode d = Json.mapper().readTree(f.toFile());
                if (d.path("services").toString().contains(service) && "RESOLVED".equals(d.path("status").asText())) {
                    ((com.fasterxml.jackson.databind.node.ObjectNode) d).put("_path", f.toString());
                    return d;
                }
            }
        }
        return null;
    }
}
