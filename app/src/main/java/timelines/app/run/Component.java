package timelines.app.run;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.app.config.IngestSettings;
import timelines.app.config.StreamsSettings;
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
        String bootstrap = c.kafka().bootstrapServers();
        if (bootstrap == null) {
            throw new IllegalArgumentException("timelines " + kind.name().toLowerCase() + " needs a Kafka cluster: set "
                    + "kafka.bootstrapServers in the config or KAFKA_BOOTSTRAP_SERVERS");
        }
        if (kind == Kind.SINK) {
            SinkPart.requireWritable(c.sink().out(), "sink.out");
        }
        PrometheusMeterRegistry meters = OpsMeters.registry(c.ops().kafkaClientMetrics());
        Component component = new Component();
        try {
            Map<String, String> client = c.kafka().client();
            List<String> drift = TopicAdmin.ensure(bootstrap, Topics.all(c.kafka().partitions(), Topics.RAW_RETENTION),
                    client);
            drift.forEach(d -> log.warn("topic drift: {}", d));
            // Ingest and streams load the file and publish it on catalog.v1 (streams before it starts); the sink
            // only reads drafts.
            Supplier<Catalog> catalog = Catalogs.inForce(c.catalog(), meters, component.started, kind == Kind.SINK
                    ? null : Catalogs.publisher(bootstrap, client, kind.name().toLowerCase(), meters));
            Part part;
            String host;
            int port;
            switch (kind) {
                case INGEST -> {
                    IngestSettings in = c.ingest();
                    WebhookAuth auth = WebhookAuth.fromEnvironment(env, Sources.normalizers("prod").sources(),
                            in.noAuth()).withSigningSecret("slack", in.slackSigningSecret());
                    if (!auth.open() && !auth.hasTokens()) {
                        throw new IllegalArgumentException("timelines ingest needs a token: set TIMELINES_TOKEN (or "
                                + "TIMELINES_TOKEN_<SOURCE>), or ingest.noAuth: true for a local demo");
                    }
                    part = new IngestPart(bootstrap, client, catalog, in.defaultEnv(), auth, in.snsAutoConfirm(),
                            in.ackTimeout(), in.tickInterval(), in.probes(), c.streams().correlation().heartbeats(), in.slackChannels(),
                            in.publicUrl(), meters);
                    host = in.host();
                    port = in.port();
                }
                case STREAMS -> {
                    StreamsSettings st = c.streams();
                    part = new StreamsPart(bootstrap, client, st.applicationId(), st.stateDir(), st.correlation(),
                            meters, catalog.get().envs());
                    host = c.ops().host();
                    port = st.port();
                }
                case SINK -> {
                    // A lone sink knows no page of its own: without sink.draftLinkBase, alerts name the incident only.
                    AlertTargets targets = c.sink().alertTargets(AlertTargets.defaults(), null);
                    // Ingest serves /sources on its own port: the sink links there when it knows where that is.
                    URI publicUrl = c.ingest().publicUrl();
                    String sources = publicUrl == null ? null : publicUrl.toString().replaceAll("/+$", "") + "/sources";
                    part = new SinkPart(bootstrap, client, c.sink().out(), targets, meters, sources);
                    host = c.ops().host();
                    port = c.sink().port();
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
