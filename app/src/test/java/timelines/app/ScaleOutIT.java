package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.app.replay.Replayer;
import timelines.contracts.Alert;
import timelines.contracts.EnvPartitioner;
import timelines.contracts.Incident;
import timelines.contracts.Json;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.sink.drafts.DraftWriter;
import timelines.streams.CorrelationSettings;
import timelines.streams.StreamsRunner;

/**
 * Two streams instances of one application id share a capture over four partitions; one of them
 * is stopped half-way, its tasks move to the survivor (state restored from the changelogs), and
 * the incidents come out byte for byte as from a single instance.
 *
 * <p>The reference is a single instance over the same four partitions, compared byte for byte,
 * revision numbers included: scaling out must not change a thing. It is not {@link
 * Replayer#replay}, whose topics have one partition, because the partition count may change the
 * revision numbers. "Now" in the topology is the stream time of a task, and a task holds every env
 * of its partition: a signal observed before what its partition has already seen (a monitor that
 * relays late) can find its episode already closed by another env's later signal, and amends it,
 * one revision more than where that env has the partition to itself. Ids, markers, entries and
 * durations are meant to depend only on each env's own input order (a late signal amends a
 * closed episode to what it would have extended an open one to), and this capture is in
 * event-time order, so here even the revisions agree with a replay; that is a property of the
 * capture, not of the pipeline.
 */
class ScaleOutIT {
    private static final int PARTITIONS = 4;
    /** The demo's stories, once per region; each region's staging beside its production. */
    private static final List<Map<String, String>> REGIONS = List.of(
            Map.of("prod", "prod", "stage", "stage"),
            Map.of("prod", "eu", "stage", "eu-stage"),
            Map.of("prod", "us", "stage", "us-stage"),
            Map.of("prod", "apac", "stage", "apac-stage"));

    @TempDir
    Path dir;

    @Test
    void twoInstancesOneStoppedHalfWayGiveTheSameIncidentsAsOneInstance() throws Exception {
        List<String> capture = regionalCapture();
        Set<Integer> partitionsWithWork = new TreeSet<>();
        REGIONS.forEach(r -> r.values().forEach(env -> partitionsWithWork.add(
                EnvPartitioner.partitionFor(env, PARTITIONS))));
        assertThat(partitionsWithWork).as("every partition has envs, so both instances get work").hasSize(PARTITIONS);
        // In the middle of the AMQP story in every region: some of its errors before the stop, the rest after.
        int half = (int) capture.stream().takeWhile(l -> !l.contains("2023-03-06T10:")).count();
        assertThat(half).isBetween(40, capture.size() - 40);
        Catalog catalog = ReplayIT.catalogFrom(dir);

        Outcome single = singleInstance(capture, catalog);
        Outcome scaledOut = twoInstancesOneStopped(capture, half, catalog);

        assertThat(single.incidents()).hasSizeGreaterThanOrEqualTo(6 * REGIONS.size());
        assertThat(scaledOut.incidents().keySet()).isEqualTo(single.incidents().keySet());
        single.incidents().forEach((id, json) -> assertThat(scaledOut.incidents().get(id)).as(id).isEqualTo(json));
        assertThat(scaledOut.alerts()).isEqualTo(single.alerts()).isNotEmpty();
    }

    /** The whole capture on the topics, then one instance over all of it, as a replay does. */
    private Outcome singleInstance(List<String> capture, Catalog catalog) throws Exception {
        MeterRegistry meters = new SimpleMeterRegistry();
        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(dir.resolve("single/kafka"))) {
            String bootstrap = createTopics(kafka);
            try (Replayer.Feed feed = new Replayer.Feed(bootstrap, catalog, meters, System.err)) {
                capture.forEach(feed::line);
                feed.tickPastEnd();
            }
            try (StreamsRunner streams = runner(bootstrap, dir.resolve("single/state"), catalog, meters)) {
                streams.start();
                Replayer.awaitCaughtUp(bootstrap, Duration.ofMinutes(2));
                return Outcome.of(bootstrap);
            }
        }
    }

    /**
     * Both instances up and sharing the partitions before anything is fed, so each has work;
     * half the capture; one stops (leaving the group, as on SIGTERM); the rest of the capture
     * goes to the survivor, which takes over the stopped one's tasks.
     */
    private Outcome twoInstancesOneStopped(List<String> capture, int half, Catalog catalog) throws Exception {
        MeterRegistry feedMeters = new SimpleMeterRegistry();
        MeterRegistry survivorMeters = new SimpleMeterRegistry();
        MeterRegistry stoppedMeters = new SimpleMeterRegistry();
        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(dir.resolve("scaled/kafka"))) {
            String bootstrap = createTopics(kafka);
            // The instances run while the capture comes in, so it comes in one delivery at a time, as live.
            try (Replayer.Feed feed = new Replayer.Feed(bootstrap, catalog, feedMeters, System.err, 0);
                    StreamsRunner survivor = runner(bootstrap, dir.resolve("scaled/state-a"), catalog, survivorMeters)) {
                survivor.start();
                try (StreamsRunner stopped = runner(bootstrap, dir.resolve("scaled/state-b"), catalog, stoppedMeters)) {
                    stopped.start();
                    await().atMost(Duration.ofSeconds(60)).until(() -> survivor.running() && stopped.running());
                    capture.subList(0, half).forEach(feed::line);
                    Replayer.awaitCaughtUp(bootstrap, Duration.ofMinutes(2));
                    assertThat(signalsCounted(survivorMeters)).as("signals the survivor processed").isPositive();
                    assertThat(signalsCounted(stoppedMeters)).as("signals the stopped instance processed").isPositive();
                }
                double survivorBefore = signalsCounted(survivorMeters);
                capture.subList(half, capture.size()).forEach(feed::line);
                feed.tickPastEnd();
                Replayer.awaitCaughtUp(bootstrap, Duration.ofMinutes(2));
                assertThat(signalsCounted(survivorMeters)).as("the survivor went on alone").isGreaterThan(survivorBefore);
                return Outcome.of(bootstrap);
            }
        }
    }

    private static StreamsRunner runner(String bootstrap, Path stateDir, Catalog catalog, MeterRegistry meters) {
        return new StreamsRunner(bootstrap, Replayer.APPLICATION_ID, stateDir, CorrelationSettings.defaults(),
                meters, Map.of());
    }

    /**
     * The production topic layout at four partitions, without time-based deletion: the capture's
     * event times are years old, and the 7-day retention of {@code signals.v1} would let the broker
     * delete them under the test.
     */
    private static String createTopics(EmbeddedKafka kafka) {
        List<Topics.Spec> specs = Topics.forReplay().stream()
                .map(s -> new Topics.Spec(s.name(),
                        s.name().equals(Topics.DEAD_LETTER) || s.name().equals(Topics.CATALOG) ? 1 : PARTITIONS,
                        s.configs()))
                .toList();
        TopicAdmin.ensure(kafka.bootstrapServers(), specs, Map.of());
        return kafka.bootstrapServers();
    }

    private static double signalsCounted(MeterRegistry meters) {
        return meters.find("timelines_signals_total").counters().stream().mapToDouble(Counter::count).sum();
    }

    /**
     * The bundled capture with every delivery repeated for each region, its env rewritten, in
     * the order received: the regions' stories run side by side, each env's input in its
     * original order.
     */
    static List<String> regionalCapture() throws IOException {
        String demo;
        try (InputStream in = ScaleOutIT.class.getResourceAsStream("/demo/capture.jsonl")) {
            demo = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<String> lines = new ArrayList<>();
        for (String line : demo.lines().filter(l -> !l.isBlank()).toList()) {
            for (Map<String, String> region : REGIONS) {
                ObjectNode node = (ObjectNode) Json.mapper().readTree(line);
                // The project's own formats name the env in the body; Alertmanager's alerts in a label.
                List<ObjectNode> named = new ArrayList<>();
                if (node.path("source").asText().equals("alertmanager")) {
                    node.path("body").path("alerts").forEach(a -> named.add((ObjectNode) a.get("labels")));
                    if (node.path("body").path("commonLabels").has("env")) {
                        named.add((ObjectNode) node.path("body").get("commonLabels"));
                    }
                } else {
                    named.add((ObjectNode) node.get("body"));
                }
                for (ObjectNode n : named) {
                    JsonNode env = n.path("env");
                    assertThat(env.isTextual()).as("every demo delivery names its env: %s", line).isTrue();
                    assertThat(region).containsKey(env.asText());
                    n.put("env", region.get(env.asText()));
                }
                lines.add(Json.mapper().writeValueAsString(node));
            }
        }
        return lines;
    }

    /** The final revision of every incident as its JSON draft, and every alert, in a stable order. */
    private record Outcome(Map<String, String> incidents, List<String> alerts) {
        static Outcome of(String bootstrap) throws Exception {
            Map<String, String> incidents = new LinkedHashMap<>();
            for (Incident i : Replayer.latestRevisions(bootstrap)) {
                incidents.put(i.id(), new String(DraftWriter.jsonBytes(i), StandardCharsets.UTF_8));
            }
            // alerts.v1 has four partitions: only the order within an incident is defined.
            List<String> alerts = new ArrayList<>();
            for (Alert a : Replayer.alerts(bootstrap).stream()
                    .sorted(Comparator.comparing(Alert::incidentId).thenComparing(Alert::at)
                            .thenComparing(a -> a.type().name())).toList()) {
                alerts.add(Json.mapper().writeValueAsString(a));
            }
            return new Outcome(incidents, alerts);
        }
    }
}
