package timelines.sink.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** At least once with backoff, counted, and one target's trouble never reaching the other. */
class DeliveryTest {
    private static final TopicPartition P0 = new TopicPartition("alerts.v1", 0);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TestClock clock = new TestClock(Alerts.RAISED_AT);
    private Receiver slack;
    private Receiver am;

    @BeforeEach
    void start() throws Exception {
        slack = Receiver.start();
        am = Receiver.start();
    }

    @AfterEach
    void stop() {
        slack.close();
        am.close();
    }

    private double count(String target, String outcome) {
        var counter = meters.find(Delivery.METRIC).tags("target", target, "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aReceiverThatFailsTwiceGetsThreeIdenticalBodiesAndTheDeliveryCounts() throws Exception {
        slack.answering(500, 500);
        try (SlackNotifier notifier = new SlackNotifier(Alerts.FAST.withSlackWebhook(slack.uri("/hook")),
                HttpClient.newHttpClient(), meters)) {

            DeliveryOutcome outcome = notifier.deliver(Alerts.raised()).get(10, TimeUnit.SECONDS);

            assertThat(outcome).isEqualTo(DeliveryOutcome.DELIVERED);
        }
        assertThat(slack.requests()).hasSize(3);
        assertThat(slack.requests()).extracting(Receiver.Request::text).containsOnly(slack.requests().get(0).text());
        assertThat(count("slack", "delivered")).isEqualTo(1);
        assertThat(count("slack", "retried")).isEqualTo(2);
        assertThat(count("slack", "failed")).isZero();
    }

    @Test
    void aDeadTargetIsGivenUpAfterTheConfiguredAttemptsWhileTheOtherStillReceives() throws Exception {
        slack.always(503);
        AlertTargets targets = Alerts.FAST.withSlackWebhook(slack.uri("/hook")).withAlertmanager(am.uri(""));
        try (AlertRouter router = new AlertRouter(AlertDispatcher.notifiers(targets, meters, clock))) {

            router.dispatch(P0, Alerts.raised()).get(10, TimeUnit.SECONDS);
        }
        assertThat(slack.requests()).hasSize(3);
        assertThat(am.requests()).hasSize(1);
        assertThat(am.requests().get(0).path()).isEqualTo("/api/v2/alerts");
        assertThat(count("slack", "failed")).isEqualTo(1);
        assertThat(count("slack", "retried")).isEqualTo(2);
        assertThat(count("slack", "delivered")).isZero();
        assertThat(count("alertmanager", "delivered")).isEqualTo(1);
    }

    @Test
    void aHungTargetDoesNotHoldUpTheOther() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        slack.holding(release);
        AlertTargets targets = Alerts.FAST.withSlackWebhook(slack.uri("/hook")).withAlertmanager(am.uri(""));
        List<Notifier> notifiers = AlertDispatcher.notifiers(targets, meters, clock);
        try (AlertRouter router = new AlertRouter(notifiers)) {
            CompletableFuture<Void> both = router.dispatch(P0, Alerts.raised());
            CompletableFuture<DeliveryOutcome> next = notifiers.get(1).deliver(Alerts.cleared());

            assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryOutcome.DELIVERED);
            assertThat(am.requests()).hasSize(2);
            assertThat(both).isNotDone();

            release.countDown();
            both.get(10, TimeUnit.SECONDS);
        }
        assertThat(count("slack", "delivered")).isEqualTo(1);
    }

    @Test
    void aRequestTheTargetRejectsIsNotRetried() throws Exception {
        am.always(400);
        try (AlertmanagerNotifier notifier = new AlertmanagerNotifier(Alerts.FAST.withAlertmanager(am.uri("")),
                HttpClient.newHttpClient(), meters, clock)) {

            assertThat(notifier.deliver(Alerts.raised()).get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryOutcome.REJECTED);
        }
        assertThat(am.requests()).hasSize(1);
        assertThat(count("alertmanager", "failed")).isEqualTo(1);
        assertThat(count("alertmanager", "retried")).isZero();
    }

    @Test
    void anUnreachableTargetIsRetriedAndGivenUp() throws Exception {
        var unreachable = am.uri("");
        am.close();
        try (AlertmanagerNotifier notifier = new AlertmanagerNotifier(Alerts.FAST.withAlertmanager(unreachable),
                HttpClient.newHttpClient(), meters, clock)) {

            assertThat(notifier.deliver(Alerts.raised()).get(10, TimeUnit.SECONDS)).isEqualTo(DeliveryOutcome.GAVE_UP);
        }
        assertThat(count("alertmanager", "retried")).isEqualTo(2);
        assertThat(count("alertmanager", "failed")).isEqualTo(1);
    }

    @Test
    void backoffDoublesFromTheInitialDelayUpToTheMaximumAndHonoursRetryAfter() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(10);

        assertThat(List.of(1, 2, 3, 4, 5, 6, 64).stream().map(n -> Delivery.backoff(n, initial, max, null)))
                .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                        Duration.ofSeconds(8), max, max, max);
        assertThat(Delivery.backoff(1, initial, max, Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
        assertThat(Delivery.backoff(1, initial, max, Duration.ofSeconds(300))).isEqualTo(max);
        assertThat(Delivery.retryAfter("7")).isEqualTo(Duration.ofSeconds(7));
        assertThat(Delivery.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isNull();
    }

    @Test
    void onlyStatusesThatCanPassOnTheirOwnAreRetried() {
        assertThat(List.of(408, 425, 429, 500, 502, 503, 504)).allMatch(Delivery::retryable);
        assertThat(List.of(400, 401, 403, 404, 410, 413, 301)).noneMatch(Delivery::retryable);
    }
}
