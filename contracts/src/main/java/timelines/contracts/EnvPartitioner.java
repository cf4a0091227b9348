package timelines.contracts;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Partitions by the env part of the key ({@code env} or {@code env|service}), exactly as the
 * default partitioner would partition a key of the env alone. Every producer to
 * {@code signals.v1} and {@code records.v1} uses it, so one env's signals and records meet in one
 * stream task (see TimelineTopology).
 */
public final class EnvPartitioner implements Partitioner {

    public static int partitionFor(String key, int partitions) {
        String env = Signal.envOfKey(key == null ? "" : key);
        return Utils.toPositive(Utils.murmur2(env.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        return partitionFor(key == null ? "" : key.toString(), cluster.partitionCountForTopic(topic));
    }

    @Override
    public void close() {}

    @Override
    public void configure(Map<String, ?> configs) {}
}
