package timelines.app.run;

import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.Sources;
import timelines.ingest.cloudwatch.SnsConfirmer;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.http.IngestHttp;
import timelines.ingest.http.WebhookAuth;
import timelines.ingest.kafka.KafkaPublisher;
import timelines.ingest.kafka.KafkaReadiness;
import timelines.ingest.kafka.TickEmitter;
import timelines.ingest.probe.ProbeRunner;
import timelines.ingest.probe.ProbeSettingsLoader;

/** Ingest: the HTTP receivers, the producer, ticks and probes. */
final class IngestPart implements Part {
    private static final Logger log = LoggerFactory.getLogger(IngestPart.class);

    private final KafkaPublisher publisher;
    private final KafkaReadiness readiness;
    private final TickEmitter ticks;
    private final IngestHttp http;
    private ProbeRunner probes;

    IngestPart(String bootstrap, Map<String, String> client, Supplier<Catalog> catalog, String defaultEnv,
            WebhookAuth auth, boolean snsAutoConfirm, Duration ackTimeout, Duration tickInterval, Path probesFile,
            java.util.Collection<String> heartbeats, MeterRegistry meters) {
        this(bootstrap, client, catalog, defaultEnv, auth, snsAutoConfirm, ackTimeout, tickInterval, probesFile,
                heartbeats, java.util.Set.of(), null, meters);
    }

    /**
     * @param slackChannels the Slack channel ids whose messages are reports ({@code ingest.slack.channels})
     * @param publicUrl how vendors reach ingest, for {@code GET /sources} ({@code ingest.publicUrl}); null: the request's
     */
    IngestPart(String bootstrap, Map<String, String> client, Supplier<Catalog> catalog, String defaultEnv,
            WebhookAuth auth, boolean snsAutoConfirm, Duration ackTimeout, Duration tickInterval, Path probesFile,
            java.util.Collection<String> heartbeats, java.util.Set<String> slackChannels, java.net.URI publicUrl,
            MeterRegistry meters) {
        String env = defaultEnv != null ? defaultEnv : catalog.get().defaultEnv();
        this.publisher = new KafkaPublisher(bootstrap, ackTimeout, client);
        try {
            this.readiness = new KafkaReadiness(bootstrap, client, Clock.systemUTC());
            DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers(env, heartbeats, slackChannels),
                    publisher, meters, catalog, Clock.systemUTC());
            this.http = new IngestHttp(processor, Clock.systemUTC(), auth, meters, new SnsConfirmer(snsAutoConfirm),
                    IngestHttp.BODY_DEADLINE, publicUrl);
            this.ticks = new TickEmitter(publisher, Clock.systemUTC());
            ticks.start(tickInterval);
            if (probesFile != null) {
                probes = new ProbeRunner(ProbeSettingsLoader.load(probesFile), ProbeRunner.sinkFor(processor),
                        Clock.systemUTC(), meters);
                probes.start();
                log.info("probing {}", String.join(", ", probes.names()));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    public void routes(JavalinConfig config) {
        http.register(config);
    }

    @Override
    public String problem() {
        return readiness.problem();
    }

    @Override
    public void close() {
        if (probes != null) {
            probes.close();
        }
        if (ticks != null) {
            ticks.close();
        }
        publisher.close();
        if (readiness != null) {
            readiness.close();
        }
    }
}
