package timelines.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.contracts.Json;
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

/**
 * The feed keeps thousands of deliveries in flight, yet counts, rejects (with their line numbers)
 * and writes to every topic exactly what feeding one delivery at a time, each acknowledged before
 * the next, did: the order within a partition is what makes a replay give the same bytes.
 */
class FeedIT {
    static final Instant T0 = Instant.parse("2024-03-04T00:00:00Z");
    /** Enough good lines that the window fills and drains several times over. */
    static final int GOOD = 3 * Replayer.Feed.WINDOW;
    static final List<String> TOPICS = List.of(Topics.SIGNALS_RAW, Topics.SIGNALS_REJECTED, Topics.SIGNALS,
            Topics.RECORDS);

    @TempDir
    static Path dir;
    static List<String> capture;
    static Counts pipelined;
    static Counts oneAtATime;
    static Map<String, List<String>> pipelinedTopics;
    static Map<String, List<String>> oneAtATimeTopics;

    record Counts(int deliveries, int accepted, int ignored, List<Replayer.Rejection> rejected) {}

    @BeforeAll
    static void feedTheCaptureBothWays() throws Exception {
        capture = capture();
        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(dir.resolve("pipelined"))) {
            TopicAdmin.ensure(kafka.bootstrapServers(), Topics.forReplay(), Map.of());
            try (Replayer.Feed feed = new Replayer.Feed(kafka.bootstrapServers(), Catalog.EMPTY,
                    new SimpleMeterRegistry(), System.err)) {
                capture.forEach(feed::line);
                feed.tickPastEnd();
                pipelined = new Counts(feed.deliveries, feed.accepted, feed.ignored, feed.rejected);
            }
            pipelinedTopics = topics(kafka.bootstrapServers());
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(dir.resolve("one-at-a-time"))) {
            TopicAdmin.ensure(kafka.bootstrapServers(), Topics.forReplay(), Map.of());
            oneAtATime = feedOneAtATime(kafka.bootstrapServers());
            oneAtATimeTopics = topics(kafka.bootstrapServers());
        }
    }

    @Test
    void countsAndRejectionsComeOutInCaptureOrderWithTheirLineNumbers() {
        assertThat(pipelined.deliveries()).isEqualTo(capture.size() - 1);
        assertThat(pipelined.accepted()).isEqualTo(GOOD);
        assertThat(pipelined.ignored()).isEqualTo(1);
        assertThat(pipelined.rejected()).extracting(Replayer.Rejection::line)
                .containsExactly(1000, 6000, 9000, capture.size());
        assertThat(pipelined.rejected().get(0).reason()).startsWith("line 1000: not JSON");
        assertThat(pipelined.rejected().get(0).source()).isNull();
        assertThat(pipelined.rejected().get(1).reason()).startsWith("unknown source 'nagios'");
        assertThat(pipelined.rejected().get(1).receivedAt()).isEqualTo(T0.plusSeconds(6000));
        assertThat(pipelined.rejected().get(2).reason()).contains("'service'");
        assertThat(pipelined.rejected().get(3).source()).isEqualTo("signals");
    }

    @Test
    void countsAndRejectionsAreThoseOfOneDeliveryAtATime() {
        assertThat(pipelined).isEqualTo(oneAtATime);
    }

    @Test
    void everyTopicHoldsTheSameRecordsInTheSameOrderAsOneDeliveryAtATime() {
        assertThat(pipelinedTopics.get(Topics.SIGNALS)).hasSize(GOOD + 1);
        assertThat(pipelinedTopics.get(Topics.SIGNALS_REJECTED)).hasSize(3);
        for (String topic : TOPICS) {
            List<String> a = pipelinedTopics.get(topic);
            List<String> b = oneAtATimeTopics.get(topic);
            assertThat(a).as(topic).hasSameSizeAs(b);
            for (int i = 0; i < a.size(); i++) {
                assertThat(a.get(i)).as(topic + " at offset " + i).isEqualTo(b.get(i));
            }
        }
    }

    /**
     * GOOD generic signals, one a second, with between them: a line that is not JSON, a blank
     * line, an unknown source, a signal the normalizer rejects, an SNS confirmation that is
     * ignored; and a rejected signal as the very last line.
     */
    static List<String> capture() throws Exception {
        List<String> lines = new ArrayList<>();
        int good = 0;
        while (good < GOOD) {
            int no = lines.size() + 1;
            Instant at = T0.plusSeconds(no);
            switch (no) {
                case 1000 -> lines.add("{not json");
                case 5001 -> lines.add("   ");
                case 6000 -> lines.add(line(at, "nagios", Map.of("state", "DOWN")));
                case 9000 -> lines.add(line(at, "signals", Map.of("type", "ERROR", "summary", "no service")));
                case 11000 -> lines.add(line(at, "cloudwatch", Map.of("Type", "SubscriptionConfirmation",
                        "TopicArn", "arn:aws:sns:eu-west-1:1:alarms", "SubscribeURL", "https://sns.example/confirm")));
                default -> {
                    lines.add(line(at, "signals", Map.of("type", "ERROR", "service", "svc-" + good % 7,
                            "env", good % 3 == 0 ? "stage" : "prod", "summary", "error " + good)));
                    good++;
                }
            }
        }
        lines.add(line(T0.plusSeconds(lines.size() + 1), "signals", Map.of("type", "NOPE", "service", "x",
                "summary", "last")));
        return lines;
    }

    private static String line(Instant receivedAt, String source, Map<String, String> body) throws Exception {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("receivedAt", receivedAt.toString());
        line.put("source", source);
        line.put("headers", Map.of());
        line.put("body", new java.util.TreeMap<>(body));
        return Json.mapper().writeValueAsString(line);
    }

    /** The feed as it was before it was pipelined: each delivery acknowledged before the next is sent. */
    private static Counts feedOneAtATime(String bootstrap) throws Exception {
        int deliveries = 0;
        int accepted = 0;
        int ignored = 0;
        List<Replayer.Rejection> rejected = new ArrayList<>();
        Instant last = null;
        try (KafkaPublisher publisher = new KafkaPublisher(bootstrap, Duration.ofSeconds(30),
                Map.of("linger.ms", "0"))) {
            DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers(Catalog.EMPTY.defaultEnv()),
                    publisher, new SimpleMeterRegistry(), () -> Catalog.EMPTY);
            for (int i = 0; i < capture.size(); i++) {
                int no = i + 1;
                if (capture.get(i).isBlank()) {
                    continue;
                }
                deliveries++;
                RawDelivery raw;
                try {
                    raw = CaptureLine.parse(capture.get(i));
                } catch (Payload.Invalid e) {
                    rejected.add(new Replayer.Rejection(no, null, null, "line " + no + ": " + e.getMessage()));
                    continue;
                }
                last = last == null || raw.receivedAt().isAfter(last) ? raw.receivedAt() : last;
                Outcome outcome = processor.process(raw);
                switch (outcome.kind()) {
                    case ACCEPTED -> accepted++;
                    case IGNORED -> ignored++;
                    case REJECTED -> rejected.add(new Replayer.Rejection(no, raw.source(), raw.receivedAt(),
                            outcome.reason()));
                    case UNAVAILABLE -> throw new IllegalStateException(outcome.reason());
                }
            }
            new TickEmitter(publisher, Clock.systemUTC()).endOfInput(last.plus(Replayer.SETTLE));
        }
        return new Counts(deliveries, accepted, ignored, rejected);
    }

    /** Each topic as key, timestamp and value of every record, in offset order (one partition in a replay). */
    private static Map<String, List<String>> topics(String bootstrap) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String topic : TOPICS) {
            out.put(topic, TopicDrain.readAll(bootstrap, topic, new ByteArrayDeserializer(), Map.of()).stream()
                    .map(r -> r.partition() + " " + r.key() + " " + r.timestamp() + " "
                            + new String(r.value(), StandardCharsets.UTF_8))
                    .toList());
        }
        return out;
    }
}
