package timelines.app.run;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.app.config.IngestSettings;
import timelines.app.config.TimelinesConfig;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.alerts.AlertTargets;
import timelines.streams.CorrelationSettings;

/**
 * {@code timelines run}: broker (embedded unless one is given), topics, ingest over HTTP with
 * ticks, the topology, and the draft sink, in one process, all from one {@link TimelinesConfig}.
 * Stops in reverse order.
 */
public final class AllInOne implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AllInOne.class);

    /**
     * What a test or an embedding program gives {@code run} directly, every value explicit; the
     * {@code alertTargets} carry the delivery policy too (attempts, backoff).
     */
    public record Settings(String bootstrapServers, Path dataDir, int kafkaPort, String httpHost, int httpPort, Path out,
            int partitions, Path catalogFile, String defaultEnv, Duration tickInterval, CorrelationSettings correlation,
            WebhookAuth auth, Path probesFile, boolean snsAutoConfirm, AlertTargets alertTargets,
            java.util.Set<String> slackChannels, java.net.URI publicUrl) {

        /** Without Slack channels (every Slack message ignored), and /sources URLs from the request. */
        public Settings(String bootstrapServers, Path dataDir, int kafkaPort, String httpHost, int httpPort, Path out,
                int partitions, Path catalogFile, String defaultEnv, Duration tickInterval,
                CorrelationSettings correlation, WebhookAuth auth, Path probesFile, boolean snsAutoConfirm,
                AlertTargets alertTargets) {
            this(bootstrapServers, dataDir, kafkaPort, httpHost, httpPort, out, partitions, catalogFile, defaultEnv,
                    tickInterval, correlation, auth, probesFile, snsAutoConfirm, alertTargets, java.util.Set.of(), null);
        }

        /** The same, as the configuration {@code run --config} would have built. */
        TimelinesConfig config(Map<String, String> kafkaClient) {
            Map<String, String> given = new HashMap<>();
            given.put("embedded.dataDir", dataDir.toString());
            given.put("embedded.port", String.valueOf(kafkaPort));
            given.put("ingest.host", httpHost);
            given.put("ingest.port", String.valueOf(httpPort));
            given.put("sink.out", out.toString());
            given.put("kafka.partitions", String.valueOf(partitions));
            given.put("ingest.tickInterval", tickInterval.toString());
            given.put("ingest.snsAutoConfirm", String.valueOf(snsAutoConfirm));
            putIfSet(given, "kafka.bootstrapServers", bootstrapServers);
            putIfSet(given, "catalog", catalogFile);
            putIfSet(given, "defaultEnv", defaultEnv);
            putIfSet(given, "ingest.probes", probesFile);
            putIfSet(given, "ingest.publicUrl", publicUrl);
            if (!slackChannels.isEmpty()) {
                given.put("ingest.slack.channels", String.join(",", slackChannels));
            }
            kafkaClient.forEach((k, v) -> given.put("kafka.client." + k, v));
            return TimelinesConfig.load(null, Map.of(), given).withCorrelation(correlation);
        }

        private static void putIfSet(Map<String, String> given, String key, Object value) {
            if (value != null) {
                given.put(key, value.toString());
            }
        }
    }

    private final Started started = new Started();
    private final String bootstrapServers;
    private final PrometheusMeterRegistry meters;
    private int httpPort;
    private int streamsPort = -1;
    private int sinkPort = -1;

    private AllInOne(String bootstrapServers, PrometheusMeterRegistry meters) {
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    public static AllInOne start(Settings s) {
        return start(s, Map.of());
    }

    /**
     * @param kafkaClient Kafka client settings for every client (security.protocol, SASL, TLS), as
     *     {@code kafka.client.*} would give them
     */
    public static AllInOne start(Settings s, Map<String, String> kafkaClient) {
        return start(s.config(kafkaClient), s.auth(), s.alertTargets());
    }

    /** {@code timelines run}: every key of the configuration takes effect (see {@link #noEffect}). */
    public static AllInOne start(TimelinesConfig c, WebhookAuth auth) {
        return start(c, auth, AlertTargets.defaults());
    }

    /**
     * @param base alert targets and delivery policy; the configuration's targets win over its
     */
    public static AllInOne start(TimelinesConfig c, WebhookAuth auth, AlertTargets base) {
        SinkPart.requireWritable(c.sink().out(), "sink.out");
        noEffect(c).forEach(reason -> log.warn("{}", reason));
        PrometheusMeterRegistry meters = OpsMeters.registry(c.ops().kafkaClientMetrics());
        EmbeddedKafka embedded = null;
        String bootstrap = c.kafka().bootstrapServers();
        if (bootstrap == null) {
            Path kafkaDir = c.embedded().dataDir().resolve("kafka");
            embedded = c.embedded().port() == 0
                    ? EmbeddedKafka.startOnFreePorts(kafkaDir)
                    : EmbeddedKafka.start(kafkaDir, c.embedded().port());
            bootstrap = embedded.bootstrapServers();
        }
        AllInOne app = new AllInOne(bootstrap, meters);
        if (embedded != null) {
            app.started.push(embedded);
        }
        try {
            // kafka.client.* reaches the embedded broker's clients too: every key the file holds takes effect.
            Map<String, String> client = c.kafka().client();
            List<String> drift = TopicAdmin.ensure(bootstrap, Topics.all(c.kafka().partitions(), Topics.RAW_RETENTION),
                    client);
            drift.forEach(d -> log.warn("topic drift: {}", d));
            // Published on catalog.v1 before streams starts, so its global store has it from the first input.
            Supplier<Catalog> catalog = Catalogs.inForce(c.catalog(), meters, app.started,
                    Catalogs.publisher(bootstrap, client, "all-in-one", meters));
            IngestSettings in = c.ingest();
            StreamsPart streams = app.keep(new StreamsPart(bootstrap, client, c.streams().applicationId(),
                    c.streams().stateDir(), c.streams().correlation(), meters, catalog.get().envs()));
            SinkPart sink = app.keep(new SinkPart(bootstrap, client, c.sink().out(),
                    c.sink().alertTargets(base, ownPageLink(in)), meters, "/sources"));
            IngestPart ingest = app.keep(new IngestPart(bootstrap, client, catalog, in.defaultEnv(),
                    auth.withSigningSecret("slack", in.slackSigningSecret()),
                    in.snsAutoConfirm(), in.ackTimeout(), in.tickInterval(), in.probes(),
                    c.streams().correlation().heartbeats(), in.slackChannels(), in.publicUrl(), meters));
            Javalin server = OpsServer.start(in.host(), in.port(), List.of(streams, sink, ingest), meters);
            app.started.push(server::stop);
            app.httpPort = server.port();
            // Everything is on ingest's port; a streams or sink port given as well serves that part there too,
            // so one config file runs the same whether the components run apart or together.
            if (c.isGiven("streams.port")) {
                Javalin ops = OpsServer.start(c.ops().host(), c.streams().port(), List.of(streams), meters);
                app.started.push(ops::stop);
                app.streamsPort = ops.port();
            }
            if (c.isGiven("sink.port")) {
                Javalin ops = OpsServer.start(c.ops().host(), c.sink().port(), List.of(sink), meters);
                app.started.push(ops::stop);
                app.sinkPort = ops.port();
            }
            log.info("timelines run: {}", c.describe());
            return app;
        } catch (RuntimeException e) {
            app.close();
            throw e;
        }
    }

    /** Where alerts link when sink.draftLinkBase is not given: this run's own timeline page. */
    static String ownPageLink(IngestSettings in) {
        return "http://" + (in.host().equals("0.0.0.0") ? "localhost" : in.host()) + ":" + in.port() + "/incidents/{id}";
    }

    /**
     * The keys given that {@code run} cannot use in this configuration, each with the reason (logged
     * as a warning at start): the embedded broker's when a Kafka is given, the ops address when no
     * ops port is.
     */
    static List<String> noEffect(TimelinesConfig c) {
        List<String> reasons = new ArrayList<>();
        if (c.kafka().bootstrapServers() != null && c.isGiven("embedded.port")) {
            reasons.add("embedded.port has no effect: Kafka is kafka.bootstrapServers, no broker is embedded");
        }
        if (c.kafka().bootstrapServers() != null && c.isGiven("embedded.dataDir") && c.isGiven("streams.stateDir")) {
            reasons.add("embedded.dataDir has no effect: Kafka is kafka.bootstrapServers and streams.stateDir is given");
        }
        if (c.isGiven("ops.host") && !c.isGiven("streams.port") && !c.isGiven("sink.port")) {
            reasons.add("ops.host has no effect: run serves everything on ingest.host:ingest.port unless streams.port "
                    + "or sink.port is given");
        }
        return reasons;
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

    /** The extra streams ops port, or -1 when streams.port was not given. */
    public int streamsPort() {
        return streamsPort;
    }

    /** The extra sink port, or -1 when sink.port was not given. */
    public int sinkPort() {
        return sinkPort;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        started.stopAll();
    }
}
