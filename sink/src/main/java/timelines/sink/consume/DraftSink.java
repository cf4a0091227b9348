package timelines.sink.consume;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.Alert;
import timelines.contracts.Incident;
import timelines.contracts.JsonSerde;
import timelines.contracts.Topics;
import timelines.sink.alerts.AlertLog;
import timelines.sink.drafts.DraftName;
import timelines.sink.drafts.LiveDrafts;

/**
 * The live sink: reads committed incident revisions and alerts (its own consumer group), writes
 * the drafts ({@link LiveDrafts}) and appends each alert once to {@code <out>/alerts.jsonl}
 * ({@link AlertLog}).
 *
 * <p>At least once, and nothing skipped for a disk's sake: an offset is committed only past
 * records that were written (or are already on disk). A write that fails on the file system holds
 * its partition at that record (seek back, pause) and tries it again after a backoff, 1 s doubling
 * to 1 min, for as long as it takes; meanwhile the loop keeps polling the other partitions, and
 * {@link #problem()} says the sink cannot write and why, for {@code /readyz}. A record that no retry
 * can help (unreadable JSON, a rendering bug) is skipped, counted and logged.
 *
 * <p>A poll's records are worked on for at most {@link SinkSettings#pollBudget()}: what is done is
 * committed, the rest fetched again by the next poll, so a slow disk cannot keep the loop from
 * {@code poll()} past {@code max.poll.interval.ms} (when the group takes the partitions away and
 * the commit fails). {@code index.md} is written from memory after a batch, at most once a second.
 *
 * <p>If the loop fails for any other reason (the consumer, a bug), it closes its consumer, says
 * so in {@link #problem()}, and starts again with a new one after the same backoff: the drafts and
 * the ids in {@code alerts.jsonl} are on disk and in memory, and the records not committed come
 * again. Only an {@link Error} (out of memory) ends the thread; {@link #problem()} then says so
 * for good, and the process should be restarted.
 */
public final class DraftSink implements Runnable, AutoCloseable {
    public static final String GROUP_ID = "timelines-sink";
    static final Duration POLL = Duration.ofMillis(500);
    private static final Logger log = LoggerFactory.getLogger(DraftSink.class);
    private static final JsonSerde<Incident> INCIDENT = JsonSerde.of(Incident.class);
    private static final JsonSerde<Alert> ALERT = JsonSerde.of(Alert.class);

    private final Supplier<Consumer<String, byte[]>> consumers;
    private final LiveDrafts drafts;
    private final AlertLog alerts;
    private final MeterRegistry meters;
    private final Clock clock;
    private final SinkSettings settings;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Partitions held back at a record that could not be written; changed on the consumer thread only. */
    private final Map<TopicPartition, Held> held = new ConcurrentHashMap<>();
    private volatile Consumer<String, byte[]> consumer;
    private volatile String problem;
    private volatile Throwable died;
    /** What the last failed write said; consumer thread only. */
    private String lastWriteFailure;
    private String indexProblem;
    private Instant indexWritten = Instant.MIN;
    private int indexFailures;
    private Thread thread;

    /** A partition held at {@code offset}: tried {@code attempts} times, next at {@code retryAt}. */
    private record Held(long offset, int attempts, Instant since, Instant retryAt, String why) {}

    /** How a poll's records ended; counted. */
    enum BatchEnd {
        ALL_HANDLED,
        /** The poll budget was spent: the rest comes with the next poll. */
        BUDGET_SPENT,
        /** A write failed: its partition is held there, the others went on. */
        HELD_AT_FAILED_WRITE
    }

    public DraftSink(String bootstrapServers, LiveDrafts drafts, MeterRegistry meters, Clock clock,
            Map<String, String> overrides) {
        this(() -> new KafkaConsumer<>(consumerConfig(bootstrapServers, overrides), new StringDeserializer(),
                        new ByteArrayDeserializer()), drafts, new AlertLog(drafts.out().resolve("alerts.jsonl")), meters,
                clock, SinkSettings.forPollInterval(maxPollInterval(overrides)));
    }

    DraftSink(Supplier<Consumer<String, byte[]>> consumers, LiveDrafts drafts, AlertLog alerts, MeterRegistry meters,
            Clock clock, SinkSettings settings) {
        this.consumers = consumers;
        this.drafts = drafts;
        this.alerts = alerts;
        this.meters = meters;
        this.clock = clock;
        this.settings = settings;
        Gauge.builder("timelines_sink_held_partitions", held, Map::size)
                .description("Partitions the sink holds at a record it could not write (0 when it writes)")
                .register(meters);
        countersAtZero(meters);
    }

    /**
     * Every counter of the sink at zero, with its HELP text, before the first record: a counter
     * that appears only at its first event is missed by {@code increase()}. The sink counts
     * through {@code meters.counter(name, tags)}, which finds these.
     */
    static void countersAtZero(MeterRegistry meters) {
        counter(meters, "timelines_sink_restarts_total", "Restarts of the sink's consumer loop after a failure");
        for (Handled h : Handled.values()) {
            for (String topic : h.topics()) {
                counter(meters, "timelines_sink_records_total",
                        "Records of incidents.v1 and alerts.v1 the sink handled, by how", "topic", topic, "outcome",
                        h.tag());
            }
        }
        for (BatchEnd end : BatchEnd.values()) {
            counter(meters, "timelines_sink_batches_total", "Polls by how they ended", "end", end.name());
        }
        for (LiveDrafts.Outcome o : LiveDrafts.Outcome.values()) {
            counter(meters, "timelines_drafts_total", "Draft revisions, by what was written", "outcome", o.name());
        }
        for (DraftName.Choice c : DraftName.Choice.values()) {
            counter(meters, "timelines_draft_names_total", "Names of new drafts, by how they were chosen", "choice",
                    c.name());
        }
        for (AlertLog.Outcome o : AlertLog.Outcome.values()) {
            counter(meters, "timelines_alerts_logged_total", "Alerts appended to alerts.jsonl, or already there",
                    "outcome", o.name());
        }
    }

    private static void counter(MeterRegistry meters, String name, String help, String... tags) {
        io.micrometer.core.instrument.Counter.builder(name).description(help).tags(tags).register(meters);
    }

    static Properties consumerConfig(String bootstrapServers, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP_ID);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "timelines-sink");
        p.putAll(overrides);
        return p;
    }

    static Duration maxPollInterval(Map<String, String> overrides) {
        String v = overrides.get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        try {
            return v == null ? SinkSettings.DEFAULT_MAX_POLL_INTERVAL : Duration.ofMillis(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return SinkSettings.DEFAULT_MAX_POLL_INTERVAL;
        }
    }

    public void start() {
        thread = new Thread(this, "timelines-sink");
        thread.setUncaughtExceptionHandler((t, e) -> {
            died = e;
            log.error("the draft writer stopped for good: {}; restart the process", e.toString(), e);
        });
        thread.start();
    }

    /** Null while the sink writes what it reads; else why it does not (for {@code /readyz}). */
    public String problem() {
        Throwable dead = died;
        if (dead != null) {
            return "the draft writer stopped: " + dead + "; restart the process";
        }
        return problem;
    }

    /** Consumes until closed; a failed consumer is replaced after a backoff (see the class comment). */
    @Override
    public void run() {
        int failures = 0;
        while (running.get()) {
            try {
                subscribe();
                while (running.get()) {
                    pollOnce(POLL);
                    failures = 0;
                }
            } catch (WakeupException e) {
                if (running.get()) {
                    failures = restartAfter(e, ++failures);
                }
            } catch (RuntimeException e) {
                failures = restartAfter(e, ++failures);
            } finally {
                closeConsumer();
            }
        }
        flushIndexOnStop();
    }

    private int restartAfter(RuntimeException e, int failures) {
        Duration wait = settings.backoff(failures);
        meters.counter("timelines_sink_restarts_total").increment();
        problem = "the draft writer failed (" + e + ") and starts again at " + clock.instant().plus(wait);
        log.error("the draft writer failed; it starts again with a new consumer in {} ms", wait.toMillis(), e);
        closeConsumer();
        try {
            stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            running.set(false);
        }
        return failures;
    }

    private void closeConsumer() {
        Consumer<String, byte[]> c = consumer;
        consumer = null;
        held.clear();
        if (c != null) {
            try {
                c.close(CloseOptions.timeout(Duration.ofSeconds(5)));
            } catch (RuntimeException e) {
                log.warn("closing the sink's consumer failed: {}", e.toString());
            }
        }
    }

    /** Takes a new consumer and subscribes it. */
    void subscribe() {
        consumer = consumers.get();
        held.clear();
        consumer.subscribe(List.of(Topics.INCIDENTS, Topics.ALERTS), new Rebalance());
    }

    /**
     * One turn of the loop: resume what is due for a retry, poll, write within the budget, write
     * index.md if due, commit what was written, and say what is wrong, if anything.
     */
    void pollOnce(Duration timeout) {
        resumeDue();
        ConsumerRecords<String, byte[]> records = consumer.poll(timeout);
        Instant deadline = clock.instant().plus(settings.pollBudget());
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        BatchEnd end = BatchEnd.ALL_HANDLED;
        int handled = 0;
        for (TopicPartition tp : records.partitions()) {
            for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
                if (!clock.instant().isBefore(deadline)) {
                    // Fetched again by the next poll; what is done is committed below.
                    consumer.seek(tp, r.offset());
                    end = end == BatchEnd.ALL_HANDLED ? BatchEnd.BUDGET_SPENT : end;
                    break;
                }
                Handled outcome = handle(r);
                meters.counter("timelines_sink_records_total", "topic", r.topic(), "outcome", outcome.tag()).increment();
                if (outcome.retried()) {
                    hold(tp, r.offset());
                    end = BatchEnd.HELD_AT_FAILED_WRITE;
                    break;
                }
                handled++;
                done.put(tp, new OffsetAndMetadata(r.offset() + 1));
                release(tp);
            }
        }
        if (!records.isEmpty()) {
            meters.counter("timelines_sink_batches_total", "end", end.name()).increment();
            if (end == BatchEnd.BUDGET_SPENT) {
                log.info("{} of {} records written in the poll budget of {} ms; the rest comes with the next poll",
                        handled, records.count(), settings.pollBudget().toMillis());
            }
        }
        flushIndexIfDue();
        commit(done);
        problem = describeProblem();
    }

    private Handled handle(ConsumerRecord<String, byte[]> r) {
        boolean incidents = r.topic().equals(Topics.INCIDENTS);
        Incident incident = null;
        Alert alert = null;
        try {
            if (incidents) {
                incident = INCIDENT.deserialize(r.topic(), r.value());
            } else {
                alert = ALERT.deserialize(r.topic(), r.value());
            }
        } catch (RuntimeException e) {
            log.error("cannot read {}@{}:{}; skipping it: {}", r.topic(), r.partition(), r.offset(), e.toString());
            return Handled.UNREADABLE;
        }
        try {
            if (incidents && incident == null) {
                boolean removed = drafts.remove(r.key());
                if (removed) {
                    log.info("incident {} merged into another: its draft is gone", r.key());
                }
                return removed ? Handled.DRAFT_REMOVED : Handled.NOTHING_TO_REMOVE;
            }
            if (incidents) {
                LiveDrafts.Result result = drafts.write(incident);
                meters.counter("timelines_drafts_total", "outcome", result.outcome().name()).increment();
                if (result.name().choice() != DraftName.Choice.KEPT) {
                    meters.counter("timelines_draft_names_total", "choice", result.name().choice().name()).increment();
                }
                if (result.name().choice() == DraftName.Choice.FULL_ID_SHORT_NAME_TAKEN) {
                    log.info("incident {}: its short draft name is another's, so it is {}", incident.id(),
                            result.name().base());
                }
                if (result.outcome() == LiveDrafts.Outcome.UNCHANGED_REVISION) {
                    return Handled.DRAFT_UNCHANGED;
                }
                if (result.outcome() == LiveDrafts.Outcome.WRITTEN_JSON_ONLY_WARNING) {
                    log.info("warning incident revision {} of {} ({}): JSON only, no postmortem", incident.revision(),
                            incident.title(), incident.env());
                    return Handled.DRAFT_WRITTEN_JSON_ONLY;
                }
                log.info("draft revision {} of {} ({}): {}", incident.revision(), incident.title(), incident.env(),
                        result.markdown());
                return result.outcome() == LiveDrafts.Outcome.WRITTEN ? Handled.DRAFT_WRITTEN
                        : Handled.DRAFT_WRITTEN_BESIDE_EDITED;
            }
            if (alert == null) {
                return Handled.UNREADABLE;
            }
            AlertLog.Outcome outcome = alerts.append(alert);
            meters.counter("timelines_alerts_logged_total", "outcome", outcome.name()).increment();
            return outcome == AlertLog.Outcome.APPENDED ? Handled.ALERT_APPENDED : Handled.ALERT_ALREADY_WRITTEN;
        } catch (RuntimeException e) {
            Handled failure = Handled.failure(e);
            if (failure.retried()) {
                lastWriteFailure = e instanceof UncheckedIOException u ? u.getMessage() : e.toString();
            } else {
                log.error("cannot write {}@{}:{} (key {}); skipping it", r.topic(), r.partition(), r.offset(), r.key(), e);
            }
            return failure;
        }
    }

    /** Holds the partition at the record that failed: seek back to it, pause, retry after a backoff. */
    private void hold(TopicPartition tp, long offset) {
        Held before = held.get(tp);
        int attempts = before != null && before.offset() == offset ? before.attempts() + 1 : 1;
        Instant now = clock.instant();
        Duration wait = settings.backoff(attempts);
        Held h = new Held(offset, attempts, before != null && before.offset() == offset ? before.since() : now,
                now.plus(wait), lastWriteFailure);
        held.put(tp, h);
        consumer.seek(tp, offset);
        consumer.pause(List.of(tp));
        if (attempts == 1) {
            log.error("{}: {}; nothing at or after offset {} is committed until it is written: trying again in {} ms",
                    tp, h.why(), offset, wait.toMillis());
        } else {
            log.warn("{}: attempt {} to write offset {} failed: {}; next in {} ms", tp, attempts, offset, h.why(),
                    wait.toMillis());
        }
    }

    /** The record a partition was held at is written: it goes on. */
    private void release(TopicPartition tp) {
        Held h = held.remove(tp);
        if (h != null) {
            log.info("{}: offset {} written after {} attempts; the sink writes again", tp, h.offset(), h.attempts() + 1);
        }
    }

    private void resumeDue() {
        Instant now = clock.instant();
        held.forEach((tp, h) -> {
            if (!now.isBefore(h.retryAt()) && consumer.paused().contains(tp)) {
                consumer.resume(List.of(tp));
            }
        });
    }

    private void flushIndexIfDue() {
        Instant now = clock.instant();
        Duration wait = indexFailures > 0 ? settings.backoff(indexFailures) : settings.indexEvery();
        if (now.isBefore(indexWritten.plus(wait))) {
            return;
        }
        try {
            if (drafts.flushIndex()) {
                indexWritten = now;
            }
            indexFailures = 0;
            indexProblem = null;
        } catch (RuntimeException e) {
            indexFailures++;
            indexWritten = now;
            indexProblem = e.getMessage();
            log.warn("cannot write index.md: {}; the drafts themselves are written, index.md is tried again", e.toString());
        }
    }

    private void flushIndexOnStop() {
        try {
            drafts.flushIndex();
        } catch (RuntimeException e) {
            log.warn("cannot write index.md on the way out: {}", e.toString());
        }
    }

    private void commit(Map<TopicPartition, OffsetAndMetadata> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // The group moved on (a rebalance): the records come again, and rewriting them is a no-op.
            log.warn("cannot commit the sink's offsets {}: {}", offsets, e.toString());
        }
    }

    /** What /readyz says: the partitions held at a failed write, and index.md. */
    private String describeProblem() {
        if (held.isEmpty() && indexProblem == null) {
            return null;
        }
        StringBuilder out = new StringBuilder("cannot write to ").append(drafts.out().toAbsolutePath()).append(": ");
        if (!held.isEmpty()) {
            Map.Entry<TopicPartition, Held> first = held.entrySet().iterator().next();
            Held h = first.getValue();
            out.append(h.why()).append(" (failing since ").append(h.since()).append(", attempt ").append(h.attempts())
                    .append(", next at ").append(h.retryAt()).append("); nothing at or after ").append(first.getKey())
                    .append(" offset ").append(h.offset()).append(" is committed until it is written");
            if (held.size() > 1) {
                out.append(", nor in ").append(held.size() - 1).append(" more partition(s)");
            }
        } else {
            out.append(indexProblem).append(" (index.md; the drafts are written)");
        }
        return out.toString();
    }

    /** Forgets what it held of partitions that went to another consumer: that one starts at the committed offset. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            partitions.forEach(held::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // Nothing to do: a partition starts at its committed offset, which never passed a failed write.
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(held::remove);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        stopped.countDown();
        Consumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(15_000);
        }
    }
}
