package timelines.app.run;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.alerts.AlertTargets;
import timelines.streams.CorrelationSettings;

/**
 * {@code timelines run}: broker (embedded unless one is given), topics, ingest over HTTP with
 * ticks, the topology, and the draft sink, in one process. Stops in reverse order.
 */
public final class AllInOne implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AllInOne.class);

    /** What {@code run} needs; see the CLI for each option's meaning and default. */
    public record Settings(String bootstrapServers, Path dataDir, int kafkaPort, String httpHost, int httpPort, Path out,
            int partitions, Path catalogFile, String defaultEnv, Duration tickInterval, CorrelationSettings correlation,
            WebhookAuth auth, Path probesFile, boolean snsAutoConfirm, AlertTargets alertTargets) {}

    private final Started started = new Started();
    private final String bootstrapServers;
    private final PrometheusMeterRegistry meters;
    private int httpPort;

    private AllInOne(String bootstrapServers, PrometheusMeterRegistry meters) {
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    public static AllInOne start(Settings s) {
        return start(s, Map.of());
    }

    /**
     * @param kafkaClient Kafka client settings for every client (security.protocol, SASL, TLS), from
     *     the config's {@code kafka.client.*} or {@code KAFKA_CLIENT_*}
     */
    public static AllInOne start(Settings s, Map<String, String> kafkaClient) {
        return start(s, kafkaClient, false);
    }

    /**
     * @param kafkaClientMetrics whether {@code /metrics} shows Kafka's client metrics too (the
     *     config's {@code metrics.kafkaClients})
     */
    public static AllInOne start(Settings s, Map<String, String> kafkaClient, boolean kafkaClientMetrics) {
        SinkPart.requireWritable(s.out(), "--out");
        PrometheusMeterRegistry meters = OpsMeters.registry(kafkaClientMetrics);
        EmbeddedKafka embedded = null;
        String bootstrap = s.bootstrapServers();
        if (bootstrap == null || bootstrap.isBlank()) {
            embedded = s.kafkaPort() == 0
                    ? EmbeddedKafka.startOnFreePorts(s.dataDir().resolve("kafka"))
                    : EmbeddedKafka.start(s.dataDir().resolve("kafka"), s.kafkaPort());
            bootstrap = embedded.bootstrapServers();
        }
        AllInOne app = new AllInOne(bootstrap, meters);
        if (embedded != null) {
            app.started.push(embedded);
        }
        try {
            Map<String, String> client = embedded != null ? Map.of() : kafkaClient;
            List<String> drift = TopicAdmin.ensure(bootstrap, Topics.all(s.partitions(), Topics.RAW_RETENTION), client);
            drift.forEach(d -> log.warn("topic drift: {}", d));
            Supplier<Catalog> catalog = Catalogs.inForce(s.catalogFile(), meters, app.started);
            List<Part> parts = new ArrayList<>();
            parts.add(app.keep(new StreamsPart(bootstrap, client, "timelines", s.dataDir().resolve("streams"),
                    s.correlation(), catalog, meters)));
            parts.add(app.keep(new SinkPart(bootstrap, client, s.out(), s.alertTargets(), meters)));
            parts.add(app.keep(new IngestPart(bootstrap, client, catalog, s.defaultEnv(), s.auth(), s.snsAutoConfirm(),
                    Duration.ofSeconds(10), s.tickInterval(), s.probesFile(), s.correlation().heartbeats(), meters)));
            Javalin server = OpsServer.start(s.httpHost(), s.httpPort(), parts, meters);
            app.started.push(server::stop);
            app.httpPort = server.port();
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    private <T extends AutoCloseable> T keep(T part) {
        started.push(part);
        return part;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public int httpPort() {
        return httpPort;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        started.stopAll();
    }
}
