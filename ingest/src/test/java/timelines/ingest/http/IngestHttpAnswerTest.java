package timelines.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import timelines.contracts.Json;
import timelines.contracts.Topics;
import timelines.ingest.Sources;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.kafka.KafkaPublisher;

/**
 * The answer waits for Kafka's ack without holding a server thread, and still says 202 only after
 * the ack, 503 on a failed send or once the ack timeout has passed.
 */
class IngestHttpAnswerTest {
    static final String SIGNAL = "{\"type\":\"ERROR\",\"service\":\"api\",\"summary\":\"boom\"}";
    /** Few enough that a thread held per waiting request would run out long before the requests. */
    static final int SERVER_THREADS = 12;

    private final MockProducer<String, byte[]> kafka =
            new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private Javalin server;

    private void start(Duration ackTimeout) {
        KafkaPublisher publisher = new KafkaPublisher(kafka, ackTimeout);
        DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers("prod"), publisher, meters);
        IngestHttp http = new IngestHttp(processor, Clock.systemUTC(), WebhookAuth.openToAll(), meters);
        server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            config.jetty.threadPool = new QueuedThreadPool(SERVER_THREADS, 2);
            http.register(config);
        }).start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private CompletableFuture<HttpResponse<String>> post(String contentType, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/signals"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    private List<String> topicsSent() {
        return kafka.history().stream().map(ProducerRecord::topic).toList();
    }

    private double deliveries(String outcome) {
        return meters.counter("timelines_ingest_deliveries_total", "source", "signals", "outcome", outcome).count();
    }

    @Test
    void answers202OnlyOnceKafkaAcknowledgedTheRawDeliveryAndTheSignal() throws Exception {
        start(Duration.ofSeconds(10));

        CompletableFuture<HttpResponse<String>> answer = post("application/json", SIGNAL);

        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 2);
        assertThat(topicsSent()).containsExactly(Topics.SIGNALS_RAW, Topics.SIGNALS);
        kafka.completeNext();
        Thread.sleep(200);
        assertThat(answer).as("the signal is not acknowledged yet").isNotDone();

        kafka.completeNext();
        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/json"));
        JsonNode body = Json.mapper().readTree(response.body());
        assertThat(body.path("accepted").asInt()).isEqualTo(1);
        assertThat(body.path("ids")).hasSize(1);
        assertThat(deliveries("accepted")).isEqualTo(1.0);
    }

    @Test
    void answers503WithinTheAckTimeoutWhenKafkaNeverAcknowledges() throws Exception {
        Duration ackTimeout = Duration.ofMillis(500);
        start(ackTimeout);

        long started = System.nanoTime();
        HttpResponse<String> response = post("application/json", SIGNAL).get(10, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
        assertThat(Json.mapper().readTree(response.body()).path("error").asText())
                .isEqualTo("Kafka did not acknowledge the delivery: TimeoutException: "
                        + "no acknowledgement within 500 ms");
        assertThat(took).isGreaterThanOrEqualTo(ackTimeout).isLessThan(ackTimeout.plusSeconds(3));
        assertThat(deliveries("unavailable")).isEqualTo(1.0);
        assertThat(deliveries("accepted")).isZero();
    }

    @Test
    void answers503WhenASendFails() throws Exception {
        start(Duration.ofSeconds(10));

        CompletableFuture<HttpResponse<String>> answer = post("application/json", SIGNAL);
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 2);
        kafka.completeNext();
        kafka.errorNext(new NetworkException("broker gone"));

        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Json.mapper().readTree(response.body()).path("error").asText())
                .isEqualTo("Kafka did not acknowledge the delivery: NetworkException: broker gone");
        assertThat(deliveries("unavailable")).isEqualTo(1.0);
    }

    @Test
    void answersARejectionOnlyOnceItIsKeptOnTheRejectedTopic() throws Exception {
        start(Duration.ofSeconds(10));

        CompletableFuture<HttpResponse<String>> answer = post("application/json", "{not json");
        await().atMost(Duration.ofSeconds(10)).until(() -> kafka.history().size() == 1);
        assertThat(topicsSent()).containsExactly(Topics.SIGNALS_REJECTED);
        Thread.sleep(200);
        assertThat(answer).isNotDone();
        kafka.completeNext();

        HttpResponse<String> response = answer.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Json.mapper().readTree(response.body()).path("error").asText()).startsWith("malformed JSON");
        assertThat(deliveries("rejected")).isEqualTo(1.0);
    }

    @Test
    void holdsNoServerThreadWhileRequestsWaitForTheirAcks() throws Exception {
        start(Duration.ofSeconds(30));
        int requests = 5 * SERVER_THREADS;

        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            answers.add(post("application/json", SIGNAL));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> kafka.history().size() == 2 * requests);
        assertThat(answers).noneMatch(CompletableFuture::isDone);

        while (kafka.completeNext()) {
            // every raw delivery and signal in the order sent
        }
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            assertThat(answer.get(20, TimeUnit.SECONDS).statusCode()).isEqualTo(202);
        }
        assertThat(deliveries("accepted")).isEqualTo(requests);
    }
}
