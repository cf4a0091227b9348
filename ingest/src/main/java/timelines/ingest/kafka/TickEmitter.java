package timelines.ingest.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.JsonSerde;
import timelines.contracts.Signal;
import timelines.contracts.Topics;

/**
 * Moves stream time forward when signals are quiet (DESIGN section 5, "Time"): a tick on every
 * partition of {@code signals.v1}, periodically while live, and once at the end of a replay.
 */
public final class TickEmitter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TickEmitter.class);
    private static final JsonSerde<Signal> SIGNAL = JsonSerde.of(Signal.class);

    private final KafkaPublisher publisher;
    private final Clock clock;
    private ScheduledExecutorService scheduler;

    public TickEmitter(KafkaPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Ticks every partition at {@code at} and waits for Kafka to acknowledge. */
    public void tickAll(Instant at) throws Exception {
        send(Signal.tick(at), at);
    }

    /** Ticks every partition at {@code at}, saying the input ends there (a replay's last tick). */
    public void endOfInput(Instant at) throws Exception {
        send(Signal.endOfInput(at), at);
    }

    private void send(Signal signal, Instant at) throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        byte[] tick = SIGNAL.serialize(Topics.SIGNALS, signal);
        for (PartitionInfo p : publisher.partitionsFor(Topics.SIGNALS)) {
            sends.add(publisher.send(Topics.SIGNALS, p.partition(), "", at.toEpochMilli(), tick));
        }
        publisher.awaitAll(sends);
    }

    /** Starts ticking at wall-clock time every {@code interval}. */
    public synchronized void start(Duration interval) {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timelines-ticks");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleAtFixedRate(() -> {
            try {
                tickAll(clock.instant());
            } catch (Exception e) {
                log.warn("could not send a tick to {}: {}", Topics.SIGNALS, e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
