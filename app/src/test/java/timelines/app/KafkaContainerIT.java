package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;
import timelines.app.replay.Replayer;
import timelines.app.run.AllInOne;
import timelines.contracts.Incident;
import timelines.contracts.IncidentStatus;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.alerts.AlertTargets;
import timelines.streams.CorrelationSettings;

/**
 * The pipeline against a real broker: the official {@code apache/kafka} image of the version the
 * clients are built against (the pom's {@code kafka.version}, passed in by failsafe), in KRaft
 * mode. Exactly-once, the env partitioner and the topic configs meet a broker that is not ours.
 * Skipped where there is no Docker.
 */
@Testcontainers(disabledWithoutDocker = true)
class KafkaContainerIT {
    private static final String TOKEN = "container-it-token";

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(
            DockerImageName.parse(System.getProperty("timelines.kafka.image", "apache/kafka:4.3.1")));

    @TempDir
    Path dir;

    @Test
    void signalsPostedOverHttpBecomeAnIncidentOnARealBroker() throws Exception {
        try (AllInOne app = AllInOne.start(new AllInOne.Settings(KAFKA.getBootstrapServers(), dir.resolve("data"), 0,
                "localhost", 0, dir.resolve("drafts"), 3, null, "prod", Duration.ofMillis(500),
                CorrelationSettings.defaults(), WebhookAuth.sharedToken(TOKEN), null, false, AlertTargets.defaults()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> Http.get(app.httpPort(), "/readyz").statusCode() == 200);
            // Wall-clock times, since the live ticks follow the wall clock: down 20 minutes ago, up 10 minutes ago.
            Instant down = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
            Instant up = down.plus(Duration.ofMinutes(10));
            String body = """
                    [{"type":"FAILING","source":"pingdom","service":"checkout","check":"pingdom-1","alerting":true,
                      "observedAt":"%s","summary":"Checkout is down"},
                     {"type":"RECOVERED","source":"pingdom","service":"checkout","check":"pingdom-1","alerting":true,
                      "observedAt":"%s","summary":"Checkout is up"}]""".formatted(down, up);
            assertThat(Http.post(app.httpPort(), TOKEN, "/v1/signals", "application/json", body).statusCode())
                    .isEqualTo(202);

            List<Incident> incidents = await().atMost(Duration.ofSeconds(60))
                    .until(() -> Replayer.latestRevisions(KAFKA.getBootstrapServers()),
                            list -> list.stream().anyMatch(i -> i.status() == IncidentStatus.RESOLVED));
            assertThat(incidents).singleElement().satisfies(i -> {
                assertThat(i.services()).containsExactly("checkout");
                assertThat(i.begin()).isEqualTo(down);
                assertThat(i.end()).isEqualTo(up);
                assertThat(i.timeToRecoverSeconds()).isEqualTo(600);
            });
            String id = incidents.get(0).id();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Http.get(app.httpPort(), "/incidents/" + id).statusCode() == 200);
        }
    }
}
