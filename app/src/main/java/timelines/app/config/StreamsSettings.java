package timelines.app.config;

import java.nio.file.Path;
import timelines.streams.CorrelationSettings;

/**
 * The topology: its identity in the Kafka cluster, its local state, its ops port and the
 * correlation tunables (DESIGN section 5).
 *
 * @param stateDir the RocksDB state; not given: {@code <embedded.dataDir>/streams}, so one data
 *     directory holds everything a local run keeps
 * @param port the ops port of {@code timelines streams} (and of {@code run} when given)
 */
public record StreamsSettings(String applicationId, Path stateDir, int port, CorrelationSettings correlation) {
    public StreamsSettings withCorrelation(CorrelationSettings value) {
        return new StreamsSettings(applicationId, stateDir, port, value);
    }

    static StreamsSettings read(Values v, CorrelationSettings correlation) {
        Path stateDir = v.path("streams.stateDir");
        if (stateDir == null) {
            stateDir = v.path("embedded.dataDir").resolve("streams");
        }
        return new StreamsSettings(v.text("streams.applicationId"), stateDir, v.number("streams.port", 0, 65535),
                correlation);
    }
}
