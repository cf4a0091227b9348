package timelines.sink.alerts;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets of {@code alerts.v1} may be committed: per partition, the records up to the first
 * one whose delivery is still running. Deliveries finish out of order (one target may be slow), so
 * the committed offset only moves over a contiguous run of finished records: at least once.
 *
 * <p>On assignment the partition is read from its beginning, to rebuild what is still firing;
 * records before {@code restoreUntil} (the committed offset, or for a new consumer group the end of
 * the partition) are restored, not delivered again. The committed offset never moves backwards.
 * Used from the consumer thread only.
 */
final class OffsetLedger {

    private static final class Lane {
        final long restoreUntil;
        long committed;
        final ArrayDeque<Pending> pending = new ArrayDeque<>();

        Lane(long committed, long restoreUntil) {
            this.committed = committed;
            this.restoreUntil = restoreUntil;
        }
    }

    private record Pending(long offset, CompletableFuture<?> done) {}

    private final Map<TopicPartition, Lane> lanes = new HashMap<>();

    /**
     * @param committed the group's committed offset, or -1 if it has none
     * @param restoreUntil records before this offset are restored, not delivered
     */
    void assigned(TopicPartition tp, long committed, long restoreUntil) {
        lanes.put(tp, new Lane(committed, restoreUntil));
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(lanes::remove);
    }

    /** Whether this record was delivered before and only rebuilds state. */
    boolean restoring(TopicPartition tp, long offset) {
        Lane lane = lanes.get(tp);
        return lane != null && offset < lane.restoreUntil;
    }

    /** A record handed over; {@code done} completes when its delivery attempts are over. */
    void track(TopicPartition tp, long offset, CompletableFuture<?> done) {
        Lane lane = lanes.get(tp);
        if (lane != null) {
            lane.pending.addLast(new Pending(offset, done));
        }
    }

    /** The offsets to commit now: one past the last record of each finished run, if it moved on. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        lanes.forEach((tp, lane) -> {
            long next = -1;
            while (!lane.pending.isEmpty() && lane.pending.peekFirst().done().isDone()) {
                next = lane.pending.pollFirst().offset() + 1;
            }
            if (next > lane.committed) {
                lane.committed = next;
                out.put(tp, new OffsetAndMetadata(next));
            }
        });
        return out;
    }

    /** Records handed over whose delivery is not over yet. */
    int inFlight() {
        int n = 0;
        for (Lane lane : lanes.values()) {
            for (Pending p : lane.pending) {
                if (!p.done().isDone()) {
                    n++;
                }
            }
        }
        return n;
    }
}
