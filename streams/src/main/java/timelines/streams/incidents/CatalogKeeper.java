package timelines.streams.incidents;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.catalog.CatalogVersion;

/**
 * The global processor of {@code catalog.v1}: keeps every readable catalog version in the global
 * catalog store (key {@code <effectiveFrom>|<version>}), on every instance, so stage 2 of every
 * task sees the same versions ({@link CatalogVersions}). Emits nothing. A tombstone removes a
 * publication (an operator retracting one); a version whose catalog cannot be read is left out
 * and counted, so a bad record cannot stop the global thread.
 */
public final class CatalogKeeper implements Processor<String, CatalogVersion, Void, Void> {
    private static final Logger log = LoggerFactory.getLogger(CatalogKeeper.class);

    private final String storeName;
    private final MeterRegistry meters;
    private KeyValueStore<String, CatalogVersion> store;

    public CatalogKeeper(String storeName, MeterRegistry meters) {
        this.storeName = storeName;
        this.meters = meters;
        versions();
        refused("no_key");
        refused("unreadable");
    }

    private io.micrometer.core.instrument.Counter versions() {
        return io.micrometer.core.instrument.Counter.builder("timelines_catalog_versions_total")
                .description("Catalog versions the topology's global store took from catalog.v1").register(meters);
    }

    private io.micrometer.core.instrument.Counter refused(String reason) {
        return io.micrometer.core.instrument.Counter.builder("timelines_catalog_versions_refused_total")
                .description("Catalog versions on catalog.v1 left out, by reason (no_key, unreadable)")
                .tag("reason", reason).register(meters);
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, CatalogVersion> record) {
        if (record.key() == null) {
            refused("no_key").increment();
            return;
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        if (!CatalogVersions.readable(record.value())) {
            refused("unreadable").increment();
            log.error("catalog version {} cannot be read and is left out", record.key());
            return;
        }
        CatalogVersion v = record.value();
        store.put(record.key(), v);
        versions().increment();
        log.info("catalog version {} in force from {} (published by {} at {})", v.version(), v.effectiveFrom(),
                v.publishedBy(), v.publishedAt());
    }
}
