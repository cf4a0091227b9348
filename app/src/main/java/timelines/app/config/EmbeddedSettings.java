package timelines.app.config;

import java.nio.file.Path;

/**
 * The broker {@code run} starts in-process when no Kafka is given.
 *
 * @param dataDir its log directory is {@code <dataDir>/kafka}; the topology's state defaults to
 *     {@code <dataDir>/streams}
 * @param port its client port (the controller takes the next one); 0: two free ports
 */
public record EmbeddedSettings(Path dataDir, int port) {
    static EmbeddedSettings read(Values v) {
        return new EmbeddedSettings(v.path("embedded.dataDir"), v.number("embedded.port", 0, 65534));
    }
}
