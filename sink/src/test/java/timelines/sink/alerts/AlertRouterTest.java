package timelines.sink.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import timelines.contracts.Alert;

class AlertRouterTest {
    private static final TopicPartition P0 = new TopicPartition("alerts.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("alerts.v1", 1);

    /** A notifier whose deliveries the test finishes by hand. */
    static final class ManualNotifier implements Notifier {
        final String name;
        final List<Alert> delivered = new ArrayList<>();
        final List<Alert> restored = new ArrayList<>();
        final List<Set<String>> forgotten = new ArrayList<>();
        final List<CompletableFuture<DeliveryOutcome>> pending = new ArrayList<>();

        ManualNotifier(String name) {
            this.name = name;
        }

        @Override
        public String target() {
            return name;
        }

        @Override
        public CompletableFuture<DeliveryOutcome> deliver(Alert alert) {
            delivered.add(alert);
            CompletableFuture<DeliveryOutcome> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        }

        @Override
        public void restore(Alert alert) {
            restored.add(alert);
        }

        @Override
        public void forget(Set<String> incidentIds) {
            forgotten.add(incidentIds);
        }

        @Override
        public void close() {}
    }

    @Test
    void withNoTargetAnAlertIsOnlyLoggedAndDoneAtOnce() {
        try (AlertRouter router = new AlertRouter(List.of())) {
            assertThat(router.dispatch(P0, Alerts.raised())).isDone();
        }
    }

    @Test
    void anAlertIsDoneOnlyWhenEveryTargetIsDone() {
        ManualNotifier slack = new ManualNotifier("slack");
        ManualNotifier am = new ManualNotifier("alertmanager");
        AlertRouter router = new AlertRouter(List.of(slack, am));

        CompletableFuture<Void> done = router.dispatch(P0, Alerts.raised());

        assertThat(slack.delivered).containsExactly(Alerts.raised());
        assertThat(am.delivered).containsExactly(Alerts.raised());
        am.pending.get(0).complete(DeliveryOutcome.DELIVERED);
        assertThat(done).isNotDone();
        slack.pending.get(0).complete(DeliveryOutcome.GAVE_UP);
        assertThat(done).isCompleted();
    }

    @Test
    void whenAPartitionMovesAwayItsFiringIncidentsAreForgotten() {
        ManualNotifier am = new ManualNotifier("alertmanager");
        AlertRouter router = new AlertRouter(List.of(am));
        router.restore(P0, Alerts.raised());
        router.dispatch(P0, Alerts.raised("b", "prod", List.of("x"), "r"));
        router.dispatch(P0, Alerts.raised("c", "prod", List.of("y"), "r"));
        router.dispatch(P1, Alerts.raised("d", "prod", List.of("z"), "r"));
        router.dispatch(P0, new Alert(timelines.contracts.AlertType.CLEARED, "c", "prod", List.of("y"),
                Alerts.CLEARED_AT, Alerts.BEGIN, "recorded"));

        router.revoked(List.of(P0));

        assertThat(am.restored).containsExactly(Alerts.raised());
        assertThat(am.forgotten).containsExactly(Set.of(Alerts.ID, "b"));
        assertThat(router.firingByPartition()).isEqualTo(Map.of(P1, Set.of("d")));
    }
}
