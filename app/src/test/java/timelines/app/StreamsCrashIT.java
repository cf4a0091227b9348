package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.app.replay.Replayer;
import timelines.contracts.Alert;
import timelines.contracts.Incident;
import timelines.contracts.Json;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.streams.CorrelationSettings;

/**
 * A streams process killed (SIGKILL) in the middle of its input, and started again, gives the
 * same incidents, revision numbers included, and the same alerts, as one run that was never
 * interrupted. This is what exactly-once promises, and what the store layers must keep: state
 * objects not yet written ({@code WriteBehindStore}) and revisions not yet sent ({@code
 * CommitOutbox}) die with the process together with the uncommitted input, which is read again.
 */
class StreamsCrashIT {
    private static final int SERVICES = 12;
    private static final int OUTAGES_PER_SERVICE = 8;
    private static final int ERRORS_PER_OUTAGE = 300;

    @TempDir
    Path dir;

    @Test
    void aStreamsProcessKilledMidInputAndRestartedGivesWhatAnUninterruptedRunGives() throws Exception {
        Path capture = writeCapture(dir.resolve("capture.jsonl"));
        Replayer.Result uninterrupted = Replayer.replay(capture, dir.resolve("uninterrupted"), Catalog.EMPTY,
                CorrelationSettings.defaults(), System.err);
        assertThat(uninterrupted.incidents()).hasSizeGreaterThanOrEqualTo(SERVICES * OUTAGES_PER_SERVICE / 2);
        assertThat(uninterrupted.alerts()).isNotEmpty();

        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(dir.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicAdmin.ensure(bootstrap, Topics.forReplay(), Map.of());
            try (Replayer.Feed feed = new Replayer.Feed(bootstrap, Catalog.EMPTY, new SimpleMeterRegistry(),
                    System.err)) {
                Files.readAllLines(capture, StandardCharsets.UTF_8).forEach(feed::line);
                feed.tickPastEnd();
            }
            long inputs = endOffsets(bootstrap);
            Path config = writeConfig(bootstrap);

            Components.Started first = Components.start(dir, "streams", config, "first");
            Components.Started second = null;
            try {
                long committedWhenKilled = awaitCommittedPast(bootstrap, inputs / 5, Duration.ofSeconds(90), first);
                first.process().destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                assertThat(committedWhenKilled).as("killed before the end of its input").isLessThan(inputs);
                System.err.printf("StreamsCrashIT: killed at %,d of %,d input offsets committed%n",
                        committedWhenKilled, inputs);

                second = Components.start(dir, "streams", config, "second");
                Replayer.awaitCaughtUp(bootstrap, Duration.ofSeconds(120));
                second.process().destroy();
                assertThat(second.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            } catch (AssertionError | Exception e) {
                System.err.println("---- first streams process ----\n" + first.output());
                if (second != null) {
                    System.err.println("---- second streams process ----\n" + second.output());
                }
                throw e;
            } finally {
                first.process().destroyForcibly();
                if (second != null) {
                    second.process().destroyForcibly();
                }
            }

            assertThat(byId(Replayer.latestRevisions(bootstrap))).isEqualTo(byId(uninterrupted.incidents()));
            assertThat(json(Replayer.alerts(bootstrap))).isEqualTo(json(uninterrupted.alerts()));
        }
    }

    /** Generic signals of a dozen services: outages with a FAILING, a burst of errors and a RECOVERED. */
    private static Path writeCapture(Path file) throws IOException {
        List<String> lines = new ArrayList<>();
        Instant start = Instant.parse("2024-05-06T00:00:00Z");
        for (int outage = 0; outage < OUTAGES_PER_SERVICE; outage++) {
            for (int s = 0; s < SERVICES; s++) {
                String service = "svc-" + s;
                Instant begin = start.plus(Duration.ofHours(2L * outage)).plusSeconds(37L * s);
                lines.add(line(begin, "FAILING", service, "uptime check failed"));
                for (int e = 0; e < ERRORS_PER_OUTAGE; e++) {
                    lines.add(line(begin.plusSeconds(2L * e + 1), "ERROR", service, "error " + (e % 7)));
                }
                lines.add(line(begin.plus(Duration.ofMinutes(25)), "RECOVERED", service, "uptime check passed"));
            }
        }
        lines.sort((a, b) -> a.substring(0, 40).compareTo(b.substring(0, 40)));
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static String line(Instant at, String type, String service, String summary) {
        String body = """
                {"type":"%s","source":"generic","env":"prod","service":"%s","check":"uptime","observedAt":"%s",\
                "alerting":true,"summary":"%s"}""".formatted(type, service, at, summary);
        return """
                {"receivedAt":"%s","source":"signals","headers":{"content-type":"application/json"},"body":%s}\
                """.formatted(at, body);
    }

    private Path writeConfig(String bootstrap) throws IOException {
        Path config = dir.resolve("timelines.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrapServers: %s
                  partitions: 1
                  client:
                    # The killed member leaves no goodbye: the group waits out its session before the
                    # restarted process gets the partition (45 s by default).
                    session.timeout.ms: 6000
                    heartbeat.interval.ms: 1000
                ops:
                  host: 127.0.0.1
                streams:
                  applicationId: %s
                  stateDir: %s
                  port: 0
                """.formatted(bootstrap, Replayer.APPLICATION_ID, dir.resolve("streams-state")));
        return config;
    }

    private static Admin admin(String bootstrap) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(p);
    }

    private static long endOffsets(String bootstrap) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            var specs = new java.util.HashMap<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
            specs.put(new TopicPartition(Topics.SIGNALS, 0), org.apache.kafka.clients.admin.OffsetSpec.latest());
            specs.put(new TopicPartition(Topics.RECORDS, 0), org.apache.kafka.clients.admin.OffsetSpec.latest());
            return admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).values().stream()
                    .mapToLong(i -> i.offset()).sum();
        }
    }

    /** Waits until the application committed more than {@code past} input offsets; returns what it had. */
    private static long awaitCommittedPast(String bootstrap, long past, Duration timeout, Components.Started process)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin(bootstrap)) {
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin
                        .listConsumerGroupOffsets(Replayer.APPLICATION_ID).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                long sum = committed.values().stream().filter(o -> o != null)
                        .mapToLong(OffsetAndMetadata::offset).sum();
                if (sum > past) {
                    return sum;
                }
                assertThat(process.process().isAlive()).as("timelines streams is running; its output:%n%s",
                        process.output()).isTrue();
                assertThat(System.nanoTime()).as("committed %d of %d input offsets in %s", sum, past, timeout)
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    private static Map<String, String> byId(List<Incident> incidents) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (Incident i : incidents) {
            out.put(i.id(), Json.mapper().writeValueAsString(i));
        }
        return out;
    }

    private static List<String> json(List<Alert> alerts) throws IOException {
        List<String> out = new ArrayList<>();
        for (Alert a : alerts) {
            out.add(Json.mapper().writeValueAsString(a));
        }
        out.sort(String::compareTo);
        return out;
    }
}
