package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.app.replay.Replayer;
import timelines.contracts.Incident;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.sink.drafts.DraftWriter;
import timelines.streams.CorrelationSettings;
import timelines.streams.StreamsRunner;

/**
 * The topology stopped half-way through a capture and started again, on a fresh state dir so
 * its state comes back from the changelogs, gives the same drafts as one uninterrupted run.
 */
class StreamsRestartIT {
    @TempDir
    Path dir;

    @Test
    void aRestartMidCaptureYieldsTheSameDraftsAsAnUninterruptedRun() throws Exception {
        Path capture = dir.resolve("capture.jsonl");
        try (InputStream in = StreamsRestartIT.class.getResourceAsStream("/demo/capture.jsonl")) {
            Files.copy(in, capture);
        }
        Catalog catalog = ReplayIT.catalogFrom(dir);
        Replayer.Result uninterrupted = Replayer.replay(capture, dir.resolve("uninterrupted"), catalog,
                CorrelationSettings.defaults(), System.err);

        List<String> lines = Files.readAllLines(capture, StandardCharsets.UTF_8);
        // In the middle of the AMQP story: some of its errors before the restart, the rest after.
        int half = (int) lines.stream().takeWhile(l -> !l.contains("2023-03-06T10:")).count();
        assertThat(half).isBetween(10, lines.size() - 10);

        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(dir.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicAdmin.ensure(bootstrap, Topics.forReplay(), Map.of());
            try (Replayer.Feed feed = new Replayer.Feed(bootstrap, catalog, meters, System.err)) {
                lines.subList(0, half).forEach(feed::line);
                feed.awaitOutcomes();
                runStreamsToTheEnd(bootstrap, dir.resolve("state-before"), catalog, meters);

                lines.subList(half, lines.size()).forEach(feed::line);
                feed.tickPastEnd();
                runStreamsToTheEnd(bootstrap, dir.resolve("state-after"), catalog, meters);
            }
            List<Incident> restarted = Replayer.latestRevisions(bootstrap);

            assertThat(restarted).hasSameSizeAs(uninterrupted.incidents());
            for (int i = 0; i < restarted.size(); i++) {
                assertThat(new String(DraftWriter.jsonBytes(restarted.get(i)), StandardCharsets.UTF_8))
                        .isEqualTo(new String(DraftWriter.jsonBytes(uninterrupted.incidents().get(i)),
                                StandardCharsets.UTF_8));
            }
            assertThat(Replayer.alerts(bootstrap)).isEqualTo(uninterrupted.alerts());
        }
    }

    private static void runStreamsToTheEnd(String bootstrap, Path stateDir, Catalog catalog,
            SimpleMeterRegistry meters) throws Exception {
        try (StreamsRunner streams = new StreamsRunner(bootstrap, Replayer.APPLICATION_ID, stateDir,
                CorrelationSettings.defaults(), meters, Map.of())) {
            streams.start();
            Replayer.awaitCaughtUp(bootstrap, Duration.ofMinutes(2));
        }
    }
}
