package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.streams.TimelineTopologyTest.at;
import static timelines.streams.TimelineTopologyTest.failing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Incident;
import timelines.contracts.JsonSerde;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.Signal;
import timelines.contracts.Topics;
import timelines.streams.episodes.EpisodeState;
import timelines.streams.incidents.IncidentState;

/**
 * What a careless or hostile producer on the input topics can do to the topology: with the
 * runner's own settings (dead-letter topic, processing exception handler), an input that makes
 * a processor throw is dead-lettered with its reason and the next signal is still drafted, and
 * no key's state outgrows a changelog record however large the signals are.
 */
class HostileInputTopologyTest {
    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> rawSignals;
    private TestInputTopic<String, Signal> signals;
    private TestInputTopic<String, Record> records;
    private TestOutputTopic<String, byte[]> dead;
    private TestOutputTopic<String, Incident> incidents;

    @BeforeEach
    void start() {
        Properties props = StreamsRunner.properties("unused:9092", "timelines-test", stateDir, Map.of());
        props.put(DeadLetterCounter.METERS_CONFIG, meters);
        props.remove(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        driver = new TopologyTestDriver(
                TimelineTopology.build(CorrelationSettings.defaults(), meters), props);
        rawSignals = driver.createInputTopic(Topics.SIGNALS, new StringSerializer(), new ByteArraySerializer());
        signals = driver.createInputTopic(Topics.SIGNALS, new StringSerializer(), JsonSerde.of(Signal.class));
        records = driver.createInputTopic(Topics.RECORDS, new StringSerializer(), JsonSerde.of(Record.class));
        dead = driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
        incidents = driver.createOutputTopic(Topics.INCIDENTS, new StringDeserializer(), JsonSerde.of(Incident.class));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(Signal s) {
        signals.pipeInput(s.key(), s, s.observedAt());
    }

    private double deadLettered(String reason) {
        // Summed over the topics: every reason's series exists at 0 from the start for each input topic.
        return meters.find("timelines_records_dead_lettered_total").tag("reason", reason).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    void shouldDeadLetterASignalWithoutTimeAndDraftTheNextOne() {
        String noTime = "{\"id\":\"x1\",\"source\":\"generic\",\"type\":\"FAILING\",\"env\":\"prod\","
                + "\"service\":\"api\",\"check\":\"c\",\"labels\":{}}";
        rawSignals.pipeInput("prod|api", noTime.getBytes(StandardCharsets.UTF_8), at("09:00").toEpochMilli());
        send(failing("api", "09:01").build());

        List<TestRecord<String, byte[]>> letters = dead.readRecordsToList();
        assertThat(letters).singleElement().satisfies(r -> {
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(noTime);
            assertThat(new String(r.headers().lastHeader("__streams.errors.message").value(), StandardCharsets.UTF_8))
                    .startsWith("NO_TIME");
        });
        assertThat(deadLettered("NO_TIME")).isEqualTo(1.0);
        assertThat(incidents.readValuesToList()).as("the next signal still makes an incident")
                .singleElement().satisfies(i -> assertThat(i.begin()).isEqualTo(at("09:01")));
    }

    @Test
    void shouldDeadLetterASignalWithAHundredKilobyteLinkAndDraftTheNextOne() {
        for (int i = 0; i < 14; i++) {
            Signal s = failing("api", "09:0" + (i % 10)).check("check-" + i).build();
            send(new Signal(s.id() + i, s.source(), s.type(), s.env(), s.service(), s.check(), s.observedAt(),
                    s.receivedAt(), true, null, s.summary(), "https://example.com/" + "a".repeat(100_000), Map.of(),
                    false));
        }
        send(failing("web", "09:30").build());

        assertThat(dead.readRecordsToList()).hasSize(14);
        assertThat(deadLettered("TEXT_TOO_LONG")).isEqualTo(14.0);
        assertThat(incidents.readValuesToList()).singleElement()
                .satisfies(i -> assertThat(i.services()).containsExactly("web"));
    }

    @Test
    void shouldDeadLetterARecordWithTooManyServices() {
        List<String> services = java.util.stream.IntStream.range(0, 5_000).mapToObj(i -> "svc-" + i).toList();
        Record flood = new Record("r1", RecordType.INCIDENT, "prod", services, at("09:00"), null, null, "t", null);
        records.pipeInput(flood.key(), flood, flood.openedAt());
        send(failing("api", "09:01").build());

        assertThat(deadLettered("TOO_MANY_SERVICES")).isEqualTo(1.0);
        assertThat(incidents.readValuesToList()).hasSize(1);
    }

    @Test
    void shouldKeepEveryStateWithinAChangelogRecordWhenLargeSignalsKeepComing() {
        // The largest signals ingest lets through (and then some), 300 distinct checks of one service,
        // each failing twice, with a deploy before: the worst a busy service can send within the limits.
        String link = "https://example.com/" + "l".repeat(InputCheck.MAX_TEXT - 40);
        String summary = "s".repeat(InputCheck.MAX_TEXT - 10);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 300; i++) {
                Signal s = failing("api", "09:" + String.format("%02d", 10 + round * 20 + i % 20))
                        .check("check-" + i + "-" + "c".repeat(900)).alerting().build();
                send(new Signal(s.id() + "-" + round + "-" + i, s.source(), s.type(), s.env(), s.service(), s.check(),
                        s.observedAt(), s.receivedAt(), true, null, summary + i, link + i, Map.of(), false));
            }
        }
        assertThat(dead.readRecordsToList()).isEmpty();

        KeyValueStore<String, EpisodeState> episodes = driver.getKeyValueStore(StoreNames.EPISODES);
        byte[] episodeBytes = JsonSerde.of(EpisodeState.class).serialize("t", episodes.get("prod|api"));
        KeyValueStore<String, IncidentState> stored = driver.getKeyValueStore(StoreNames.INCIDENTS);
        int largestIncident = 0;
        try (var all = stored.all()) {
            while (all.hasNext()) {
                largestIncident = Math.max(largestIncident,
                        JsonSerde.of(IncidentState.class).serialize("t", all.next().value).length);
            }
        }
        List<Incident> revisions = incidents.readValuesToList();
        int largestRevision = revisions.stream()
                .mapToInt(i -> JsonSerde.of(Incident.class).serialize("t", i).length).max().orElseThrow();

        assertThat(episodeBytes.length).as("one service's episode state").isLessThan(1024 * 1024);
        assertThat(largestIncident).as("one incident's state").isLessThan(StateBudget.CHANGELOG_MAX_BYTES / 4);
        assertThat(largestRevision).as("one revision on incidents.v1").isLessThan(1024 * 1024);
        Incident last = revisions.get(revisions.size() - 1);
        assertThat(last.entriesOmitted()).as("what did not fit is counted, not lost silently").isPositive();
    }

    @Test
    void shouldKeepAThousandRecordsPerEnvWhenFlooded() {
        for (int i = 0; i < StateBudget.ENV_RECORDS + 200; i++) {
            Record r = new Record("r" + i, RecordType.INCIDENT, "prod", List.of("api"),
                    at("09:00").plusSeconds(i), null, null, "flood " + i, null);
            records.pipeInput(r.key(), r, r.openedAt());
        }
        KeyValueStore<String, timelines.streams.incidents.EnvContext> context =
                driver.getKeyValueStore(StoreNames.ENV_CONTEXT);
        assertThat(context.get("prod").records()).hasSize(StateBudget.ENV_RECORDS)
                .as("the latest stay").anySatisfy(r -> assertThat(r.id()).isEqualTo("r1199"))
                .noneSatisfy(r -> assertThat(r.id()).isEqualTo("r0"));
        assertThat(meters.get("timelines_records_ignored_total").tag("reason", "env_records_full").counter().count())
                .isEqualTo(200.0);
    }

    @Test
    void shouldKeepMetricLabelsToABoundedSetWhenEveryRequestMakesUpAnEnvAndASource() {
        // The series of the known label values exist from the start; count what the flood adds.
        long atStart = meters.getMeters().stream().map(m -> m.getId().getName())
                .filter(n -> n.startsWith("timelines_") && !n.endsWith(".histogram")).count();
        for (int i = 0; i < 3_000; i++) {
            Signal s = failing("api", "09:00").env("env-" + i).build();
            send(new Signal(s.id() + i, "monitor-" + i, s.type(), s.env(), s.service(), s.check(), s.observedAt(),
                    s.receivedAt(), true, null, s.summary(), null, Map.of(), false));
        }
        signals.pipeInput("", Signal.tick(at("10:00")), at("10:00"));

        // Label sets, not the buckets each histogram has for every one of them.
        long series = meters.getMeters().stream().map(m -> m.getId().getName())
                .filter(n -> n.startsWith("timelines_") && !n.endsWith(".histogram")).count();
        assertThat(series - atStart).as("label sets the flood added to the topology's own metrics").isLessThan(100);
        assertThat(meters.get("timelines_signals_total").tags("source", "other", "type", "FAILING").counter().count())
                .isEqualTo(3_000.0);
        assertThat(meters.get("timelines_incidents_open").tag("env", "other").gauge().value())
                .as("the envs past the first %d, summed", MetricLabels.ENVS).isEqualTo(3_000.0 - MetricLabels.ENVS);
    }
}
