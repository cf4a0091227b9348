package timelines.sink.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetLedgerTest {
    private static final TopicPartition P0 = new TopicPartition("alerts.v1", 0);
    private static final TopicPartition P1 = new TopicPartition("alerts.v1", 1);
    private final OffsetLedger ledger = new OffsetLedger();

    @Test
    void commitsOnlyUpToTheFirstDeliveryStillRunning() {
        ledger.assigned(P0, 10, 10);
        CompletableFuture<Void> a = new CompletableFuture<>();
        CompletableFuture<Void> b = new CompletableFuture<>();
        CompletableFuture<Void> c = new CompletableFuture<>();
        ledger.track(P0, 10, a);
        ledger.track(P0, 11, b);
        ledger.track(P0, 12, c);

        c.complete(null);
        assertThat(ledger.committable()).isEmpty();
        assertThat(ledger.inFlight()).isEqualTo(2);

        a.complete(null);
        assertThat(ledger.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(11)));

        b.complete(null);
        assertThat(ledger.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(13)));
        assertThat(ledger.committable()).isEmpty();
        assertThat(ledger.inFlight()).isZero();
    }

    @Test
    void recordsBeforeTheCommittedOffsetAreRestoredAndNeverMoveItBack() {
        ledger.assigned(P0, 3, 3);

        assertThat(ledger.restoring(P0, 0)).isTrue();
        assertThat(ledger.restoring(P0, 2)).isTrue();
        assertThat(ledger.restoring(P0, 3)).isFalse();
        ledger.track(P0, 0, CompletableFuture.completedFuture(null));
        ledger.track(P0, 1, CompletableFuture.completedFuture(null));
        assertThat(ledger.committable()).isEmpty();

        ledger.track(P0, 2, CompletableFuture.completedFuture(null));
        ledger.track(P0, 3, CompletableFuture.completedFuture(null));
        assertThat(ledger.committable()).isEqualTo(Map.of(P0, new OffsetAndMetadata(4)));
    }

    @Test
    void aNewGroupRestoresUpToTheEndAndCommitsIt() {
        ledger.assigned(P1, -1, 2);
        ledger.track(P1, 0, CompletableFuture.completedFuture(null));
        ledger.track(P1, 1, CompletableFuture.completedFuture(null));

        assertThat(ledger.restoring(P1, 1)).isTrue();
        assertThat(ledger.restoring(P1, 2)).isFalse();
        assertThat(ledger.committable()).isEqualTo(Map.of(P1, new OffsetAndMetadata(2)));
    }

    @Test
    void aRevokedPartitionIsNoLongerCommitted() {
        ledger.assigned(P0, 0, 0);
        ledger.assigned(P1, 0, 0);
        ledger.track(P0, 0, CompletableFuture.completedFuture(null));
        ledger.track(P1, 0, CompletableFuture.completedFuture(null));

        ledger.revoked(List.of(P0));

        assertThat(ledger.committable()).isEqualTo(Map.of(P1, new OffsetAndMetadata(1)));
        assertThat(ledger.restoring(P0, 0)).isFalse();
    }
}
