package timelines.streams;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A key-value store that keeps what the processor puts as objects, and serializes only the
 * latest value of each key, into the store below it (RocksDB and its changelog), when Kafka
 * Streams flushes the task's caches before it commits.
 *
 * <p>Why: both stages write their state for every signal, and Kafka's own record cache only
 * coalesces the bytes, after the value was already serialized. Serializing each state on every
 * put was a third of the stream thread's time (JFR, BENCHMARKS.md, round 3); a busy key is
 * written many times between two commits.
 *
 * <p>Why it is safe: Kafka Streams flushes caches ({@code CachedStateStore.flushCache}, which this
 * layer answers) in every task's {@code prepareCommit}, before the offsets and the transaction
 * are committed, on every path that commits: the commit interval, a requested commit, a
 * rebalance that revokes the task and a clean close. So what a commit covers is in the
 * changelog in the same transaction. A task closed without a commit (a crash, a fenced
 * producer) loses the unwritten objects together with the uncommitted input, which is read
 * again. Reads see the unwritten objects first; scans write them down before scanning.
 *
 * <p>This is the one place the project extends an internal Kafka Streams class
 * ({@link WrappedStateStore}, the base of Kafka's own store layers): Kafka is pinned (4.3.1),
 * {@code KafkaInternalsFenceTest} fails on another Kafka Streams version until someone re-reads this class, and
 * {@code WriteBehindStoreTest} and the restart ITs fail if the hook stops being called.
 */
public final class WriteBehindStore<K, V> extends WrappedStateStore<KeyValueStore<K, V>, K, V>
        implements KeyValueStore<K, V> {
    /** Written down early past this many keys, so memory stays bounded between commits. */
    static final int MAX_PENDING = 10_000;
    private static final Object DELETED = new Object();

    /** Insertion order: the order the writes reach the changelog. */
    private final Map<K, Object> pending = new LinkedHashMap<>();

    WriteBehindStore(KeyValueStore<K, V> inner) {
        super(inner);
    }

    /** A persistent, changelogged store of {@code name} behind this layer; Kafka's byte cache is not used. */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> persistent(String name, Serde<K> keys, Serde<V> values) {
        return new Builder<>(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keys, values)
                .withLoggingEnabled(Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                        String.valueOf(StateBudget.CHANGELOG_MAX_BYTES))));
    }

    /** The same over any bytes store (tests use an in-memory one). */
    static <K, V> StoreBuilder<KeyValueStore<K, V>> over(KeyValueBytesStoreSupplier supplier, Serde<K> keys,
            Serde<V> values) {
        return new Builder<>(Stores.keyValueStoreBuilder(supplier, keys, values));
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        super.init(context, root);
    }

    @Override
    public void put(K key, V value) {
        pending.put(key, value == null ? DELETED : value);
        if (pending.size() > MAX_PENDING) {
            writeDown();
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(K key) {
        Object value = pending.get(key);
        if (value == DELETED) {
            return null;
        }
        return value != null ? (V) value : wrapped().get(key);
    }

    @Override
    public V putIfAbsent(K key, V value) {
        V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(List<KeyValue<K, V>> entries) {
        for (KeyValue<K, V> entry : entries) {
            put(entry.key, entry.value);
        }
    }

    @Override
    public V delete(K key) {
        V current = get(key);
        put(key, null);
        return current;
    }

    @Override
    public KeyValueIterator<K, V> range(K from, K to) {
        writeDown();
        return wrapped().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> reverseRange(K from, K to) {
        writeDown();
        return wrapped().reverseRange(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        writeDown();
        return wrapped().all();
    }

    @Override
    public KeyValueIterator<K, V> reverseAll() {
        writeDown();
        return wrapped().reverseAll();
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P> KeyValueIterator<K, V> prefixScan(
            P prefix, PS prefixKeySerializer) {
        writeDown();
        return wrapped().prefixScan(prefix, prefixKeySerializer);
    }

    @Override
    public long approximateNumEntries() {
        // May be asked from outside the stream thread: an estimate, without writing anything.
        return wrapped().approximateNumEntries() + pending.size();
    }

    /** Called by the task before every commit. */
    @Override
    public void flushCache() {
        writeDown();
        super.flushCache();
    }

    /**
     * Comes after the transaction (RocksDB's flush and checkpoint), so objects still pending here
     * mean the flush hook was not called, and they are already lost: the offsets that cover them
     * are committed, and the changelog the task restores from never had them. Failing the task
     * only makes that loud. What keeps it from happening is not this check but the fence: Kafka
     * is pinned, {@code KafkaInternalsFenceTest} fails on any other Kafka Streams version until
     * someone re-reads this class against it, and {@code WriteBehindStoreTest} and the restart ITs
     * fail if the hook stops being called.
     */
    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("store " + name() + ": " + pending.size()
                    + " keys not written before the commit (Kafka Streams did not flush the store's cache)");
        }
        super.commit(changelogOffsets);
    }

    /** The task is being closed dirty: what was not committed is read again from the input. */
    @Override
    public void clearCache() {
        pending.clear();
        super.clearCache();
    }

    @Override
    public void close() {
        pending.clear();
        super.close();
    }

    int pendingKeys() {
        return pending.size();
    }

    @SuppressWarnings("unchecked")
    private void writeDown() {
        if (pending.isEmpty()) {
            return;
        }
        KeyValueStore<K, V> below = wrapped();
        for (Map.Entry<K, Object> e : pending.entrySet()) {
            if (e.getValue() == DELETED) {
                below.delete(e.getKey());
            } else {
                below.put(e.getKey(), (V) e.getValue());
            }
        }
        pending.clear();
    }

    private static final class Builder<K, V> implements StoreBuilder<KeyValueStore<K, V>> {
        private final StoreBuilder<KeyValueStore<K, V>> inner;

        Builder(StoreBuilder<KeyValueStore<K, V>> inner) {
            this.inner = inner;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
            throw new UnsupportedOperationException("this layer is the store's cache");
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(Map<String, String> config) {
            inner.withLoggingEnabled(config);
            return this;
        }

        @Override
        public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
            inner.withLoggingDisabled();
            return this;
        }

        @Override
        public KeyValueStore<K, V> build() {
            return new WriteBehindStore<>(inner.build());
        }

        @Override
        public Map<String, String> logConfig() {
            return inner.logConfig();
        }

        @Override
        public boolean loggingEnabled() {
            return inner.loggingEnabled();
        }

        @Override
        public String name() {
            return inner.name();
        }
    }
}
