package timelines.sink.consume;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import timelines.sink.drafts.LiveDrafts;

/**
 * The live sink: consumes committed incident revisions and alerts, writes drafts and appends
 * alerts to {@code <out>/alerts.jsonl}. At least once: offsets are committed after the files are
 * written, and rewriting a draft at the same revision is a no-op.
 */
public final class DraftSink implements Runnable, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DraftSink.class);
    private static final JsonSerde<Incident> INCIDENT = JsonSerde.of(Incident.class);
    private static final JsonSerde<Alert> ALERT = JsonSerde.of(Alert.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final LiveDrafts drafts;
    private final AlertLog alerts;
    private final MeterRegistry meters;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private Thread thread;

    public DraftSink(String bootstrapServers, String groupId, LiveDrafts drafts, MeterRegistry meters,
            Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "timelines-sink");
        p.putAll(overrides);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        this.drafts = drafts;
        this.alerts = new AlertLog(drafts.out().resolve("alerts.jsonl"));
        this.meters = meters;
    }

    public void start() {
        thread = new Thread(this, "timelines-sink");
        thread.start();
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(Topics.INCIDENTS, Topics.ALERTS));
            while (running.get()) {
                var batch = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, byte[]> r : batch) {
                    handle(r);
                }
                if (!batch.isEmpty()) {
                    drafts.flushIndex();
                    consumer.commitSync();
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, byte[]> r) {
        try {
            if (r.topic().equals(Topics.INCIDENTS)) {
                Incident incident = INCIDENT.deserialize(r.topic(), r.value());
                if (incident == null) {
                    drafts.remove(r.key());
                    log.info("incident {} merged into another: its draft is gone", r.key());
                } else {
                    LiveDrafts.Result result = drafts.write(incident);
                    meters.counter("timelines_drafts_total", "outcome", result.outcome().name()).increment();
                    if (result.outcome() != LiveDrafts.Outcome.UNCHANGED_REVISION) {
                        log.info("draft revision {} of {} ({}): {}", incident.revision(), incident.title(),
                                incident.env(), result.markdown());
                    }
                }
            } else if (r.value() != null) {
                // Logged (and delivered) by the AlertDispatcher; here only kept beside the drafts, once each.
                Alert alert = ALERT.deserialize(r.topic(), r.value());
                AlertLog.Outcome outcome = alerts.append(alert);
                meters.counter("timelines_alerts_logged_total", "outcome", outcome.name()).increment();
            }
        } catch (Exception e) {
            meters.counter("timelines_sink_failures_total", "topic", r.topic()).increment();
            log.error("cannot handle {}@{}:{}; skipping it", r.topic(), r.partition(), r.offset(), e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        consumer.wakeup();
        if (thread != null) {
            thread.join(10_000);
        }
    }
}
