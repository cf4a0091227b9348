package timelines.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.contracts.Topics;
import timelines.ingest.Fixtures;
import timelines.ingest.Sources;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.kafka.KafkaPublisher;

/**
 * GitHub and GitLab over HTTP: GitHub's event header reaches its normalizer and is kept with the
 * raw delivery, its signature is checked with the configured secret and never kept; GitLab's
 * secret token header stands for the bearer token.
 */
class IngestHttpVendorHeadersTest {
    static final String GITHUB_SECRET = "github-webhook-secret";

    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Javalin server;

    @BeforeEach
    void start() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers("prod"),
                new KafkaPublisher(kafka, Duration.ofSeconds(10)), meters);
        WebhookAuth auth = new WebhookAuth("shared", Map.of(), Map.of("github", GITHUB_SECRET), false);
        IngestHttp http = new IngestHttp(processor, Clock.systemUTC(), auth, meters);
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

    private HttpResponse<String> post(String source, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                        + "/v1/webhooks/" + source))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private <T> T sent(String topic, Class<T> type) throws Exception {
        for (ProducerRecord<String, byte[]> r : kafka.history()) {
            if (r.topic().equals(topic)) {
                return Json.mapper().readValue(r.value(), type);
            }
        }
        throw new AssertionError("nothing sent to " + topic);
    }

    @Test
    void aSignedGitHubDeploymentIsAcceptedWithItsEventHeaderKeptAndItsSignatureNot() throws Exception {
        String body = Fixtures.text("github/deployment_status-payload.json");
        String signature = "sha256=" + WebhookAuth.hmacSha256Hex(GITHUB_SECRET, body.getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> answer = post("github", body, "Authorization", "Bearer shared",
                "X-GitHub-Event", "deployment_status", "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
                "X-Hub-Signature-256", signature);

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        RawDelivery raw = sent(Topics.SIGNALS_RAW, RawDelivery.class);
        assertThat(raw.headers()).containsEntry("x-github-event", "deployment_status")
                .containsKey("x-github-delivery").doesNotContainKey("x-hub-signature-256");
        Signal change = sent(Topics.SIGNALS, Signal.class);
        assertThat(change.type()).isEqualTo(SignalType.CHANGE);
        assertThat(change.source()).isEqualTo("github");
    }

    @Test
    void aGitHubDeliveryWithAWrongOrNoSignatureIsRefused() throws Exception {
        String body = Fixtures.text("github/deployment_status-payload.json");

        assertThat(post("github", body, "Authorization", "Bearer shared", "X-GitHub-Event", "deployment_status",
                "X-Hub-Signature-256", "sha256=" + "0".repeat(64)).statusCode()).isEqualTo(401);
        assertThat(post("github", body, "Authorization", "Bearer shared", "X-GitHub-Event", "deployment_status")
                .statusCode()).isEqualTo(401);
        assertThat(kafka.history()).noneMatch(r -> r.topic().equals(Topics.SIGNALS));
    }

    @Test
    void gitLabsSecretTokenHeaderIsTheToken() throws Exception {
        String body = Fixtures.text("gitlab/zulip-deployment_hook__succeeded.json");

        assertThat(post("gitlab", body, "X-Gitlab-Event", "Deployment Hook", "X-Gitlab-Token", "wrong").statusCode())
                .isEqualTo(401);
        HttpResponse<String> answer = post("gitlab", body, "X-Gitlab-Event", "Deployment Hook",
                "X-Gitlab-Token", "shared");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        assertThat(sent(Topics.SIGNALS_RAW, RawDelivery.class).headers()).containsEntry("x-gitlab-event", "Deployment Hook")
                .doesNotContainKey("x-gitlab-token");
        assertThat(sent(Topics.SIGNALS, Signal.class).type()).isEqualTo(SignalType.CHANGE);
    }
}
