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
    private final Producer<String, byte[]> producer;
    private final Duration ackTimeout;

    public KafkaPublisher(String bootstrapServers, Duration ackTimeout, Map<String, String> overrides) {
        this(new KafkaProducer<>(properties(bootstrapServers, ackTimeout, overrides), new StringSerializer(),
                new ByteArraySerializer()), ackTimeout);
    }

    /** Around a producer made elsewhere: tests pass a {@code MockProducer} whose acks they control. */
    public KafkaPublisher(Producer<String, byte[]> producer, Duration ackTimeout) {
        this.producer = producer;
        this.ackTimeout = ackTimeout;
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
