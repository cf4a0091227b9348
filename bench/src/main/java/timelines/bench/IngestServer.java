package timelines.bench;

import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.Sources;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.http.IngestHttp;
import timelines.ingest.http.WebhookAuth;
import timelines.ingest.kafka.KafkaPublisher;

/**
 * Ingest wired as {@code timelines run} wires it (Javalin, {@link IngestHttp},
 * {@link DeliveryProcessor}, {@link KafkaPublisher} with the app's 10 s ack timeout), on
 * loopback, open to all (no token to check: the cost of a constant-time compare is noise).
 */
final class IngestServer implements AutoCloseable {
    private final KafkaPublisher publisher;
    private final Javalin server;

    IngestServer(String bootstrap, Catalog catalog) {
        this.publisher = new KafkaPublisher(bootstrap, Duration.ofSeconds(10), Map.of());
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers(catalog.defaultEnv()), publisher,
                meters, () -> catalog);
        IngestHttp http = new IngestHttp(processor, Clock.systemUTC(), WebhookAuth.openToAll(), meters);
        this.server = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            http.register(config);
        });
        server.start();
    }

    int port() {
        return server.port();
    }

    KafkaPublisher publisher() {
        return publisher;
    }

    @Override
    public void close() {
        server.stop();
        publisher.close();
    }
}
