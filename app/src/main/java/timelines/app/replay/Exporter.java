package timelines.app.replay;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import timelines.contracts.Json;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Topics;
import timelines.sink.drafts.DraftWriter;

/**
 * Reads {@code signals.raw.v1} for a range of receipt times into the capture format (DESIGN
 * section 7), in the order received, so a past period can be replayed after a rule changes.
 */
public final class Exporter {
    private Exporter() {}

    public static long export(String bootstrap, Map<String, String> client, Instant from, Instant to, Path out)
            throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "timelines-export");
        p.putAll(client);
        JsonSerde<RawDelivery> raw = JsonSerde.of(RawDelivery.class);
        List<ConsumerRecord<String, RawDelivery>> picked = new ArrayList<>();
        try (KafkaConsumer<String, RawDelivery> consumer = new KafkaConsumer<>(p, new StringDeserializer(), raw)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SIGNALS_RAW, Duration.ofSeconds(30)).stream()
                    .map(i -> new TopicPartition(Topics.SIGNALS_RAW, i.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(query);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<TopicPartition> todo = new ArrayList<>();
            for (TopicPartition tp : partitions) {
                OffsetAndTimestamp start = starts.get(tp);
                if (start != null && start.offset() < ends.get(tp)) {
                    consumer.seek(tp, start.offset());
                    todo.add(tp);
                }
            }
            consumer.assign(todo);
            while (todo.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, RawDelivery> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.value() != null && r.timestamp() <= to.toEpochMilli()) {
                        picked.add(r);
                    }
                }
            }
        }
        picked.sort(Comparator.comparing((ConsumerRecord<String, RawDelivery> r) -> r.value().receivedAt())
                .thenComparing(ConsumerRecord::partition).thenComparingLong(ConsumerRecord::offset));
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), "." + out.getFileName(), ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            for (ConsumerRecord<String, RawDelivery> r : picked) {
                RawDelivery d = r.value();
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("receivedAt", d.receivedAt());
                line.put("source", d.source());
                line.put("headers", d.headers());
                line.put("body", d.body());
                w.write(Json.mapper().writeValueAsString(line));
                w.write('\n');
            }
        }
        DraftWriter.atomicWrite(out, Files.readAllBytes(tmp));
        Files.deleteIfExists(tmp);
        return picked.size();
    }
}
