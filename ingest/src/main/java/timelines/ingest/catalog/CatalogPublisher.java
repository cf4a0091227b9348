package timelines.ingest.catalog;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.JsonSerde;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogVersion;

/**
 * Publishes a loaded catalog on {@code catalog.v1} when it is not the newest version there
 * ({@link CatalogPublication} decides): reads the topic to its end, decides, sends with the
 * record's timestamp set to the version's {@code effectiveFrom}, and returns once Kafka
 * acknowledged it. Called by whoever loads the file: streams and ingest at start, the watcher on a
 * change, a replay before its first delivery.
 */
public final class CatalogPublisher {
    private static final Logger log = LoggerFactory.getLogger(CatalogPublisher.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Map<String, String> client;
    private final Clock clock;
    private final Duration activationDelay;
    private final String by;
    private final MeterRegistry meters;

    /**
     * @param client Kafka client settings (security) for the producer and the consumer
     * @param by who loads the file, written on each version ({@code streams}, {@code replay}, ...)
     */
    public CatalogPublisher(String bootstrapServers, Map<String, String> client, Clock clock,
            Duration activationDelay, String by, MeterRegistry meters) {
        this.bootstrapServers = bootstrapServers;
        this.client = Map.copyOf(client);
        for (CatalogPublication.Outcome o : CatalogPublication.Outcome.values()) {
            publications(meters, o);
        }
        this.clock = clock;
        this.activationDelay = activationDelay;
        this.by = by;
        this.meters = meters;
    }

    private static io.micrometer.core.instrument.Counter publications(MeterRegistry meters,
            CatalogPublication.Outcome outcome) {
        return io.micrometer.core.instrument.Counter.builder("timelines_catalog_publications_total")
                .description("Catalog loads by what publishing them on catalog.v1 decided (FIRST, CHANGED, UNCHANGED)")
                .tag("outcome", outcome.name()).register(meters);
    }

    /**
     * Publishes the catalog unless it is the newest version already.
     *
     * @throws IllegalStateException when the topic cannot be read or the write is not acknowledged
     */
    public CatalogPublication.Decision publish(Catalog catalog) {
        CatalogVersion newest = newest();
        CatalogPublication.Decision d = CatalogPublication.decide(catalog, newest, clock.instant(), activationDelay,
                by);
        publications(meters, d.outcome()).increment();
        if (d.publish() == null) {
            log.info("catalog version {} is already the newest on {}", newest.version(), Topics.CATALOG);
            return d;
        }
        CatalogVersion v = d.publish();
        try (KafkaProducer<String, CatalogVersion> producer = new KafkaProducer<>(producerProperties(),
                new StringSerializer(), JsonSerde.of(CatalogVersion.class))) {
            producer.send(new ProducerRecord<>(Topics.CATALOG, 0, v.effectiveFrom().toEpochMilli(), v.key(), v))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while publishing the catalog", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot publish catalog version " + v.version() + " on " + Topics.CATALOG
                    + ": " + e.getMessage(), e);
        }
        log.info("catalog version {} published on {} ({}), in force from {}", v.version(), Topics.CATALOG,
                d.outcome(), v.effectiveFrom());
        return d;
    }

    /** The version with the latest effectiveFrom on the topic, or null when it holds none. */
    public CatalogVersion newest() {
        return newest(readAll());
    }

    static CatalogVersion newest(Iterable<CatalogVersion> versions) {
        CatalogVersion newest = null;
        for (CatalogVersion v : versions) {
            if (v.effectiveFrom() == null || v.version() == null) {
                continue;
            }
            if (newest == null || v.effectiveFrom().isAfter(newest.effectiveFrom())
                    || (v.effectiveFrom().equals(newest.effectiveFrom()) && v.version().compareTo(newest.version()) > 0)) {
                newest = v;
            }
        }
        return newest;
    }

    /** Every version on the topic, read to its end (the latest value per key; a tombstone removes one). */
    public List<CatalogVersion> readAll() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.putAll(client);
        TopicPartition partition = new TopicPartition(Topics.CATALOG, 0);
        Map<String, CatalogVersion> byKey = new HashMap<>();
        Instant deadline = clock.instant().plus(TIMEOUT);
        try (KafkaConsumer<String, CatalogVersion> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                JsonSerde.of(CatalogVersion.class))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            while (consumer.position(partition, TIMEOUT) < end) {
                if (clock.instant().isAfter(deadline)) {
                    throw new IllegalStateException("cannot read " + Topics.CATALOG + " to its end within " + TIMEOUT);
                }
                for (ConsumerRecord<String, CatalogVersion> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        byKey.remove(r.key());
                    } else {
                        byKey.put(r.key(), r.value());
                    }
                }
            }
        }
        return List.copyOf(byKey.values());
    }

    private Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) TIMEOUT.toMillis());
        p.putAll(client);
        return p;
    }
}
