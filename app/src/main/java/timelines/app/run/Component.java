package timelines.app.run;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.app.config.TimelinesConfig;
import timelines.app.kafka.TopicAdmin;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.Sources;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.alerts.AlertTargets;

/**
 * One component alone against a Kafka cluster (production shape): {@code ingest}, {@code streams}
 * or {@code sink}, each with its own /healthz, /readyz and /metrics port, stopped in reverse order.
 */
public final class Component implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Component.class);

    public enum Kind {
        INGEST,
        STREAMS,
        SINK
    }

    private final Started started = new Started();
    private int port;

    private Component() {}

    public static Component start(Kind kind, TimelinesConfig c, Map<String, String> env) {
        String bootstrap = c.bootstrapServers();
        if (bootstrap == null) {
            throw new IllegalArgumentException("timelines " + kind.name().toLowerCase() + " needs a Kafka cluster: set "
                    + "kafka.bootstrapServers in the config or KAFKA_BOOTSTRAP_SERVERS");
        }
        if (kind == Kind.SINK) {
            SinkPart.requireWritable(c.sinkOut(), "sink.out");
        }
        PrometheusMeterRegistry meters = OpsMeters.registry(c.kafkaClientMetrics());
        Component component = new Component();
        try {
            List<String> drift = TopicAdmin.ensure(bootstrap, Topics.all(c.partitions(), Topics.RAW_RETENTION),
                    c.kafkaClient());
            drift.forEach(d -> log.warn("topic drift: {}", d));
            Supplier<Catalog> catalog = Catalogs.inForce(c.catalog(), meters, component.started);
            Part part;
            String host;
            int port;
            switch (kind) {
                case INGEST -> {
                    WebhookAuth auth = WebhookAuth.fromEnvironment(env, Sources.normalizers("prod").sources(),
                            c.noAuth());
                    if (!auth.open() && !auth.hasTokens()) {
                        throw new IllegalArgumentException("timelines ingest needs a token: set TIMELINES_TOKEN (or "
                                + "TIMELINES_TOKEN_<SOURCE>), or ingest.noAuth: true for a local demo");
                    }
                    part = new IngestPart(bootstrap, c.kafkaClient(), catalog, c.defaultEnv(), auth, c.snsAutoConfirm(),
                            c.ackTimeout(), c.tickInterval(), c.probes(), c.correlation().heartbeats(), meters);
                    host = c.ingestHost();
                    port = c.ingestPort();
                }
                case STREAMS -> {
                    part = new StreamsPart(bootstrap, c.kafkaClient(), c.streamsApplicationId(), c.streamsStateDir(),
                            c.correlation(), catalog, meters);
                    host = c.opsHost();
                    port = c.streamsPort();
                }
                case SINK -> {
                    AlertTargets targets = AlertTargets.defaults().withSlackWebhook(c.slackWebhook())
                            .withAlertmanager(c.alertmanager()).withDraftLinkBase(c.draftLinkBase());
                    part = new SinkPart(bootstrap, c.kafkaClient(), c.sinkOut(), targets, meters);
                    host = c.opsHost();
                    port = c.sinkPort();
                }
                default -> throw new IllegalStateException();
            }
            component.started.push(part);
            Javalin server = OpsServer.start(host, port, List.of(part), meters);
            component.started.push(server::stop);
            component.port = server.port();
            return component;
        } catch (RuntimeException e) {
            component.close();
            throw e;
        }
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        started.stopAll();
    }
}
