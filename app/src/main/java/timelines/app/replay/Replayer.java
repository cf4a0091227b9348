package timelines.app.replay;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.contracts.Alert;
import timelines.contracts.Incident;
import timelines.contracts.Json;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.Sources;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.delivery.Outcome;
import timelines.ingest.delivery.Payload;
import timelines.ingest.kafka.KafkaPublisher;
import timelines.ingest.kafka.TickEmitter;
import timelines.sink.consume.TopicDrain;
import timelines.sink.drafts.DraftWriter;
import timelines.streams.CorrelationSettings;
import timelines.streams.StreamsRunner;
import timelines.streams.incidents.ServiceGraph;

/**
 * Re-derives timelines from a capture (DESIGN section 7) on a fresh throwaway broker: every line
 * goes through the same ingest path as a live delivery, with its own {@code receivedAt}; one tick
 * then moves stream time past the end; the topology runs over all of it; the final revision of
 * each incident is written as drafts. Everything is produced before the topology starts, so it
 * reads its input in timestamp order and the same capture always gives the same bytes.
 */
public final class Replayer {
    /** How far past the last delivery stream time is moved, so every episode that can end, ends. */
    static final Duration SETTLE = Duration.ofDays(1);
    public static final String APPLICATION_ID = "timelines-replay";

    private Replayer() {}

    public record Rejection(int line, String source, Instant receivedAt, String reason) {}

    public record Result(int deliveries, int accepted, int ignored, List<Rejection> rejected,
            List<Incident> incidents, List<Alert> alerts, Path out, Duration took) {

        public String summaryLine() {
            return String.format("replay: %d deliveries (%d accepted, %d ignored, %d rejected) -> %d incidents, "
                            + "%d alerts in %s (%.1f s)", deliveries, accepted, ignored, rejected.size(),
                    incidents.size(), alerts.size(), out, took.toMillis() / 1000.0);
        }
    }

    public static Result replay(Path input, Path out, Catalog catalog, CorrelationSettings settings,
            PrintStream progress) throws Exception {
        long started = System.nanoTime();
        if (!Files.isReadable(input)) {
            throw new IllegalArgumentException("cannot read capture " + input);
        }
        Path work = Files.createTempDirectory("timelines-replay-");
        MeterRegistry meters = new SimpleMeterRegistry();
        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(work.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicAdmin.ensure(bootstrap, Topics.forReplay(), Map.of());

            Feed feed;
            try (Feed f = new Feed(bootstrap, catalog, meters, progress);
                    BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    f.line(line);
                }
                f.tickPastEnd();
                feed = f;
            }

            List<Incident> incidents;
            List<Alert> alerts;
            try (StreamsRunner streams = new StreamsRunner(bootstrap, APPLICATION_ID, work.resolve("streams"), settings,
                    ServiceGraph.of(() -> catalog), meters, Map.of())) {
                streams.start();
                awaitCaughtUp(bootstrap, Duration.ofMinutes(10));
                incidents = latestRevisions(bootstrap);
                alerts = alerts(bootstrap);
            }
            writeOutputs(out, incidents, alerts, feed.rejected);
            return new Result(feed.deliveries, feed.accepted, feed.ignored, feed.rejected, incidents, alerts, out,
                    Duration.ofNanos(System.nanoTime() - started));
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Feeds capture lines through the ingest path, one at a time and in order, each acknowledged
     * by Kafka before the next; counts what became of them.
     */
    public static final class Feed implements AutoCloseable {
        private final KafkaPublisher publisher;
        private final DeliveryProcessor processor;
        private final PrintStream progress;
        int lineNo;
        int deliveries;
        int accepted;
        int ignored;
        final List<Rejection> rejected = new ArrayList<>();
        Instant last;

        public Feed(String bootstrap, Catalog catalog, MeterRegistry meters, PrintStream progress) {
            // One delivery is in flight at a time, so lingering for a fuller batch only adds to every line's wait.
            this.publisher = new KafkaPublisher(bootstrap, Duration.ofSeconds(30), Map.of("linger.ms", "0"));
            this.processor = new DeliveryProcessor(Sources.normalizers(catalog.defaultEnv()), publisher, meters,
                    () -> catalog);
            this.progress = progress;
        }

        public void line(String line) {
            lineNo++;
            if (line.isBlank()) {
                return;
            }
            deliveries++;
            RawDelivery raw;
            try {
                raw = CaptureLine.parse(line);
            } catch (Payload.Invalid e) {
                rejected.add(new Rejection(lineNo, null, null, "line " + lineNo + ": " + e.getMessage()));
                return;
            }
            last = last == null || raw.receivedAt().isAfter(last) ? raw.receivedAt() : last;
            Outcome outcome = processor.process(raw);
            switch (outcome.kind()) {
                case ACCEPTED -> accepted++;
                case IGNORED -> ignored++;
                case REJECTED -> rejected.add(new Rejection(lineNo, raw.source(), raw.receivedAt(), outcome.reason()));
                case UNAVAILABLE -> throw new IllegalStateException(
                        "the replay broker stopped answering at line " + lineNo + ": " + outcome.reason());
            }
            if (deliveries % 10_000 == 0) {
                progress.printf("replay: %d deliveries read%n", deliveries);
            }
        }

        /** Moves stream time past the last delivery, so everything that can end, ends. */
        public void tickPastEnd() throws Exception {
            if (last != null) {
                new TickEmitter(publisher, java.time.Clock.systemUTC()).tickAll(last.plus(SETTLE));
            }
        }

        @Override
        public void close() {
            publisher.close();
        }
    }

    public static List<Alert> alerts(String bootstrap) {
        return TopicDrain.readAll(bootstrap, Topics.ALERTS, JsonSerde.of(Alert.class), Map.of()).stream()
                .map(r -> r.value()).filter(java.util.Objects::nonNull).toList();
    }

    /** The final revision of every incident on {@code incidents.v1}, merged ones left out. */
    public static List<Incident> latestRevisions(String bootstrap) {
        Map<String, Incident> latest = new LinkedHashMap<>();
        TopicDrain.readAll(bootstrap, Topics.INCIDENTS, JsonSerde.of(Incident.class), Map.of()).forEach(r -> {
            Incident i = r.value();
            if (i == null) {
                // A tombstone: the incident merged into another.
                latest.remove(r.key());
                return;
            }
            Incident seen = latest.get(i.id());
            if (seen == null || seen.revision() < i.revision()) {
                latest.put(i.id(), i);
            }
        });
        List<Incident> out = new ArrayList<>(latest.values());
        out.sort(Comparator.comparing(Incident::begin).thenComparing(Incident::id));
        return out;
    }

    public static void writeOutputs(Path out, List<Incident> incidents, List<Alert> alerts, List<Rejection> rejected)
            throws IOException {
        Files.createDirectories(out);
        DraftWriter writer = new DraftWriter(out);
        for (Incident i : incidents) {
            writer.replace(i);
        }
        StringBuilder a = new StringBuilder();
        for (Alert alert : alerts) {
            a.append(Json.mapper().writeValueAsString(alert)).append('\n');
        }
        DraftWriter.atomicWrite(out.resolve("alerts.jsonl"), a.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder r = new StringBuilder();
        for (Rejection x : rejected) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("line", x.line());
            line.put("source", x.source());
            line.put("receivedAt", x.receivedAt());
            line.put("reason", x.reason());
            r.append(Json.mapper().writeValueAsString(line)).append('\n');
        }
        DraftWriter.atomicWrite(out.resolve("rejected.jsonl"), r.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the topology has committed its way to the end of its input topics. */
    public static void awaitCaughtUp(String bootstrap, Duration timeout) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> ends = new LinkedHashMap<>();
            for (String topic : List.of(Topics.SIGNALS, Topics.RECORDS)) {
                admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(pi -> ends.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> end = new LinkedHashMap<>();
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean done = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
                if (done && outputsSettled(admin)) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topology did not finish the capture within " + timeout
                            + " (committed " + committed + ", end " + end + ")");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Whether every transaction on the output topics is complete: the group's offsets become
     * visible a moment before the commit markers reach the outputs, so a drain started on the
     * offsets alone could miss the last revisions.
     */
    private static boolean outputsSettled(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (String topic : List.of(Topics.INCIDENTS, Topics.ALERTS)) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(pi -> latest.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest()));
        }
        var uncommitted = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                .get(30, TimeUnit.SECONDS);
        var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(30, TimeUnit.SECONDS);
        return latest.keySet().stream().allMatch(tp -> uncommitted.get(tp).offset() == committed.get(tp).offset());
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // A temp dir left behind is harmless; the replay's result is already written.
        }
    }
}
