package timelines.streams;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorNode;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Holds the latest record per key that a processor wants to send, and forwards them when Kafka
 * Streams flushes the task before a commit: a key changed many times between two commits goes
 * out once, with its last value, in the same transaction as the input that produced it.
 *
 * <p>This is what a Kafka Streams KTable's record cache does for its downstream (the DSL's
 * cache flush listener), for a Processor API processor: the record context of the put and the
 * processor's node are restored while forwarding, as Kafka's own cache does. Like {@link
 * WriteBehindStore} it uses Kafka Streams internals (pinned 4.3.1, fenced by {@code
 * KafkaInternalsFenceTest}). Nothing is kept across a commit, so nothing needs restoring: a task
 * that fails before its commit reads its input again.
 *
 * <p>Under {@code TopologyTestDriver}, which commits after every input, every input's records
 * still come out right after it.
 */
public final class CommitOutbox<K, V> implements StateStore, CachedStateStore<K, V> {
    private record Pending<K, V>(Record<K, V> record, String child, ProcessorRecordContext context) {}

    private final String name;
    private final Map<K, Pending<K, V>> pending = new LinkedHashMap<>();
    private boolean open;
    private InternalProcessorContext<K, V> context;
    private ProcessorNode<?, ?, ?, ?> node;
    private Runnable beforeFlush = () -> { };

    CommitOutbox(String name) {
        this.name = name;
    }

    public static <K, V> StoreBuilder<CommitOutbox<K, V>> builder(String name) {
        return new Builder<>(name);
    }

    /**
     * Called from the owning processor's {@code init}: records are forwarded as that processor,
     * and {@code beforeFlush} runs first at every flush (the processor may {@link #send} from it,
     * but must not write to its stores: they may have been flushed already).
     */
    @SuppressWarnings("unchecked")
    public void bind(ProcessorContext<K, V> processorContext, Runnable beforeFlush) {
        this.context = (InternalProcessorContext<K, V>) processorContext;
        this.node = context.currentNode();
        this.beforeFlush = beforeFlush;
        pending.clear();
    }

    /**
     * Replaces whatever is pending for the record's key ({@code value} null: a tombstone); records
     * leave in the order of their last send, so a tombstone sent before another key's record
     * still leaves before it.
     */
    public void send(Record<K, V> record, String child) {
        pending.remove(record.key());
        pending.put(record.key(), new Pending<>(record, child, context.recordContext()));
    }

    @Override
    public void flushCache() {
        if (context == null) {
            return;
        }
        beforeFlush.run();
        if (pending.isEmpty()) {
            return;
        }
        ProcessorNode<?, ?, ?, ?> previousNode = context.currentNode();
        ProcessorRecordContext previousContext = context.recordContext();
        try {
            context.setCurrentNode(node);
            for (Pending<K, V> p : pending.values()) {
                context.setRecordContext(p.context());
                context.forward(p.record(), p.child());
            }
        } finally {
            pending.clear();
            context.setRecordContext(previousContext);
            context.setCurrentNode(previousNode);
        }
    }

    /**
     * After the transaction: anything still pending was never sent and is lost, since the offsets
     * of its input are committed; failing makes that loud, the fence keeps it from happening (see
     * {@link WriteBehindStore#commit}).
     */
    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("outbox " + name + ": " + pending.size()
                    + " records not sent before the commit (Kafka Streams did not flush the store's cache)");
        }
    }

    @Override
    public void clearCache() {
        pending.clear();
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<K, V> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public void init(StateStoreContext stateStoreContext, StateStore root) {
        pending.clear();
        stateStoreContext.register(root, (key, value) -> { });
        open = true;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        pending.clear();
        open = false;
    }

    @Override
    public boolean persistent() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    private static final class Builder<K, V> implements StoreBuilder<CommitOutbox<K, V>> {
        private final String name;

        Builder(String name) {
            this.name = name;
        }

        @Override
        public StoreBuilder<CommitOutbox<K, V>> withCachingEnabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitOutbox<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<CommitOutbox<K, V>> withLoggingEnabled(Map<String, String> config) {
            throw new UnsupportedOperationException("an outbox keeps nothing across commits");
        }

        @Override
        public StoreBuilder<CommitOutbox<K, V>> withLoggingDisabled() {
            return this;
        }

        @Override
        public CommitOutbox<K, V> build() {
            return new CommitOutbox<>(name);
        }

        @Override
        public Map<String, String> logConfig() {
            return Map.of();
        }

        @Override
        public boolean loggingEnabled() {
            return false;
        }

        @Override
        public String name() {
            return name;
        }
    }
}
