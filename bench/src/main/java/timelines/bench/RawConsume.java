package timelines.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import timelines.contracts.Topics;

/**
 * The baseline: a plain consumer (default fetch settings, bytes only) reading the same
 * preloaded signal records the topology reads. What Kafka itself manages on this machine now.
 */
final class RawConsume {
    record Result(long records, double seconds) {
        double perSecond() {
            return records / seconds;
        }
    }

    private RawConsume() {}

    /** Reads {@code expected} records from the beginning of {@code signals.v1}. */
    static Result run(String bootstrap, long expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-raw");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SIGNALS, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(Topics.SIGNALS, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            partitions.forEach(consumer::position);
            long read = 0;
            long bytes = 0;
            long started = System.nanoTime();
            long deadline = started + Duration.ofMinutes(5).toNanos();
            while (read < expected) {
                for (var r : consumer.poll(Duration.ofMillis(100))) {
                    read++;
                    bytes += r.value() == null ? 0 : r.value().length;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("read only " + read + " of " + expected + " records in 5 min");
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (bytes == 0) {
                throw new IllegalStateException("empty records");
            }
            return new Result(read, seconds);
        }
    }
}
