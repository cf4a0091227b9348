package timelines.ingest.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.Signal;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.catalog.CatalogRules;
import java.util.function.Supplier;
import timelines.ingest.kafka.KafkaPublisher;

/**
 * The one path every delivery takes, from HTTP or from a replayed capture: normalize, keep the
 * raw delivery on {@code signals.raw.v1} (or {@code signals.rejected.v1} with the reason), then
 * the signals and records, and answer only once Kafka acknowledged all of it.
 */
public final class DeliveryProcessor {
    private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);
    private static final JsonSerde<RawDelivery> RAW = JsonSerde.of(RawDelivery.class);
    private static final JsonSerde<Signal> SIGNAL = JsonSerde.of(Signal.class);
    private static final JsonSerde<Record> RECORD = JsonSerde.of(Record.class);

    private final Normalizers normalizers;
    private final KafkaPublisher publisher;
    private final IngestCounters counters;
    private final Supplier<Catalog> catalog;

    public DeliveryProcessor(Normalizers normalizers, KafkaPublisher publisher, MeterRegistry meters) {
        this(normalizers, publisher, meters, () -> Catalog.EMPTY);
    }

    public DeliveryProcessor(Normalizers normalizers, KafkaPublisher publisher, MeterRegistry meters,
            Supplier<Catalog> catalog) {
        this.normalizers = normalizers;
        this.publisher = publisher;
        this.counters = new IngestCounters(meters);
        this.catalog = catalog;
    }

    public Normalizers normalizers() {
        return normalizers;
    }

    /** Normalizes and publishes one delivery; blocks until Kafka acknowledged or the ack timeout. */
    public Outcome process(RawDelivery raw) {
        return await(raw, processAsync(raw));
    }

    /**
     * Normalizes and sends on the calling thread, in order: the raw delivery first, then the
     * signals and records. The outcome completes when Kafka acknowledged all of it, or as
     * unavailable within the ack timeout; it never completes exceptionally. It completes on the
     * producer's I/O thread (or the timeout's), so what depends on it must be quick or move
     * elsewhere.
     */
    public CompletableFuture<Outcome> processAsync(RawDelivery raw) {
        Normalizer normalizer = normalizers.find(raw.source()).orElse(null);
        if (normalizer == null) {
            return rejectAsync(raw, "unknown source '" + raw.source() + "'; known: "
                    + String.join(", ", normalizers.sources()));
        }
        Normalization n;
        try {
            n = normalizer.normalize(raw);
        } catch (RuntimeException e) {
            log.warn("normalizer {} failed on a delivery; rejecting it", raw.source(), e);
            n = Normalization.rejected("cannot read this " + raw.source() + " payload: " + e.getClass().getSimpleName());
        }
        if (n.isRejected()) {
            return rejectAsync(raw, n.rejectedReason());
        }
        List<CompletableFuture<RecordMetadata>> sends = new ArrayList<>(1 + n.signals().size() + n.records().size());
        List<String> ids = new ArrayList<>(n.signals().size() + n.records().size());
        try {
            sends.add(publisher.send(Topics.SIGNALS_RAW, null, raw.source(), raw.receivedAt().toEpochMilli(),
                    RAW.serialize(Topics.SIGNALS_RAW, raw)));
            Catalog rules = catalog.get();
            for (Signal normalized : n.signals()) {
                Signal s = CatalogRules.apply(rules, normalized);
                if (s == null) {
                    counters.dropped(raw.source(), "catalog_ignore");
                    continue;
                }
                SignalGuard.Guarded g = SignalGuard.apply(s);
                g.adjustments().forEach(a -> counters.adjusted(raw.source(), a.name()));
                Signal signal = g.signal();
                sends.add(publisher.send(Topics.SIGNALS, null, signal.key(), signal.observedAt().toEpochMilli(),
                        SIGNAL.serialize(Topics.SIGNALS, signal)));
                ids.add(signal.id());
            }
            for (Record r : n.records()) {
                sends.add(publisher.send(Topics.RECORDS, null, r.key(), r.openedAt().toEpochMilli(),
                        RECORD.serialize(Topics.RECORDS, r)));
                ids.add(r.id());
            }
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unavailable(raw, e));
        }
        String ignoredReason = n.ignoredReason();
        return publisher.acknowledged(sends).handle((acked, failure) -> {
            if (failure != null) {
                return unavailable(raw, failure);
            }
            if (ignoredReason != null) {
                counters.deliveries(raw.source(), "ignored");
                return Outcome.ignored(ignoredReason);
            }
            counters.deliveries(raw.source(), "accepted");
            return Outcome.accepted(ids);
        });
    }

    /**
     * Keeps a delivery that cannot be used on {@code signals.rejected.v1} with the reason, so
     * nothing is lost: a fixed normalizer can replay it later.
     */
    public Outcome reject(RawDelivery raw, String reason) {
        return await(raw, rejectAsync(raw, reason));
    }

    /** {@link #reject}, answered as {@link #processAsync} answers. */
    public CompletableFuture<Outcome> rejectAsync(RawDelivery raw, String reason) {
        counters.deliveries(raw.source(), "rejected");
        CompletableFuture<RecordMetadata> send;
        try {
            send = publisher.send(Topics.SIGNALS_REJECTED, null, raw.source(), raw.receivedAt().toEpochMilli(),
                    RAW.serialize(Topics.SIGNALS_REJECTED, raw.rejected(reason)));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unavailable(raw, e));
        }
        return publisher.acknowledged(List.of(send))
                .handle((acked, failure) -> failure != null ? unavailable(raw, failure) : Outcome.rejected(reason));
    }

    private Outcome await(RawDelivery raw, CompletableFuture<Outcome> outcome) {
        try {
            // Not bounded here: every outcome completes within the ack timeout.
            return outcome.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // Not counted: the sends go on, and their outcome is counted when Kafka answers.
            return Outcome.unavailable(reason(e));
        } catch (ExecutionException e) {
            return unavailable(raw, e);
        }
    }

    private Outcome unavailable(RawDelivery raw, Throwable e) {
        counters.deliveries(raw.source(), "unavailable");
        Throwable cause = (e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null
                ? e.getCause() : e;
        log.warn("Kafka did not acknowledge a {} delivery: {}", raw.source(), cause.toString());
        return Outcome.unavailable(reason(cause));
    }

    private static String reason(Throwable cause) {
        return "Kafka did not acknowledge the delivery: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
