package timelines.bench;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What the harness asks the broker: end offsets, whether a Streams application committed its way
 * to the end of its inputs (the replay's own check, for any application id), and whether every
 * transaction on the outputs is complete.
 */
final class KafkaProbe implements AutoCloseable {
    private final Admin admin;

    KafkaProbe(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        this.admin = Admin.create(p);
    }

    Map<TopicPartition, Long> endOffsets(List<String> topics, IsolationLevel isolation) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (String topic : topics) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(pi -> latest.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> out = new LinkedHashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(isolation)).all().get(30, TimeUnit.SECONDS)
                .forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /** Waits until {@code group} committed up to {@code ends} and the outputs hold no open transaction. */
    void awaitCommitted(String group, Map<TopicPartition, Long> ends, List<String> outputs, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            boolean done = ends.entrySet().stream().allMatch(e -> e.getValue() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
            if (done && settled(outputs)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the topology did not get through its input within " + timeout
                        + " (committed " + committed + ", end " + ends + ")");
            }
            Thread.sleep(20);
        }
    }

    private boolean settled(List<String> outputs) throws Exception {
        Map<TopicPartition, Long> uncommitted = endOffsets(outputs, IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, Long> committed = endOffsets(outputs, IsolationLevel.READ_COMMITTED);
        return uncommitted.equals(committed);
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
