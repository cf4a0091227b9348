package timelines.sink.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Incident;
import timelines.contracts.IncidentStatus;
import timelines.contracts.JsonSerde;
import timelines.contracts.Topics;
import timelines.sink.alerts.AlertLog;
import timelines.sink.drafts.LiveDrafts;

/** The sink's consumer loop on a MockConsumer (no broker): retries, the poll budget, restarts. */
class DraftSinkTest {
    static final Instant T0 = Instant.parse("2024-03-04T10:00:00Z");
    static final Instant BEGIN = Instant.parse("2016-09-05T09:29:00Z");
    static final TopicPartition INCIDENTS = new TopicPartition(Topics.INCIDENTS, 0);
    static final TopicPartition ALERTS = new TopicPartition(Topics.ALERTS, 0);
    static final SinkSettings SETTINGS = new SinkSettings(Duration.ofSeconds(10), Duration.ofSeconds(1),
            Duration.ofSeconds(8), Duration.ZERO);
    static final JsonSerde<Incident> INCIDENT = JsonSerde.of(Incident.class);
    static final JsonSerde<Alert> ALERT = JsonSerde.of(Alert.class);

    @TempDir
    Path out;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final MovableClock clock = new MovableClock(T0);
    MockConsumer<String, byte[]> consumer = new MockConsumer<>("earliest");

    /** A clock the test moves by hand, optionally a step on every reading. */
    static final class MovableClock extends Clock {
        volatile Instant now;
        volatile Duration step = Duration.ZERO;

        MovableClock(Instant start) {
            now = start;
        }

        @Override
        public Instant instant() {
            Instant t = now;
            now = now.plus(step);
            return t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    static Incident incident(int n, long revision) {
        return new Incident(String.format("%08x", n) + "00000000000000000000000b", revision, "prod", "svc-" + n + ": down",
                IncidentStatus.OPEN, false, List.of("svc-" + n), BEGIN.plusSeconds(n), null, null, null, null, false,
                null, null, null, null, null, null, List.of(), List.of(), 0);
    }

    static Alert raised(int n) {
        return new Alert(AlertType.RAISED, incident(n, 1).id(), "prod", List.of("svc-" + n), BEGIN.plusSeconds(900 + n),
                BEGIN.plusSeconds(n), "no incident recorded within 15 min of BEGIN");
    }

    DraftSink sink(LiveDrafts drafts) {
        return new DraftSink(() -> consumer, drafts, new AlertLog(out.resolve("alerts.jsonl")), meters, clock, SETTINGS);
    }

    void assign(DraftSink sink) {
        sink.subscribe();
        consumer.updateBeginningOffsets(Map.of(INCIDENTS, 0L, ALERTS, 0L));
        consumer.rebalance(List.of(INCIDENTS, ALERTS));
    }

    void incidentAt(long offset, Incident incident) {
        consumer.addRecord(new ConsumerRecord<>(Topics.INCIDENTS, 0, offset, incident.id(),
                INCIDENT.serialize(Topics.INCIDENTS, incident)));
    }

    void alertAt(long offset, Alert alert) {
        consumer.addRecord(new ConsumerRecord<>(Topics.ALERTS, 0, offset, alert.incidentId(),
                ALERT.serialize(Topics.ALERTS, alert)));
    }

    Long committed(TopicPartition tp) {
        OffsetAndMetadata c = consumer.committed(Set.of(tp)).get(tp);
        return c == null ? null : c.offset();
    }

    long drafts(String env) throws Exception {
        Path dir = out.resolve(env);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".md")).count();
        }
    }

    /**
     * Issue 12, problem 4: on a read-only or full out dir the sink logged "skipping it", committed
     * the offset and never wrote that revision, not even after the disk was fixed and the process
     * restarted. (Tests run as root, which ignores permissions: a file where the env's directory
     * should be stops the writes just the same.)
     */
    @Test
    void registersEveryCounterAtZeroWithAHelpTextBeforeTheFirstRecord() {
        sink(LiveDrafts.open(out));

        assertThat(meters.get("timelines_drafts_total").tags("outcome", "WRITTEN").counter().count()).isZero();
        assertThat(meters.get("timelines_sink_records_total").tags("topic", Topics.ALERTS, "outcome", "alert_appended")
                .counter().count()).isZero();
        assertThat(meters.find("timelines_sink_records_total").tag("topic", Topics.ALERTS)
                .tag("outcome", "draft_written").counters()).as("no draft comes from alerts.v1").isEmpty();
        assertThat(meters.get("timelines_sink_batches_total").tags("end", "HELD_AT_FAILED_WRITE").counter().count())
                .isZero();
        assertThat(meters.get("timelines_alerts_logged_total").tags("outcome", "APPENDED").counter().count()).isZero();
        assertThat(meters.get("timelines_sink_restarts_total").counter().count()).isZero();
        assertThat(meters.getMeters()).isNotEmpty().allSatisfy(m -> assertThat(m.getId().getDescription())
                .as("HELP of %s", m.getId().getName()).isNotBlank());
    }

    @Test
    void aWriteThatFailsHoldsItsPartitionUncommittedAndIsRetriedUntilTheDiskIsBack() throws Exception {
        DraftSink sink = sink(LiveDrafts.open(out));
        Path blocker = Files.writeString(out.resolve("prod"), "a file where the env's directory should be");
        assign(sink);
        incidentAt(0, incident(1, 1));
        incidentAt(1, incident(2, 1));
        alertAt(0, raised(1));

        sink.pollOnce(Duration.ZERO);

        assertThat(committed(INCIDENTS)).isNull();
        assertThat(committed(ALERTS)).isEqualTo(1);
        assertThat(consumer.paused()).containsExactly(INCIDENTS);
        assertThat(sink.problem()).startsWith("cannot write to " + out.toAbsolutePath() + ": ")
                .contains("attempt 1").contains(Topics.INCIDENTS + "-0 offset 0 is committed until it is written");
        assertThat(meters.counter("timelines_sink_records_total", "topic", Topics.INCIDENTS, "outcome", "write_failed")
                .count()).isEqualTo(1);

        clock.now = T0.plusSeconds(1);
        incidentAt(0, incident(1, 1));
        incidentAt(1, incident(2, 1));
        sink.pollOnce(Duration.ZERO);
        assertThat(sink.problem()).contains("attempt 2");
        assertThat(consumer.position(INCIDENTS)).isZero();
        assertThat(committed(INCIDENTS)).isNull();

        Files.delete(blocker);
        clock.now = T0.plusSeconds(2);
        sink.pollOnce(Duration.ZERO);
        assertThat(drafts("prod")).as("the backoff (2 s after the second attempt) has not passed").isZero();

        clock.now = T0.plusSeconds(4);
        incidentAt(0, incident(1, 1));
        incidentAt(1, incident(2, 1));
        sink.pollOnce(Duration.ZERO);

        assertThat(drafts("prod")).isEqualTo(2);
        assertThat(committed(INCIDENTS)).isEqualTo(2);
        assertThat(consumer.paused()).isEmpty();
        assertThat(sink.problem()).isNull();
        assertThat(Files.readAllLines(out.resolve("alerts.jsonl"))).hasSize(1);
    }

    @Test
    void anAlertThatCannotBeKeptHoldsTheAlertsAndNotTheDrafts() throws Exception {
        DraftSink sink = sink(LiveDrafts.open(out));
        Files.createDirectories(out.resolve("alerts.jsonl"));
        assign(sink);
        alertAt(0, raised(1));
        incidentAt(0, incident(1, 1));

        sink.pollOnce(Duration.ZERO);

        assertThat(committed(ALERTS)).isNull();
        assertThat(committed(INCIDENTS)).isEqualTo(1);
        assertThat(sink.problem()).contains("alerts.jsonl");
    }

    /** Issue 12, problem 3: the batch that outlasted the poll interval killed the sink's thread. */
    @Test
    void aPollsRecordsAreWrittenWithinTheBudgetAndWhatIsLeftIsFetchedAgain() throws Exception {
        DraftSink sink = sink(LiveDrafts.open(out));
        assign(sink);
        for (int n = 0; n < 10; n++) {
            incidentAt(n, incident(n, 1));
        }
        // Each reading of the clock moves it a second on: the 10 s budget is spent after a few records.
        clock.step = Duration.ofSeconds(1);

        sink.pollOnce(Duration.ZERO);

        long written = drafts("prod");
        assertThat(written).isBetween(1L, 9L);
        assertThat(committed(INCIDENTS)).isEqualTo(written);
        assertThat(consumer.position(INCIDENTS)).isEqualTo(written);
        assertThat(meters.counter("timelines_sink_batches_total", "end", "BUDGET_SPENT").count()).isEqualTo(1);
        assertThat(sink.problem()).isNull();
    }

    /** Issue 12, problem 7: after a crash the records since the last commit come again. */
    @Test
    void recordsDeliveredAgainAfterACrashWriteEachAlertOnceAndEachRevisionOnce() throws Exception {
        DraftSink first = sink(LiveDrafts.open(out));
        assign(first);
        for (int n = 0; n < 3; n++) {
            alertAt(n, raised(n));
            incidentAt(n, incident(n, 1));
        }
        first.pollOnce(Duration.ZERO);

        // A new process on the same out dir, whose group offsets never moved (killed before its commit).
        consumer = new MockConsumer<>("earliest");
        DraftSink restarted = sink(LiveDrafts.open(out));
        assign(restarted);
        for (int n = 0; n < 3; n++) {
            alertAt(n, raised(n));
            incidentAt(n, incident(n, 1));
        }
        restarted.pollOnce(Duration.ZERO);

        assertThat(Files.readAllLines(out.resolve("alerts.jsonl"), StandardCharsets.UTF_8)).hasSize(3)
                .doesNotHaveDuplicates();
        assertThat(meters.counter("timelines_sink_records_total", "topic", Topics.ALERTS, "outcome",
                "alert_already_written").count()).isEqualTo(3);
        assertThat(meters.counter("timelines_sink_records_total", "topic", Topics.INCIDENTS, "outcome",
                "draft_unchanged").count()).isEqualTo(3);
        assertThat(drafts("prod")).isEqualTo(3);
    }

    @Test
    void anUnreadableRecordIsSkippedCountedAndCommitted() {
        DraftSink sink = sink(LiveDrafts.open(out));
        assign(sink);
        consumer.addRecord(new ConsumerRecord<>(Topics.INCIDENTS, 0, 0, "x", "{not json".getBytes(StandardCharsets.UTF_8)));
        incidentAt(1, incident(1, 1));

        sink.pollOnce(Duration.ZERO);

        assertThat(committed(INCIDENTS)).isEqualTo(2);
        assertThat(meters.counter("timelines_sink_records_total", "topic", Topics.INCIDENTS, "outcome", "unreadable")
                .count()).isEqualTo(1);
    }

    @Test
    void aTombstoneRemovesTheDraftOfAnIncidentThatMergedIntoAnother() throws Exception {
        DraftSink sink = sink(LiveDrafts.open(out));
        assign(sink);
        incidentAt(0, incident(1, 1));
        consumer.addRecord(new ConsumerRecord<>(Topics.INCIDENTS, 0, 1, incident(1, 1).id(), null));

        sink.pollOnce(Duration.ZERO);

        assertThat(drafts("prod")).isZero();
        assertThat(Files.readString(out.resolve("index.md"))).doesNotContain("svc-1");
    }

    @Test
    void aLoopThatFailsStartsAgainWithANewConsumerAndSaysSoMeanwhile() throws Exception {
        Deque<MockConsumer<String, byte[]>> consumers = new ArrayDeque<>();
        MockConsumer<String, byte[]> failing = new MockConsumer<>("earliest");
        failing.setPollException(new KafkaException("the coordinator is gone"));
        MockConsumer<String, byte[]> working = new MockConsumer<>("earliest");
        consumers.add(failing);
        consumers.add(working);
        List<String> problems = new CopyOnWriteArrayList<>();
        DraftSink sink = new DraftSink(() -> {
            MockConsumer<String, byte[]> next = consumers.poll();
            if (next == working) {
                working.updateBeginningOffsets(Map.of(INCIDENTS, 0L, ALERTS, 0L));
                working.schedulePollTask(() -> {
                    working.rebalance(List.of(INCIDENTS, ALERTS));
                    working.addRecord(new ConsumerRecord<>(Topics.INCIDENTS, 0, 0, incident(1, 1).id(),
                            INCIDENT.serialize(Topics.INCIDENTS, incident(1, 1))));
                });
            }
            return next == null ? working : next;
        }, LiveDrafts.open(out), new AlertLog(out.resolve("alerts.jsonl")), meters, Clock.systemUTC(),
                new SinkSettings(Duration.ofSeconds(10), Duration.ofMillis(300), Duration.ofMillis(300), Duration.ZERO));
        sink.start();
        try {
            for (int k = 0; k < 200 && drafts("prod") == 0; k++) {
                String p = sink.problem();
                if (p != null) {
                    problems.add(p);
                }
                Thread.sleep(50);
            }
            assertThat(drafts("prod")).isEqualTo(1);
            assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("the draft writer failed")
                    .contains("the coordinator is gone"));
            assertThat(meters.counter("timelines_sink_restarts_total").count()).isEqualTo(1);
            assertThat(failing.closed()).isTrue();
        } finally {
            sink.close();
        }
        assertThat(working.closed()).isTrue();
    }
}
