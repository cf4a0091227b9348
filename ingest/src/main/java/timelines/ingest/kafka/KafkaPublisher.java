package timelines.ingest.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import timelines.contracts.EnvPartitioner;

/**
 * The one producer of ingest: idempotent, {@code acks=all}, partitioned by env, and bounded in
 * time: when Kafka is away, a send fails within {@code ackTimeout} instead of hanging a request.
 */
public final class KafkaPublisher implements AutoCloseable {
    /** The producer's default {@code max.request.size}, below the broker's default {@code message.max.bytes}. */
    public static final int DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;
    /**
     * What Kafka adds to a record's key and value when it checks the size (the batch header is 61
     * bytes, the record's own lengths and offsets a few varints), rounded up.
     */
    static final int RECORD_OVERHEAD = 256;

    private final Producer<String, byte[]> producer;
    private final Duration ackTimeout;
    private final int maxRecordBytes;

    public KafkaPublisher(String bootstrapServers, Duration ackTimeout, Map<String, String> overrides) {
        this(properties(bootstrapServers, ackTimeout, overrides), ackTimeout);
    }

    private KafkaPublisher(Properties p, Duration ackTimeout) {
        this(new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer()), ackTimeout,
                p.containsKey(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)
                        ? Integer.parseInt(String.valueOf(p.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG)).trim())
                        : DEFAULT_MAX_RECORD_BYTES);
    }

    /** Around a producer made elsewhere: tests pass a {@code MockProducer} whose acks they control. */
    public KafkaPublisher(Producer<String, byte[]> producer, Duration ackTimeout) {
        this(producer, ackTimeout, DEFAULT_MAX_RECORD_BYTES);
    }

    /** @param maxRecordBytes the producer's {@code max.request.size}: the largest record it sends */
    public KafkaPublisher(Producer<String, byte[]> producer, Duration ackTimeout, int maxRecordBytes) {
        this.producer = producer;
        this.ackTimeout = ackTimeout;
        this.maxRecordBytes = maxRecordBytes;
    }

    /** The largest record the producer sends ({@code max.request.size}). */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    /**
     * Whether a record of this key and value is within what the producer sends. One that is not
     * would fail with {@code RecordTooLargeException}: better known before anything of a delivery
     * is sent. (A broker or topic configured for less still refuses it; that failure comes back
     * through {@link #send}.)
     */
    public boolean fits(String key, byte[] value) {
        long keyBytes = key == null ? 0 : key.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return keyBytes + value.length + RECORD_OVERHEAD <= maxRecordBytes;
    }

    private static Properties properties(String bootstrapServers, Duration ackTimeout, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.PARTITIONER_CLASS_CONFIG, EnvPartitioner.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A partition's records go out one batch per produce request, and the default 16 KiB split an
        // array of 100 signals (~45 KB, one or two envs) over several round trips with acks=all.
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        long timeout = ackTimeout.toMillis();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, timeout / 2));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout, Math.max(1000, timeout / 2) + 5));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "timelines-ingest");
        p.putAll(overrides);
        return p;
    }

    /**
     * Completes once Kafka acknowledged the record or gave up on it, so a caller can wait for it or
     * chain on it without a thread per send. What the producer throws at once (it is closed, say)
     * is still thrown, so a caller stops sending the rest of a delivery as it did before.
     */
    public CompletableFuture<RecordMetadata> send(String topic, Integer partition, String key, long timestamp,
            byte[] value) {
        if (timestamp < 0) {
            // Kafka's own refusal says nothing of where the time came from; every caller bounds it first.
            throw new IllegalArgumentException("a timestamp before 1970 reached the producer for " + topic + ": "
                    + timestamp);
        }
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic, partition, timestamp, key, value), (metadata, e) -> {
            // On failure the producer passes a placeholder metadata along with the exception.
            if (e != null) {
                acked.completeExceptionally(e);
            } else {
                acked.complete(metadata);
            }
        });
        return acked;
    }

    /**
     * Completes once every send was acknowledged. Fails with the first failure, or with a
     * {@link TimeoutException} when the ack timeout passes first, counted from this call, which
     * is the bound {@link #awaitAll} keeps.
     */
    public CompletableFuture<Void> acknowledged(List<CompletableFuture<RecordMetadata>> sends) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(sends.size());
        for (CompletableFuture<RecordMetadata> send : sends) {
            send.whenComplete((metadata, failure) -> {
                if (failure != null) {
                    all.completeExceptionally(failure);
                } else if (left.decrementAndGet() == 0) {
                    all.complete(null);
                }
            });
        }
        if (sends.isEmpty()) {
            all.complete(null);
        }
        long timeout = ackTimeout.toMillis();
        // orTimeout's own TimeoutException has no message; the 503 and the log say what ran out.
        return all.orTimeout(timeout, TimeUnit.MILLISECONDS).exceptionallyCompose(e -> CompletableFuture.failedFuture(
                e instanceof TimeoutException && e.getMessage() == null
                        ? new TimeoutException("no acknowledgement within " + timeout + " ms")
                        : e));
    }

    /** Waits for every send to be acknowledged, all within one ack timeout. */
    public void awaitAll(List<? extends Future<RecordMetadata>> sends) throws TimeoutException, ExecutionException,
            InterruptedException {
        long deadline = System.nanoTime() + ackTimeout.toNanos();
        for (Future<RecordMetadata> f : sends) {
            long left = deadline - System.nanoTime();
            f.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        }
    }

    public List<PartitionInfo> partitionsFor(String topic) {
        return producer.partitionsFor(topic);
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
