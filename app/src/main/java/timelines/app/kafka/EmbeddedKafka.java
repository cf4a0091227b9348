package timelines.app.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker inside this JVM, its log under a data dir that survives restarts.
 * Every internal topic (offsets, transactions, share state) is at replication factor 1, so
 * exactly-once works on one node.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    public static final int DEFAULT_PORT = 9092;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Path logDir;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Path logDir) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.logDir = logDir;
    }

    /** Starts a broker on {@code port} (clients) and {@code port + 1} (controller). */
    public static EmbeddedKafka start(Path dataDir, int port) {
        int controllerPort = port + 1;
        requireFree(port, "Kafka clients");
        requireFree(controllerPort, "the Kafka controller");
        return startOn(dataDir, port, controllerPort, true);
    }

    /** Starts a throwaway broker on free ports (replays, tests). */
    public static EmbeddedKafka startOnFreePorts(Path dataDir) {
        return startOn(dataDir, freePort(), freePort(), false);
    }

    private static EmbeddedKafka startOn(Path dataDir, int port, int controllerPort, boolean announce) {
        Path logDir = dataDir.toAbsolutePath();
        long started = System.nanoTime();
        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        props.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("auto.create.topics.enable", "false");
        props.put("default.replication.factor", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Event time is whatever the capture says: a replay writes old timestamps, and its final tick lies a day past
        // the last delivery, which for a fresh export is in the future (the broker's default allows one hour).
        props.put("log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));
        props.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        KafkaConfig config = new KafkaConfig(props, false);

        KafkaRaftServer server = KraftNode.formatAndStart(config, logDir, 1, Uuid.randomUuid().toString(),
                "embedded Kafka");
        String bootstrap = "localhost:" + port;
        EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, logDir);
        kafka.awaitReady(Duration.ofSeconds(60));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        if (announce) {
            log.info("embedded Kafka ready at {} (data in {}) after {} ms", bootstrap, logDir, ms);
        } else {
            log.debug("throwaway Kafka ready at {} after {} ms", bootstrap, ms);
        }
        return kafka;
    }

    private void awaitReady(Duration timeout) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(p)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        close();
                        throw new IllegalStateException("embedded Kafka did not become ready in " + timeout, e);
                    }
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    static void requireFree(int port, String what) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName("localhost"), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " (for " + what + ") is taken: is another Kafka or "
                    + "'timelines run' already running? Stop it, or choose other ports with embedded.port (--kafka-port).");
        }
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("localhost"))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }
}
