package timelines.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.contracts.Json;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Topics;
import timelines.ingest.Sources;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.kafka.KafkaPublisher;

/** What a body must be to be taken: one JSON document, within 1 MiB. */
class IngestHttpBodiesTest {
    static final String SIGNAL = "{\"type\":\"ERROR\",\"service\":\"api\",\"summary\":\"boom\"}";
    static final JsonSerde<RawDelivery> RAW = JsonSerde.of(RawDelivery.class);

    final MockProducer<String, byte[]> kafka =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Javalin server;

    @BeforeEach
    void start() {
        DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers("prod"),
                new KafkaPublisher(kafka, Duration.ofSeconds(5)), meters);
        IngestHttp http = new IngestHttp(processor, Clock.systemUTC(), WebhookAuth.openToAll(), meters);
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

    HttpResponse<String> post(String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    List<RawDelivery> rejected() {
        return kafka.history().stream().filter(r -> r.topic().equals(Topics.SIGNALS_REJECTED))
                .map(r -> RAW.deserialize(r.topic(), r.value())).toList();
    }

    static String error(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body()).path("error").asText();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {SIGNAL + "garbage", SIGNAL + " " + SIGNAL, SIGNAL + "]", "[" + SIGNAL + "],"})
    void anythingAfterTheFirstDocumentIs400AndKeptAsSent(String body) throws Exception {
        HttpResponse<String> response = post("/v1/signals", body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).startsWith("malformed JSON");
        assertThat(kafka.history()).extracting(ProducerRecord::topic).containsExactly(Topics.SIGNALS_REJECTED);
        assertThat(rejected()).singleElement().satisfies(d -> assertThat(d.body().asText()).isEqualTo(body));
    }

    @Test
    void trailingWhitespaceIsStillOneDocument() throws Exception {
        assertThat(post("/v1/signals", SIGNAL + " \n").statusCode()).isEqualTo(202);
    }

    @Test
    void anObservedAtThatIsAnArrayIs400NotTheReceipt() throws Exception {
        HttpResponse<String> response = post("/v1/signals",
                "{\"type\":\"ERROR\",\"service\":\"api\",\"summary\":\"boom\",\"observedAt\":[]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).contains("'observedAt'");
    }

    @Test
    void anEnvOf1e400Is400() throws Exception {
        HttpResponse<String> response = post("/v1/signals",
                "{\"type\":\"ERROR\",\"service\":\"api\",\"summary\":\"boom\",\"env\":1e400}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(error(response)).isEqualTo("field 'env' must be a string, was a number");
    }

    @Test
    void aBodyOver1MiBIs413AndKeptCutWithItsSize() throws Exception {
        String body = "[" + ("\"" + "x".repeat(1000) + "\",").repeat(1500) + "\"x\"]";

        HttpResponse<String> response = post("/v1/signals", body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(error(response)).startsWith("body over 1048576 bytes").contains(body.length() + " bytes");
        assertThat(rejected()).singleElement().satisfies(d -> {
            assertThat(d.body().asText()).startsWith("[\"xxx").contains("[truncated: a body of " + body.length()
                    + " bytes; the first " + IngestHttp.KEPT_OF_OVERSIZED + " characters are kept]");
            assertThat(d.body().asText().length()).isLessThan(IngestHttp.KEPT_OF_OVERSIZED + 200);
        });
    }
}
