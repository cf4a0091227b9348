package timelines.sink.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import timelines.contracts.Alert;
import timelines.contracts.JsonSerde;
import timelines.contracts.Topics;

/** The consumer loop on a MockConsumer (no broker): restore vs deliver, and commit after delivery. */
class AlertDispatcherTest {
    private static final TopicPartition P0 = new TopicPartition(Topics.ALERTS, 0);
    private static final JsonSerde<Alert> ALERT = JsonSerde.of(Alert.class);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");
    private final AlertRouterTest.ManualNotifier notifier = new AlertRouterTest.ManualNotifier("alertmanager");
    private final AlertDispatcher dispatcher =
            new AlertDispatcher(consumer, new AlertRouter(List.of(notifier)), new SimpleMeterRegistry());

    private void record(long offset, Alert alert) {
        consumer.addRecord(new ConsumerRecord<>(Topics.ALERTS, 0, offset, alert.incidentId(),
                ALERT.serialize(Topics.ALERTS, alert)));
    }

    /** Subscribes (MockConsumer forgets commits there), then assigns P0 with this group state. */
    private void assign(Long committed, long end) {
        dispatcher.subscribe();
        if (committed != null) {
            consumer.commitSync(Map.of(P0, new OffsetAndMetadata(committed)));
        }
        consumer.updateBeginningOffsets(Map.of(P0, 0L));
        consumer.updateEndOffsets(Map.of(P0, end));
        consumer.rebalance(List.of(P0));
    }

    @Test
    void alertsBeforeTheCommittedOffsetAreRestoredAndTheRestDeliveredThenCommitted() {
        assign(2L, 4);
        record(0, Alerts.raised("old", "prod", List.of("a"), "r"));
        record(1, Alerts.raised(Alerts.ID, "prod", Alerts.SERVICES, "r"));
        record(2, Alerts.raised("new", "prod", List.of("b"), "r"));
        record(3, Alerts.cleared());

        dispatcher.pollOnce(Duration.ZERO);

        assertThat(notifier.restored).extracting(Alert::incidentId).containsExactly("old", Alerts.ID);
        assertThat(notifier.delivered).extracting(Alert::incidentId).containsExactly("new", Alerts.ID);
        assertThat(consumer.committed(Set.of(P0)).get(P0).offset()).isEqualTo(2);

        notifier.pending.get(1).complete(DeliveryOutcome.DELIVERED);
        dispatcher.pollOnce(Duration.ZERO);
        assertThat(consumer.committed(Set.of(P0)).get(P0).offset()).isEqualTo(2);

        notifier.pending.get(0).complete(DeliveryOutcome.GAVE_UP);
        dispatcher.pollOnce(Duration.ZERO);
        assertThat(consumer.committed(Set.of(P0)).get(P0).offset()).isEqualTo(4);
    }

    @Test
    void aNewGroupDoesNotResendTheHistoryAlreadyInTheTopic() {
        assign(null, 2);
        record(0, Alerts.raised());
        record(1, Alerts.raised("b", "prod", List.of("x"), "r"));
        record(2, Alerts.raised("c", "prod", List.of("y"), "r"));

        dispatcher.pollOnce(Duration.ZERO);

        assertThat(notifier.restored).extracting(Alert::incidentId).containsExactly(Alerts.ID, "b");
        assertThat(notifier.delivered).extracting(Alert::incidentId).containsExactly("c");
        assertThat(consumer.committed(Set.of(P0)).get(P0).offset()).isEqualTo(2);
    }

    @Test
    void anUnreadableRecordIsSkippedAndCommitted() {
        assign(0L, 0);
        consumer.addRecord(new ConsumerRecord<>(Topics.ALERTS, 0, 0, "x", "{not json".getBytes(StandardCharsets.UTF_8)));
        record(1, Alerts.raised());

        dispatcher.pollOnce(Duration.ZERO);
        notifier.pending.get(0).complete(DeliveryOutcome.DELIVERED);
        dispatcher.pollOnce(Duration.ZERO);

        assertThat(notifier.delivered).containsExactly(Alerts.raised());
        assertThat(consumer.committed(Set.of(P0)).get(P0).offset()).isEqualTo(2);
    }

    @Test
    void readsCommittedRecordsOnlyInItsOwnGroupWithoutAutoCommit() {
        Properties p = AlertDispatcher.consumerConfig("localhost:9092", AlertDispatcher.GROUP_ID, Map.of());

        assertThat(p.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG)).isEqualTo("read_committed");
        assertThat(p.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG)).isEqualTo(false);
        assertThat(p.get(ConsumerConfig.GROUP_ID_CONFIG)).isEqualTo("timelines-alerts");
    }

    @Test
    void buildsOneNotifierPerConfiguredTarget() {
        var meters = new SimpleMeterRegistry();
        var clock = new TestClock(Alerts.RAISED_AT);
        AlertTargets none = AlertTargets.defaults();
        AlertTargets both = none.withSlackWebhook(java.net.URI.create("https://hooks.slack.com/services/T/B/x"))
                .withAlertmanager(java.net.URI.create("http://am:9093"));

        assertThat(AlertDispatcher.notifiers(none, meters, clock)).isEmpty();
        List<Notifier> built = AlertDispatcher.notifiers(both, meters, clock);
        assertThat(built).extracting(Notifier::target).containsExactly("slack", "alertmanager");
        built.forEach(Notifier::close);
    }
}
