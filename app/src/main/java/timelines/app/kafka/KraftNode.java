package timelines.app.kafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/** Starting one KRaft process of the Kafka jars, shared by the embedded broker and the cluster's nodes. */
final class KraftNode {
    private KraftNode() {}

    /**
     * Formats {@code dir} when it is fresh (formatting twice with a new cluster id fails: only a
     * dir without {@code meta.properties} is formatted), then starts the node.
     *
     * @param name how failures name the node ("embedded Kafka", "Kafka node 2")
     */
    static KafkaRaftServer formatAndStart(KafkaConfig config, Path dir, int nodeId, String clusterId, String name) {
        try {
            Files.createDirectories(dir);
            if (!Files.exists(dir.resolve("meta.properties"))) {
                new Formatter()
                        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                        .setNodeId(nodeId)
                        .setClusterId(clusterId)
                        .setControllerListenerName("CONTROLLER")
                        .setMetadataLogDirectory(dir.toString())
                        .setDirectories(List.of(dir.toString()))
                        .setReleaseVersion(MetadataVersion.latestProduction())
                        .run();
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka storage in " + dir + ": " + e.getMessage(), e);
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            // A half-started controller keeps non-daemon threads alive: stop it, or the JVM never exits.
            server.shutdown();
            server.awaitShutdown();
            throw new IllegalStateException(name + " did not start: " + e.getMessage(), e);
        }
        return server;
    }
}
