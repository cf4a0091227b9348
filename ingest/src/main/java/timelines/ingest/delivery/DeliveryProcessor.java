package timelines.ingest.delivery;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.Signal;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.catalog.CatalogRules;
import timelines.ingest.kafka.KafkaPublisher;

/**
 * The one path every delivery takes, from HTTP or from a replayed capture: normalize, bound every
 * signal and record ({@link SignalGuard}, {@link RecordGuard}), keep the raw delivery on
 * {@code signals.raw.v1} (or {@code signals.rejected.v1} with the reason), then the signals and
 * records, and answer only once Kafka acknowledged all of it.
 *
 * <p>Only a Kafka that does not acknowledge is answered {@code UNAVAILABLE} (a 503 the sender
 * retries). What can never be stored (a time before 1970, a delivery larger than a Kafka record)
 * is a rejection: retrying it would only add a copy to the raw topic each time.
 */
public final class DeliveryProcessor {
    private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);
    private static final JsonSerde<RawDelivery> RAW = JsonSerde.of(RawDelivery.class);
    private static final JsonSerde<Signal> SIGNAL = JsonSerde.of(Signal.class);
    private static final JsonSerde<Record> RECORD = JsonSerde.of(Record.class);
    /** The catalog's {@code ignore} rule; a constant, like every tag value. */
    static final String CATALOG_IGNORE = "catalog_ignore";

    private final Normalizers normalizers;
    private final KafkaPublisher publisher;
    private final IngestCounters counters;
    private final Supplier<Catalog> catalog;
    private final Clock clock;

    public DeliveryProcessor(Normalizers normalizers, KafkaPublisher publisher, MeterRegistry meters) {
        this(normalizers, publisher, meters, () -> Catalog.EMPTY);
    }

    public DeliveryProcessor(Normalizers normalizers, KafkaPublisher publisher, MeterRegistry meters,
            Supplier<Catalog> catalog) {
        this(normalizers, publisher, meters, catalog, Clock.systemUTC());
    }

    /** @param clock stamps the rejected copy of a capture line received before 1970, which Kafka cannot take */
    public DeliveryProcessor(Normalizers normalizers, KafkaPublisher publisher, MeterRegistry meters,
            Supplier<Catalog> catalog, Clock clock) {
        this.normalizers = normalizers;
        this.publisher = publisher;
        this.counters = new IngestCounters(meters, normalizers.sources());
        this.catalog = catalog;
        this.clock = clock;
    }

    public Normalizers normalizers() {
        return normalizers;
    }

    /** Normalizes and publishes one delivery; blocks until Kafka acknowledged or the ack timeout. */
    public Outcome process(RawDelivery raw) {
        return await(raw, processAsync(raw));
    }

    /** A signal or record ready to send: its topic, key, Kafka timestamp and bytes. */
    private record Send(String topic, String key, long timestamp, byte[] value, String id) {}

    /**
     * Normalizes and bounds on the calling thread, then sends in order: the raw delivery first,
     * then the signals and records. Nothing is sent but the rejected copy when any of it is
     * refused. The outcome completes when Kafka acknowledged all of it, or as unavailable within
     * the ack timeout; it never completes exceptionally. It completes on the producer's I/O thread
     * (or the timeout's), so what depends on it must be quick or move elsewhere.
     */
    public CompletableFuture<Outcome> processAsync(RawDelivery raw) {
        TimeBounds.Verdict receipt = TimeBounds.receipt(raw.receivedAt());
        if (receipt != TimeBounds.Verdict.KEPT) {
            return rejectAsync(raw, TimeBounds.rejection(receipt), TimeBounds.refusal(receipt, "receivedAt", "",
                    raw.receivedAt(), "in the future"));
        }
        Normalizer normalizer = normalizers.find(raw.source()).orElse(null);
        if (normalizer == null) {
            return rejectAsync(raw, Rejection.UNKNOWN_SOURCE, "unknown source '" + raw.source() + "'; known: "
                    + String.join(", ", normalizers.sources()));
        }
        Normalization n;
        try {
            n = normalizer.normalize(raw);
        } catch (RuntimeException e) {
            log.warn("normalizer {} failed on a delivery; rejecting it", raw.source(), e);
            return rejectAsync(raw, Rejection.NORMALIZER_FAILED,
                    "cannot read this " + raw.source() + " payload: " + e.getClass().getSimpleName());
        }
        if (n.isRejected()) {
            return rejectAsync(raw, Rejection.INVALID_PAYLOAD, n.rejectedReason());
        }
        byte[] rawBytes = RAW.serialize(Topics.SIGNALS_RAW, raw);
        if (!publisher.fits(raw.source(), rawBytes)) {
            return rejectAsync(raw, Rejection.TOO_LARGE_FOR_KAFKA, tooLarge(rawBytes.length));
        }
        List<Send> sends = new ArrayList<>(n.signals().size() + n.records().size());
        List<Adjustment> adjustments = new ArrayList<>();
        int droppedByCatalog = 0;
        Catalog rules = catalog.get();
        boolean several = n.signals().size() + n.records().size() > 1;
        for (int i = 0; i < n.signals().size(); i++) {
            Signal s = CatalogRules.apply(rules, n.signals().get(i));
            if (s == null) {
                droppedByCatalog++;
                continue;
            }
            SignalGuard.Guarded g = SignalGuard.apply(s, several ? " (item " + i + ")" : "");
            if (g.refused() != null) {
                return rejectAsync(raw, g.refused().rejection(), g.refused().message());
            }
            adjustments.addAll(g.adjustments());
            Signal signal = g.signal();
            sends.add(new Send(Topics.SIGNALS, signal.key(), signal.observedAt().toEpochMilli(),
                    SIGNAL.serialize(Topics.SIGNALS, signal), signal.id()));
        }
        for (int i = 0; i < n.records().size(); i++) {
            RecordGuard.Guarded g = RecordGuard.apply(n.records().get(i), raw.receivedAt(),
                    several ? " (item " + i + ")" : "");
            if (g.refused() != null) {
                return rejectAsync(raw, g.refused().rejection(), g.refused().message());
            }
            adjustments.addAll(g.adjustments());
            Record r = g.record();
            sends.add(new Send(Topics.RECORDS, r.key(), r.openedAt().toEpochMilli(),
                    RECORD.serialize(Topics.RECORDS, r), r.id()));
        }
        // Counted once the delivery is going out: a refused one changed nothing.
        adjustments.forEach(a -> counters.adjusted(raw.source(), a));
        for (int i = 0; i < droppedByCatalog; i++) {
            counters.dropped(raw.source(), CATALOG_IGNORE);
        }
        List<CompletableFuture<RecordMetadata>> acks = new ArrayList<>(1 + sends.size());
        List<String> ids = new ArrayList<>(sends.size());
        try {
            acks.add(publisher.send(Topics.SIGNALS_RAW, null, raw.source(), raw.receivedAt().toEpochMilli(),
                    rawBytes));
            for (Send s : sends) {
                acks.add(publisher.send(s.topic(), null, s.key(), s.timestamp(), s.value()));
                ids.add(s.id());
            }
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unavailable(raw, e));
        }
        String ignoredReason = n.ignoredReason();
        return publisher.acknowledged(acks).handle((acked, failure) -> {
            if (failure != null) {
                Throwable cause = cause(failure);
                if (cause instanceof RecordTooLargeException) {
                    // The broker (or the topic) takes less than the producer: still nothing a retry mends. Sent
                    // from elsewhere than the producer's I/O thread, which must not wait on a send of its own.
                    String reason = tooLarge(rawBytes.length) + " (Kafka: " + cause.getMessage() + ")";
                    return CompletableFuture.supplyAsync(() -> rejectAsync(raw, Rejection.TOO_LARGE_FOR_KAFKA, reason))
                            .thenCompose(outcome -> outcome);
                }
                return CompletableFuture.completedFuture(unavailable(raw, failure));
            }
            if (ignoredReason != null) {
                counters.deliveries(raw.source(), "ignored");
                return CompletableFuture.completedFuture(Outcome.ignored(ignoredReason));
            }
            counters.deliveries(raw.source(), "accepted");
            return CompletableFuture.completedFuture(Outcome.accepted(ids));
        }).thenCompose(outcome -> outcome);
    }

    private String tooLarge(int storedBytes) {
        return "too large to keep on Kafka: " + storedBytes + " bytes as stored, over the limit of "
                + publisher.maxRecordBytes() + "; send it in smaller parts";
    }

    /**
     * Keeps a delivery that cannot be used on {@code signals.rejected.v1} with the reason, so
     * nothing is lost: a fixed normalizer can replay it later.
     */
    public Outcome reject(RawDelivery raw, Rejection rejection, String reason) {
        return await(raw, rejectAsync(raw, rejection, reason));
    }

    /**
     * {@link #reject}, answered as {@link #processAsync} answers. A delivery too large for a Kafka
     * record is kept cut ({@link RejectedCopy}), and its timestamp is the receipt, or now when the
     * receipt itself is out of bounds.
     */
    public CompletableFuture<Outcome> rejectAsync(RawDelivery raw, Rejection rejection, String reason) {
        counters.deliveries(raw.source(), "rejected");
        counters.rejected(raw.source(), rejection);
        CompletableFuture<RecordMetadata> send;
        try {
            RawDelivery copy = raw.rejected(reason);
            byte[] bytes = RAW.serialize(Topics.SIGNALS_REJECTED, copy);
            if (!publisher.fits(raw.source(), bytes)) {
                copy = RejectedCopy.of(copy, keptChars(), bytes.length + " bytes as stored");
                bytes = RAW.serialize(Topics.SIGNALS_REJECTED, copy);
            }
            Instant at = TimeBounds.receipt(raw.receivedAt()) == TimeBounds.Verdict.KEPT
                    ? raw.receivedAt() : clock.instant();
            send = publisher.send(Topics.SIGNALS_REJECTED, null, raw.source(), at.toEpochMilli(), bytes);
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(unavailable(raw, e));
        }
        return publisher.acknowledged(List.of(send)).handle((acked, failure) -> failure != null
                ? unavailable(raw, failure) : Outcome.rejected(rejection, reason));
    }

    /**
     * Characters of a body kept when it is cut: {@link RejectedCopy#KEPT_CHARS}, fewer for a producer
     * configured for small records (a character may take six bytes escaped).
     */
    private int keptChars() {
        return Math.max(0, Math.min(RejectedCopy.KEPT_CHARS, (publisher.maxRecordBytes() - 16 * 1024) / 6));
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
        Throwable cause = cause(e);
        log.warn("Kafka did not acknowledge a {} delivery: {}", counters.sourceTag(raw.source()), cause.toString());
        return Outcome.unavailable(reason(cause));
    }

    private static Throwable cause(Throwable e) {
        return (e instanceof ExecutionException || e instanceof CompletionException) && e.getCause() != null
                ? e.getCause() : e;
    }

    private static String reason(Throwable cause) {
        return "Kafka did not acknowledge the delivery: " + cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
