package timelines.app.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Ingest: where it listens, how it talks to Kafka, what it does on its own.
 *
 * @param port 0: a free port
 * @param probes the active probes file, or null
 * @param noAuth accept deliveries without a token (local demos only)
 * @param defaultEnv env of signals whose payload names none; null: the catalog's, else prod
 */
public record IngestSettings(String host, int port, Duration tickInterval, Duration ackTimeout,
        boolean snsAutoConfirm, Path probes, boolean noAuth, String defaultEnv) {
    static IngestSettings read(Values v) {
        return new IngestSettings(v.text("ingest.host"), v.number("ingest.port", 0, 65535),
                v.duration("ingest.tickInterval"), v.duration("ingest.ackTimeout"), v.bool("ingest.snsAutoConfirm"),
                v.path("ingest.probes"), v.bool("ingest.noAuth"), v.text("defaultEnv"));
    }
}
