package timelines.sink.alerts;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
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
import timelines.contracts.JsonSerde;
import timelines.contracts.Topics;

/**
 * Delivers unrecorded-outage alerts where SREs look. Reads {@code alerts.v1} (committed records
 * only, its own consumer group) and hands each alert to the configured notifiers (Slack,
 * Alertmanager), or only logs it when none is configured.
 *
 * <p>At least once: an offset is committed once the delivery attempts of it and of every record
 * before it are over, delivered or given up; the loop keeps polling meanwhile, so a target that
 * retries for minutes neither holds up the other target nor trips {@code max.poll.interval.ms}.
 * On assignment a partition is read from its beginning: records before the committed offset are
 * only restored (what is still firing in Alertmanager survives a restart), not sent again. A new
 * consumer group treats the alerts already in the topic the same way, so it does not page people
 * with 30 days of history.
 */
public final class AlertDispatcher implements Runnable, AutoCloseable {
    public static final String GROUP_ID = "timelines-alerts";
    /** Past this many unfinished deliveries (a target down for long), consumption pauses. */
    static final int MAX_IN_FLIGHT = 1000;
    private static final Logger log = LoggerFactory.getLogger(AlertDispatcher.class);
    private static final JsonSerde<Alert> ALERT = JsonSerde.of(Alert.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final Consumer<String, byte[]> consumer;
    private final AlertRouter router;
    private final MeterRegistry meters;
    private final OffsetLedger ledger = new OffsetLedger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;
    private volatile Throwable died;

    public AlertDispatcher(String bootstrapServers, AlertTargets targets, MeterRegistry meters,
            Map<String, String> overrides) {
        this(bootstrapServers, GROUP_ID, targets, meters, Clock.systemUTC(), overrides);
    }

    public AlertDispatcher(String bootstrapServers, String groupId, AlertTargets targets, MeterRegistry meters,
            Clock clock, Map<String, String> overrides) {
        this(new KafkaConsumer<>(consumerConfig(bootstrapServers, groupId, overrides), new StringDeserializer(),
                new ByteArrayDeserializer()), new AlertRouter(notifiers(targets, meters, clock)), meters);
        if (!targets.anyTarget()) {
            log.warn("no alert target configured (Slack webhook, Alertmanager): unrecorded outages are only logged");
        }
    }

    AlertDispatcher(Consumer<String, byte[]> consumer, AlertRouter router, MeterRegistry meters) {
        this.consumer = consumer;
        this.router = router;
        this.meters = meters;
        // At zero from the start, so the first failure counts in increase().
        failures(Topics.ALERTS);
    }

    private io.micrometer.core.instrument.Counter failures(String topic) {
        return io.micrometer.core.instrument.Counter.builder("timelines_sink_failures_total")
                .description("Alerts the dispatcher could not read and skipped").tags("topic", topic).register(meters);
    }

    static Properties consumerConfig(String bootstrapServers, String groupId, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only reached without a committed offset; the rebalance listener seeks to the beginning anyway.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "timelines-alerts");
        p.putAll(overrides);
        return p;
    }

    /** One notifier per configured target; none when nothing is configured. */
    static List<Notifier> notifiers(AlertTargets targets, MeterRegistry meters, Clock clock) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(targets.requestTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        List<Notifier> out = new ArrayList<>();
        if (targets.slackWebhook() != null) {
            out.add(new SlackNotifier(targets, http, meters));
        }
        if (targets.alertmanager() != null) {
            out.add(new AlertmanagerNotifier(targets, http, meters, clock));
        }
        return out;
    }

    public void start() {
        thread = new Thread(this, "timelines-alerts");
        thread.setUncaughtExceptionHandler((t, e) -> {
            died = e;
            log.error("alert delivery stopped: {}; restart the process", e.toString(), e);
        });
        thread.start();
    }

    /** Null while alerts are delivered; else why not (for {@code /readyz}). */
    public String problem() {
        Throwable dead = died;
        return dead == null ? null : "alert delivery stopped: " + dead + "; restart the process";
    }

    @Override
    public void run() {
        try {
            subscribe();
            router.start();
            while (running.get()) {
                pollOnce(Duration.ofMillis(500));
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            router.close();
            commitFinished();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    void subscribe() {
        consumer.subscribe(List.of(Topics.ALERTS), new Rebalance());
    }

    /** One turn of the loop: hand over what arrived, commit what is finished, pause if far behind. */
    void pollOnce(Duration timeout) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
            handle(r);
        }
        commit(ledger.committable());
        if (ledger.inFlight() >= MAX_IN_FLIGHT) {
            if (consumer.paused().isEmpty()) {
                log.warn("{} alert deliveries unfinished: pausing consumption until targets catch up", ledger.inFlight());
            }
            consumer.pause(consumer.assignment());
        } else if (!consumer.paused().isEmpty()) {
            consumer.resume(consumer.paused());
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        TopicPartition tp = new TopicPartition(r.topic(), r.partition());
        Alert alert;
        try {
            alert = ALERT.deserialize(r.topic(), r.value());
        } catch (KafkaException e) {
            failures(r.topic()).increment();
            log.error("cannot read {}@{}:{}; skipping it", r.topic(), r.partition(), r.offset(), e);
            ledger.track(tp, r.offset(), DONE);
            return;
        }
        if (alert == null) {
            ledger.track(tp, r.offset(), DONE);
        } else if (ledger.restoring(tp, r.offset())) {
            router.restore(tp, alert);
            ledger.track(tp, r.offset(), DONE);
        } else {
            ledger.track(tp, r.offset(), router.dispatch(tp, alert));
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
            // The records come again (to this or another instance): at least once.
            log.warn("cannot commit alert offsets {}: {}", offsets, e.toString());
        }
    }

    /** After the notifiers closed: commits what finished in their grace period. */
    private void commitFinished() {
        Map<TopicPartition, OffsetAndMetadata> offsets = ledger.committable();
        try {
            commit(offsets);
        } catch (WakeupException e) {
            // close() woke the consumer while it was not blocked: that wakeup fires once, here.
            commit(offsets);
        }
    }

    /** Restores on assignment; commits what is finished and forgets the rest on revocation. */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata c = committed.get(tp);
                long restoreUntil = c != null ? c.offset() : ends.getOrDefault(tp, 0L);
                ledger.assigned(tp, c != null ? c.offset() : -1, restoreUntil);
                if (c == null && restoreUntil > 0) {
                    log.info("{}: no committed offset for group; the {} alerts already there are restored, not sent "
                            + "again", tp, restoreUntil);
                }
            }
            consumer.seekToBeginning(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit(ledger.committable());
            ledger.revoked(partitions);
            router.revoked(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            ledger.revoked(partitions);
            router.revoked(partitions);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        if (thread != null) {
            thread.join(15_000);
        } else {
            router.close();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }
}
