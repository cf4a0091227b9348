package timelines.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import timelines.contracts.Heartbeats;
import timelines.contracts.Json;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.contracts.Topics;
import timelines.ingest.Fixtures;
import timelines.ingest.Sources;
import timelines.ingest.cloudwatch.SnsConfirmer;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.kafka.KafkaPublisher;
import timelines.ingest.slack.SlackSignature;

/**
 * Slack as it delivers: signed over the raw bytes, the URL verified by a challenge, retried with
 * the same event. Ingest's clock is fixed at the moment Slack signed, so the 5-minute window is the
 * test's to move.
 */
class IngestHttpSlackTest {
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String TOKEN = "t0ken";
    /** When Slack sent the message of message-channels.json (its event_time), a second after it was written. */
    static final Instant SENT = Instant.ofEpochSecond(1355517524);

    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Javalin server;
    private IngestHttp http;

    @BeforeEach
    void start() {
        KafkaPublisher publisher = new KafkaPublisher(kafka, Duration.ofSeconds(10));
        DeliveryProcessor processor = new DeliveryProcessor(
                Sources.normalizers("prod", Heartbeats.DEFAULT_NAMES, Set.of("C123ABC456")), publisher, meters);
        WebhookAuth auth = WebhookAuth.sharedToken(TOKEN).withSigningSecret("slack", SECRET);
        http = new IngestHttp(processor, Clock.fixed(SENT, ZoneOffset.UTC), auth, meters, new SnsConfirmer(false));
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            http.register(config);
        }).start();
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> post(byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/webhooks/slack?token=" + TOKEN))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The headers Slack sends with a body signed at {@code at}. */
    private static Map<String, String> signed(byte[] body, Instant at) {
        String ts = Long.toString(at.getEpochSecond());
        return Map.of("X-Slack-Request-Timestamp", ts, "X-Slack-Signature", SlackSignature.sign(SECRET, ts, body));
    }

    private static byte[] fixture(String name) {
        return Fixtures.text("slack/" + name).getBytes(StandardCharsets.UTF_8);
    }

    private List<ProducerRecord<String, byte[]>> sent(String topic) {
        return kafka.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    @Test
    void theUrlVerificationIsAnsweredWithItsChallengeAndKeptRaw() throws Exception {
        byte[] body = fixture("url-verification.json");

        HttpResponse<String> response = post(body, signed(body, SENT));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/plain"));
        assertThat(response.body()).isEqualTo("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
        assertThat(sent(Topics.SIGNALS_RAW)).hasSize(1);
        assertThat(sent(Topics.SIGNALS)).isEmpty();
        assertThat(http.deliveries().of("slack")).hasValueSatisfying(last -> {
            assertThat(last.result()).isEqualTo(LastDeliveries.Result.IGNORED);
            assertThat(last.status()).isEqualTo(200);
        });
    }

    @Test
    void aSignedMessageInTheSupportChannelIsAReportAndItsRetryHasTheSameId() throws Exception {
        byte[] body = fixture("message-channels.json");

        HttpResponse<String> first = post(body, signed(body, SENT));
        Map<String, String> retryHeaders = new java.util.HashMap<>(signed(body, SENT));
        retryHeaders.put("X-Slack-Retry-Num", "1");
        retryHeaders.put("X-Slack-Retry-Reason", "http_timeout");
        HttpResponse<String> retry = post(body, retryHeaders);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        JsonNode a = Json.mapper().readTree(first.body());
        JsonNode b = Json.mapper().readTree(retry.body());
        assertThat(a.path("accepted").asInt()).isEqualTo(1);
        assertThat(b.path("ids")).as("the topology drops the retry by its id").isEqualTo(a.path("ids"));
        Signal report = JsonSerde.of(Signal.class).deserialize(Topics.SIGNALS, sent(Topics.SIGNALS).get(0).value());
        assertThat(report.type()).isEqualTo(SignalType.REPORT);
        assertThat(report.summary()).isEqualTo("Live long and prospect.");
        RawDelivery kept = JsonSerde.of(RawDelivery.class).deserialize(Topics.SIGNALS_RAW,
                sent(Topics.SIGNALS_RAW).get(1).value());
        assertThat(kept.headers()).containsEntry("x-slack-retry-num", "1")
                .containsEntry("x-slack-retry-reason", "http_timeout")
                .containsEntry("x-slack-request-timestamp", Long.toString(SENT.getEpochSecond()))
                .as("a signature is never kept").doesNotContainKey("x-slack-signature");
    }

    @Test
    void refusalsSayWhyAndSendNothing() throws Exception {
        byte[] body = fixture("message-channels.json");
        // The same JSON with other whitespace: what a proxy that parses and writes it again would send.
        byte[] rewritten = Json.mapper().writeValueAsBytes(Json.mapper().readTree(body));

        Map<String, HttpResponse<String>> answers = Map.of(
                "stale", post(body, signed(body, SENT.minus(Duration.ofMinutes(6)))),
                "bad", post(body, Map.of("X-Slack-Request-Timestamp", Long.toString(SENT.getEpochSecond()),
                        "X-Slack-Signature", SlackSignature.sign("another secret", Long.toString(SENT.getEpochSecond()),
                                body))),
                "rewritten", post(rewritten, signed(body, SENT)),
                "unsigned", post(body, Map.of()));

        answers.values().forEach(r -> assertThat(r.statusCode()).isEqualTo(401));
        assertThat(answers.get("stale").body()).contains("more than 5 minutes");
        assertThat(answers.get("bad").body()).contains("bad signature");
        assertThat(answers.get("rewritten").body()).as("the signature is over the raw bytes").contains("bad signature");
        assertThat(answers.get("unsigned").body()).contains("not signed");
        assertThat(kafka.history()).isEmpty();
        assertThat(meters.counter("timelines_ingest_auth_failures_total", "source", "slack", "reason",
                "STALE_SIGNATURE").count()).isEqualTo(1.0);
        assertThat(http.deliveries().of("slack")).hasValueSatisfying(last -> {
            assertThat(last.result()).isEqualTo(LastDeliveries.Result.REJECTED);
            assertThat(last.count()).isEqualTo(4);
        });
    }

    @Test
    void theTokenIsStillNeeded() throws Exception {
        byte[] body = fixture("message-channels.json");
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/webhooks/slack"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();

        assertThat(client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
    }
}
