package timelines.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.Signal;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.Sources;
import timelines.ingest.catalog.CatalogRules;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizers;
import timelines.ingest.delivery.SignalGuard;
import timelines.ingest.kafka.KafkaPublisher;

/**
 * Puts a mix on {@code signals.v1} and {@code records.v1} exactly as ingest would write it
 * (normalized, catalog rules, guard, the env partitioner, event time as the record timestamp),
 * but without waiting for each acknowledgement: this is the input of the raw and streams stages,
 * not a measurement of ingest.
 */
public final class Preload {
    private static final JsonSerde<Signal> SIGNAL = JsonSerde.of(Signal.class);
    private static final JsonSerde<Record> RECORD = JsonSerde.of(Record.class);

    record Loaded(int signals, int records, long signalBytes, Instant lastObserved) {}

    private Preload() {}

    static Loaded load(String bootstrap, List<SignalMix.Delivery> mix, Catalog catalog) {
        int signals = 0;
        int records = 0;
        long bytes = 0;
        Instant last = null;
        try (KafkaPublisher publisher = new KafkaPublisher(bootstrap, Duration.ofSeconds(60),
                Map.of("linger.ms", "20", "batch.size", "262144"))) {
            for (Object input : inputs(mix, catalog)) {
                if (input instanceof Signal s) {
                    byte[] value = SIGNAL.serialize(Topics.SIGNALS, s);
                    bytes += value.length;
                    publisher.send(Topics.SIGNALS, null, s.key(), s.observedAt().toEpochMilli(), value);
                    signals++;
                    last = last == null || s.observedAt().isAfter(last) ? s.observedAt() : last;
                } else if (input instanceof Record r) {
                    publisher.send(Topics.RECORDS, null, r.key(), r.openedAt().toEpochMilli(),
                            RECORD.serialize(Topics.RECORDS, r));
                    records++;
                }
            }
            publisher.flush();
        }
        return new Loaded(signals, records, bytes, last);
    }

    /**
     * The topology's inputs for a mix, in delivery order: each {@link Signal} as ingest would write
     * it to {@code signals.v1} (normalized, catalog rules, guard) and each {@link Record} as
     * written to {@code records.v1}.
     */
    public static List<Object> inputs(List<SignalMix.Delivery> mix, Catalog catalog) {
        Normalizers normalizers = Sources.normalizers(catalog.defaultEnv());
        List<Object> out = new java.util.ArrayList<>();
        for (SignalMix.Delivery d : mix) {
            RawDelivery raw = new RawDelivery(d.receivedAt(), d.source(), Map.of(), d.body(), null);
            Normalization n = normalizers.find(d.source()).orElseThrow().normalize(raw);
            if (n.isRejected()) {
                throw new IllegalStateException("the mix holds a delivery ingest rejects: " + n.rejectedReason());
            }
            for (Signal normalized : n.signals()) {
                Signal s = CatalogRules.apply(catalog, normalized);
                if (s != null) {
                    out.add(SignalGuard.apply(s).signal());
                }
            }
            out.addAll(n.records());
        }
        return out;
    }
}
