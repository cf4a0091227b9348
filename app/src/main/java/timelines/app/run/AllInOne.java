package timelines.app.run;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.catalog.CatalogWatcher;
import java.util.function.Supplier;
import timelines.ingest.Sources;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.cloudwatch.SnsConfirmer;
import timelines.ingest.http.IngestHttp;
import timelines.ingest.http.WebhookAuth;
import timelines.ingest.kafka.KafkaPublisher;
import timelines.ingest.kafka.KafkaReadiness;
import timelines.ingest.kafka.TickEmitter;
import timelines.ingest.probe.ProbeRunner;
import timelines.ingest.probe.ProbeSettingsLoader;
import timelines.sink.alerts.AlertDispatcher;
import timelines.sink.alerts.AlertTargets;
import timelines.sink.consume.DraftSink;
import timelines.sink.drafts.LiveDrafts;
import timelines.sink.web.IndexPage;
import timelines.sink.web.TimelinePage;
import timelines.contracts.Incident;
import java.util.Optional;
import timelines.streams.CorrelationSettings;
import timelines.streams.StreamsRunner;
import timelines.streams.incidents.ServiceGraph;

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

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final String bootstrapServers;
    private final PrometheusMeterRegistry meters;
    private int httpPort;

    private AllInOne(String bootstrapServers, PrometheusMeterRegistry meters) {
        this.bootstrapServers = bootstrapServers;
        this.meters = meters;
    }

    public static AllInOne start(Settings s) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        EmbeddedKafka embedded = null;
        String bootstrap = s.bootstrapServers();
        if (bootstrap == null || bootstrap.isBlank()) {
            embedded = s.kafkaPort() == 0
                    ? EmbeddedKafka.startOnFreePorts(s.dataDir().resolve("kafka"))
                    : EmbeddedKafka.start(s.dataDir().resolve("kafka"), s.kafkaPort());
            bootstrap = embedded.bootstrapServers();
        }
        AllInOne app = null;
        Deque<AutoCloseable> closeOnFailure = new ArrayDeque<>();
        try {
            List<String> drift = TopicAdmin.ensure(bootstrap, Topics.all(s.partitions(), Topics.RAW_RETENTION), Map.of());
            drift.forEach(d -> log.warn("topic drift: {}", d));
            Supplier<Catalog> catalog = () -> Catalog.EMPTY;
            if (s.catalogFile() != null) {
                CatalogWatcher watcher = new CatalogWatcher(s.catalogFile(), meters);
                watcher.start(Duration.ofSeconds(2));
                closeOnFailure.push(watcher);
                catalog = watcher;
            }
            Supplier<Catalog> inForce = catalog;
            String defaultEnv = s.defaultEnv() != null ? s.defaultEnv() : inForce.get().defaultEnv();
            KafkaPublisher publisher = new KafkaPublisher(bootstrap, Duration.ofSeconds(10), Map.of());
            KafkaReadiness readiness = new KafkaReadiness(bootstrap, Map.of(), Clock.systemUTC());
            TickEmitter ticks = new TickEmitter(publisher, Clock.systemUTC());
            StreamsRunner streams = new StreamsRunner(bootstrap, "timelines", s.dataDir().resolve("streams"),
                    s.correlation(), ServiceGraph.of(inForce), meters, Map.of());
            DraftSink sink = new DraftSink(bootstrap, "timelines-sink", s.out(), meters, Map.of());
            DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers(defaultEnv), publisher, meters,
                    inForce);
            IngestHttp http = new IngestHttp(processor, Clock.systemUTC(), s.auth(), meters,
                    new SnsConfirmer(s.snsAutoConfirm()));

            Javalin server = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.jetty.host = s.httpHost();
                config.jetty.port = s.httpPort();
                http.register(config);
                IngestHttp.registerOps(config, () -> {
                    String problem = readiness.problem();
                    if (problem == null && !streams.running()) {
                        problem = "streams is " + streams.state();
                    }
                    return problem;
                }, meters::scrape);
                LiveDrafts drafts = new LiveDrafts(s.out());
                config.routes.get("/", ctx -> ctx.html(IndexPage.render(drafts.incidents())));
                config.routes.get("/incidents/{id}", ctx -> {
                    String id = ctx.pathParam("id");
                    Optional<Incident> incident = drafts.incidents().stream().filter(i -> i.id().equals(id)).findFirst();
                    if (incident.isEmpty()) {
                        ctx.status(404).html(TimelinePage.notFound(id));
                        return;
                    }
                    ctx.html(TimelinePage.render(incident.get(), drafts.markdownOf(incident.get()).orElse(null)));
                });
            });

            app = new AllInOne(bootstrap, meters);
            if (embedded != null) {
                app.started.push(embedded);
            }
            while (!closeOnFailure.isEmpty()) {
                app.started.push(closeOnFailure.removeLast());
            }
            app.started.push(publisher);
            app.started.push(readiness);
            streams.start();
            app.started.push(streams);
            sink.start();
            app.started.push(sink);
            AlertDispatcher alerts = new AlertDispatcher(bootstrap, s.alertTargets(), meters, Map.of());
            alerts.start();
            app.started.push(alerts);
            ticks.start(s.tickInterval());
            app.started.push(ticks);
            if (s.probesFile() != null) {
                ProbeRunner probes = new ProbeRunner(ProbeSettingsLoader.load(s.probesFile()),
                        ProbeRunner.sinkFor(processor), Clock.systemUTC(), meters);
                probes.start();
                app.started.push(probes);
                log.info("probing {}", String.join(", ", probes.names()));
            }
            server.start();
            app.started.push(server::stop);
            app.httpPort = server.port();
            return app;
        } catch (RuntimeException e) {
            if (app != null) {
                app.close();
            } else {
                closeOnFailure.forEach(c -> {
                    try {
                        c.close();
                    } catch (Exception ignored) {
                        // Already failing; the first error is the one to report.
                    }
                });
                if (embedded != null) {
                    embedded.close();
                }
            }
            throw e;
        }
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
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", c, e.toString());
            }
        }
    }
}
