package timelines.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import javax.management.ObjectName;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import timelines.app.replay.Replayer;
import timelines.contracts.Incident;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.kafka.KafkaPublisher;
import timelines.ingest.kafka.TickEmitter;
import timelines.streams.CorrelationSettings;
import timelines.streams.StoreNames;
import timelines.streams.StreamsRunner;

/**
 * The real topology (the app's {@link StreamsRunner}: exactly-once, the app's commit interval and
 * cache) over the preloaded signals, under a fresh application id and state dir. Timed from the
 * moment the application is RUNNING (its first record in) to the moment its last incident
 * revision became readable on {@code incidents.v1}. Then the state is measured while incidents are
 * still open, and one tick a day past the end closes everything that can close (not timed).
 */
final class StreamsStage {
    /**
     * @param stateBytes per store: the latest value of every key, as a restore would bring it back
     * @param changelogBytes per store: every byte the broker took in for its changelog (before
     *     compaction), from the in-process broker's own BytesInPerSec meter
     */
    record Result(int signals, double seconds, long revisions, int incidents, int openIncidents,
            Map<String, Long> stateBytes, Map<String, Long> stateKeys, Map<String, Long> changelogBytes,
            long stateDirBytes, double settleSeconds, int finalIncidents, int resolvedIncidents) {
        double perSecond() {
            return signals / seconds;
        }
    }

    private StreamsStage() {}

    /** The topology reads its catalog from catalog.v1: the first version there is in force from the start. */
    static void publish(String bootstrap, Catalog catalog) {
        new timelines.ingest.catalog.CatalogPublisher(bootstrap, Map.of(), java.time.Clock.systemUTC(),
                timelines.ingest.catalog.CatalogPublication.ACTIVATION_DELAY, "bench", new SimpleMeterRegistry())
                .publish(catalog);
    }

    static Result run(String bootstrap, Path work, Catalog catalog, CorrelationSettings settings,
            Preload.Loaded loaded, Duration timeout) throws Exception {
        String appId = "bench-streams-" + UUID.randomUUID().toString().substring(0, 8);
        Path stateDir = work.resolve(appId);
        publish(bootstrap, catalog);
        try (KafkaProbe probe = new KafkaProbe(bootstrap);
                OutputTail tail = new OutputTail(bootstrap, Topics.INCIDENTS, true, null);
                StreamsRunner streams = new StreamsRunner(bootstrap, appId, stateDir, settings,
                        new SimpleMeterRegistry(), Map.of())) {
            Map<TopicPartition, Long> inputs = probe.endOffsets(List.of(Topics.SIGNALS, Topics.RECORDS),
                    IsolationLevel.READ_UNCOMMITTED);
            streams.start();
            while (!streams.running()) {
                Thread.sleep(1);
            }
            long started = System.nanoTime();
            probe.awaitCommitted(appId, inputs, List.of(Topics.INCIDENTS, Topics.ALERTS), timeout);
            tail.awaitReached(probe.endOffsets(List.of(Topics.INCIDENTS), IsolationLevel.READ_COMMITTED),
                    Duration.ofMinutes(1));
            long finished = tail.lastArrival() > started ? tail.lastArrival() : System.nanoTime();
            long revisions = tail.records();

            List<Incident> incidents = Replayer.latestRevisions(bootstrap);
            int open = (int) incidents.stream().filter(i -> i.end() == null).count();
            Map<String, Long> stateBytes = new TreeMap<>();
            Map<String, Long> stateKeys = new TreeMap<>();
            Map<String, Long> written = new TreeMap<>();
            for (String store : List.of(StoreNames.EPISODES, StoreNames.INCIDENTS, StoreNames.ENV_CONTEXT)) {
                String changelog = appId + "-" + store + "-changelog";
                long[] size = changelogSize(bootstrap, changelog);
                stateBytes.put(store, size[0]);
                stateKeys.put(store, size[1]);
                written.put(store, brokerBytesIn(changelog));
            }
            long dirBytes = directorySize(stateDir);

            long settleStarted = System.nanoTime();
            try (KafkaPublisher publisher = new KafkaPublisher(bootstrap, Duration.ofSeconds(30), Map.of())) {
                new TickEmitter(publisher, java.time.Clock.systemUTC())
                        .tickAll(loaded.lastObserved().plus(Duration.ofDays(1)));
            }
            probe.awaitCommitted(appId, probe.endOffsets(List.of(Topics.SIGNALS, Topics.RECORDS),
                    IsolationLevel.READ_UNCOMMITTED), List.of(Topics.INCIDENTS, Topics.ALERTS), timeout);
            double settle = (System.nanoTime() - settleStarted) / 1e9;
            List<Incident> last = Replayer.latestRevisions(bootstrap);
            int resolved = (int) last.stream().filter(i -> i.end() != null).count();
            return new Result(loaded.signals(), (finished - started) / 1e9, revisions, incidents.size(), open,
                    stateBytes, stateKeys, written, dirBytes, settle, last.size(), resolved);
        }
    }

    /**
     * A store as its changelog holds it: the bytes of the latest value of every key (what a
     * restore brings back), the number of keys, and every byte written to the changelog.
     */
    static long[] changelogSize(String bootstrap, String topic) {
        long written = 0;
        Map<String, Integer> sizes = new HashMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    int size = (r.key() == null ? 0 : r.key().length) + (r.value() == null ? 0 : r.value().length);
                    written += size;
                    String key = new String(r.key(), StandardCharsets.UTF_8);
                    if (r.value() == null) {
                        sizes.remove(key);
                    } else {
                        sizes.put(key, size);
                    }
                }
            }
        }
        long latest = sizes.values().stream().mapToLong(Integer::longValue).sum();
        return new long[] {latest, sizes.size(), written};
    }

    /** Bytes the in-process broker appended to {@code topic}, as its JMX meter counts them; -1 if absent. */
    static long brokerBytesIn(String topic) {
        try {
            ObjectName name = new ObjectName("kafka.server:type=BrokerTopicMetrics,name=BytesInPerSec,topic=" + topic);
            return ((Number) ManagementFactory.getPlatformMBeanServer().getAttribute(name, "Count")).longValue();
        } catch (Exception e) {
            return -1;
        }
    }

    static long directorySize(Path dir) {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }
}
