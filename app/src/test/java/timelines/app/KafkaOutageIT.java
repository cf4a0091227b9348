package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.contracts.Json;
import timelines.contracts.Topics;
import timelines.ingest.Sources;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.http.IngestHttp;
import timelines.ingest.http.WebhookAuth;
import timelines.ingest.kafka.KafkaPublisher;

/** When Kafka goes away, ingest says so with a 503 within its ack timeout, and never a 202. */
class KafkaOutageIT {
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(3);
    static final String SIGNAL = "{\"type\":\"ERROR\",\"service\":\"api\",\"summary\":\"boom\"}";

    @TempDir
    Path dir;

    @Test
    void postDuringAKafkaOutageGets503WithinTheAckTimeout() throws Exception {
        EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(dir.resolve("kafka"));
        boolean kafkaUp = true;
        TopicAdmin.ensure(kafka.bootstrapServers(), Topics.all(1, Topics.RAW_RETENTION), Map.of());
        try (KafkaPublisher publisher = new KafkaPublisher(kafka.bootstrapServers(), ACK_TIMEOUT, Map.of())) {
            DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers("prod"), publisher,
                    new SimpleMeterRegistry());
            IngestHttp http = new IngestHttp(processor, Clock.systemUTC(), WebhookAuth.openToAll(),
                    new SimpleMeterRegistry());
            Javalin server = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.jetty.host = "localhost";
                config.jetty.port = 0;
                http.register(config);
            }).start();
            try {
                assertThat(Http.post(server.port(), null, "/v1/signals", "application/json", SIGNAL).statusCode())
                        .isEqualTo(202);

                kafka.close();
                kafkaUp = false;
                long started = System.nanoTime();
                HttpResponse<String> during = Http.post(server.port(), null, "/v1/signals", "application/json", SIGNAL);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(during.statusCode()).isEqualTo(503);
                assertThat(during.headers().firstValue("Retry-After")).isPresent();
                assertThat(Json.mapper().readTree(during.body()).path("error").asText())
                        .startsWith("Kafka did not acknowledge");
                assertThat(took).isLessThan(ACK_TIMEOUT.plusSeconds(5));
            } finally {
                server.stop();
            }
        } finally {
            if (kafkaUp) {
                kafka.close();
            }
        }
    }
}
