package timelines.sink.consume;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a whole topic, committed records only, from the beginning to its current end. */
public final class TopicDrain {
    private TopicDrain() {}

    public static <T> List<ConsumerRecord<String, T>> readAll(String bootstrapServers, String topic,
            Deserializer<T> values, Map<String, String> overrides) {
        List<ConsumerRecord<String, T>> out = new ArrayList<>();
        forEach(bootstrapServers, topic, values, overrides, out::add);
        return out;
    }

    /**
     * The same, one record at a time, partition by partition and in offset order within each, so
     * a topic of any size can be read in little memory.
     */
    public static <T> void forEach(String bootstrapServers, String topic, Deserializer<T> values,
            Map<String, String> overrides, Consumer<ConsumerRecord<String, T>> action) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "timelines-drain-" + topic);
        p.putAll(overrides);
        try (KafkaConsumer<String, T> consumer = new KafkaConsumer<>(p, new StringDeserializer(), values)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition()))
                    .sorted(Comparator.comparingInt(TopicPartition::partition)).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                while (consumer.position(tp) < end.get(tp)) {
                    consumer.poll(Duration.ofMillis(200)).forEach(action);
                }
            }
        }
    }
}
