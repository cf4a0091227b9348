package timelines.app.config;

import java.util.Map;

/**
 * The Kafka every client of the process talks to.
 *
 * @param bootstrapServers the cluster; null: {@code run} starts an embedded broker, the components
 *     refuse to start
 * @param partitions partitions of each topic this process creates
 * @param client Kafka client properties ({@code kafka.client.*}, {@code KAFKA_CLIENT_*}) for every
 *     producer, consumer, admin and Streams client
 */
public record KafkaSettings(String bootstrapServers, int partitions, Map<String, String> client) {
    public KafkaSettings {
        client = Map.copyOf(client);
    }

    static KafkaSettings read(Values v, Map<String, String> client) {
        return new KafkaSettings(v.text("kafka.bootstrapServers"), v.number("kafka.partitions", 1, 10_000), client);
    }
}
