package timelines.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.Topics;

/** Runs the topology: exactly-once, named state under a state dir, poison records dead-lettered. */
public final class StreamsRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsRunner.class);

    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;
    private volatile String stopReason;

    public StreamsRunner(String bootstrapServers, String applicationId, Path stateDir, CorrelationSettings settings,
            MeterRegistry meters, Map<String, String> clientOverrides) {
        this(bootstrapServers, applicationId, stateDir, settings, meters, clientOverrides, Set.of());
    }

    /** @param knownEnvs envs whose metric series exist from the start (the catalog's); metrics only */
    public StreamsRunner(String bootstrapServers, String applicationId, Path stateDir, CorrelationSettings settings,
            MeterRegistry meters, Map<String, String> clientOverrides, Set<String> knownEnvs) {
        Topology topology = TimelineTopology.build(settings, meters, knownEnvs);
        Properties props = properties(bootstrapServers, applicationId, stateDir, clientOverrides);
        props.put(DeadLetterCounter.METERS_CONFIG, meters);
        this.streams = new KafkaStreams(topology, props);
        ThreadFailures failures = new ThreadFailures(Clock.systemUTC());
        this.streams.setUncaughtExceptionHandler(e -> {
            ThreadFailures.Decision decision = failures.onFailure();
            meters.counter("timelines_stream_thread_failures_total", "decision", decision.name()).increment();
            if (decision == ThreadFailures.Decision.STOP_CRASH_LOOP) {
                stopReason = "stopped after " + (ThreadFailures.MAX_FAILURES + 1) + " stream thread failures within "
                        + ThreadFailures.WINDOW.toMinutes() + " min; the last: " + e;
                log.error("stream thread failed again; {}: no incidents are built until it is fixed and restarted",
                        stopReason, e);
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
            }
            log.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        this.metrics = new KafkaStreamsMetrics(streams);
        this.metrics.bindTo(meters);
    }

    public static Properties properties(String bootstrapServers, String applicationId, Path stateDir,
            Map<String, String> clientOverrides) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, Topics.DEAD_LETTER);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterCounter.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailureCounter.class);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // No store uses Kafka's byte cache: WriteBehindStore keeps the objects until the commit instead.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        // A state value up to its budget must fit a changelog record (StateBudget).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), StateBudget.CHANGELOG_MAX_BYTES);
        p.putAll(clientOverrides);
        return p;
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean running() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /** Null while it runs, else why not: the state, and why it stopped when it stopped itself. */
    public String problem() {
        KafkaStreams.State state = streams.state();
        if (state == KafkaStreams.State.RUNNING) {
            return null;
        }
        String reason = stopReason;
        return "streams is " + state + (reason == null ? "" : ": " + reason);
    }

    @Override
    public void close() {
        metrics.close();
        // Leave the group on a clean stop: otherwise the next start (or another instance) waits out the
        // session timeout (45 s) before it gets the partitions.
        streams.close(CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
    }
}
