package timelines.app.run;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import timelines.ingest.http.IngestHttp;

/** One HTTP server for a process: its parts' routes plus /healthz, /readyz (every part ready) and /metrics. */
final class OpsServer {
    /** How long a stop waits for requests in flight. */
    static final long STOP_TIMEOUT_MS = 10_000;

    private OpsServer() {}

    static Javalin start(String host, int port, List<Part> parts, PrometheusMeterRegistry meters) {
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = host;
            config.jetty.port = port;
            config.jetty.modifyServer(server -> server.setStopTimeout(STOP_TIMEOUT_MS));
            parts.forEach(p -> p.routes(config));
            IngestHttp.registerOps(config, () -> {
                for (Part p : parts) {
                    String problem = p.problem();
                    if (problem != null) {
                        return problem;
                    }
                }
                return null;
            }, meters::scrape);
        }).start();
    }
}
