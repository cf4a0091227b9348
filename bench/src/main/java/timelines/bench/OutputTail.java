package timelines.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Watches an output topic as a downstream reader would (committed records only) and notes when
 * each record became visible: "out" means readable by the sink, not merely written.
 */
final class OutputTail implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions;
    private final Thread thread;
    private final BiConsumer<ConsumerRecord<byte[], byte[]>, Long> onRecord;
    private volatile boolean running = true;
    private volatile long lastArrival;
    private volatile long records;
    private volatile long positions;
    private volatile Throwable failure;

    /**
     * @param fromEnd start at the current end (only what comes next), else at the beginning
     * @param onRecord called on the tail's thread with each record and its arrival (System.nanoTime)
     */
    OutputTail(String bootstrap, String topic, boolean fromEnd, BiConsumer<ConsumerRecord<byte[], byte[]>, Long> onRecord) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-tail-" + topic);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        if (fromEnd) {
            consumer.seekToEnd(partitions);
        } else {
            consumer.seekToBeginning(partitions);
        }
        partitions.forEach(consumer::position);
        this.onRecord = onRecord;
        this.thread = new Thread(this::run, "bench-tail-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                var polled = consumer.poll(Duration.ofMillis(50));
                if (polled.isEmpty()) {
                    // Commit markers move the position without a record.
                    positions = partitions.stream().mapToLong(consumer::position).sum();
                    continue;
                }
                long now = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    if (onRecord != null) {
                        onRecord.accept(r, now);
                    }
                }
                records += polled.count();
                lastArrival = now;
                positions = partitions.stream().mapToLong(consumer::position).sum();
            }
        } catch (org.apache.kafka.common.errors.WakeupException e) {
            // Closing.
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Waits until the tail has read up to {@code ends} (committed end offsets of the topic). */
    void awaitReached(Map<TopicPartition, Long> ends, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long target = ends.values().stream().mapToLong(Long::longValue).sum();
        while (positions < target) {
            if (failure != null) {
                throw new IllegalStateException("tail of the output failed", failure);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the output tail did not reach " + ends + " in " + timeout
                        + " (at " + positions + ", read " + records + ")");
            }
            Thread.sleep(5);
        }
    }

    long lastArrival() {
        return lastArrival;
    }

    long records() {
        return records;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
        consumer.close(Duration.ofSeconds(2));
    }
}
