package timelines.app.kafka;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

/**
 * One node of a small KRaft cluster, broker and controller in one process, in a static
 * controller quorum. Unlike {@link EmbeddedKafka} (one node, everything at replication factor 1)
 * every topic, the internal ones included, has three replicas and needs two in sync to take a
 * write: the shape of a production cluster, small enough to kill a node of on one machine.
 */
public final class ClusterNode implements AutoCloseable {
    /** Replicas of every topic; a write is acknowledged once {@link #MIN_IN_SYNC} of them have it. */
    public static final int REPLICATION = 3;
    public static final int MIN_IN_SYNC = 2;

    /** Where one node listens, and the quorum it votes in. */
    public record Settings(int nodeId, Path dataDir, int port, int controllerPort, String voters, String clusterId) {}

    private final KafkaRaftServer server;

    private ClusterNode(KafkaRaftServer server) {
        this.server = server;
    }

    /** {@code voters} for nodes 1..n: {@code 1@localhost:<controller port 1>,...}. */
    public static String voters(List<Integer> controllerPorts) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < controllerPorts.size(); i++) {
            s.append(i == 0 ? "" : ",").append(i + 1).append("@localhost:").append(controllerPorts.get(i));
        }
        return s.toString();
    }

    /** The broker config of one node: pure, so a test can read what the cluster promises. */
    public static Map<String, String> config(Settings s) {
        Map<String, String> props = new TreeMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(s.nodeId()));
        props.put("controller.quorum.voters", s.voters());
        props.put("listeners", "PLAINTEXT://localhost:" + s.port() + ",CONTROLLER://localhost:" + s.controllerPort());
        props.put("advertised.listeners", "PLAINTEXT://localhost:" + s.port());
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", s.dataDir().toAbsolutePath().toString());
        props.put("auto.create.topics.enable", "false");
        String replicas = Integer.toString(REPLICATION);
        String minIsr = Integer.toString(MIN_IN_SYNC);
        props.put("default.replication.factor", replicas);
        props.put("min.insync.replicas", minIsr);
        // A leader lost with its unreplicated writes must not come back as leader: only in-sync replicas are elected.
        props.put("unclean.leader.election.enable", "false");
        props.put("offsets.topic.replication.factor", replicas);
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", minIsr);
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", minIsr);
        props.put("group.initial.rebalance.delay.ms", "0");
        // A killed node is fenced, and its partitions get new leaders, after this long without a heartbeat.
        props.put("broker.session.timeout.ms", "6000");
        props.put("broker.heartbeat.interval.ms", "1000");
        props.put("log.message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));
        props.put("log.message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE));
        return props;
    }

    /** Formats a fresh data dir (never one that has been formatted), then starts the node. */
    public static ClusterNode start(Settings s) {
        KafkaConfig config = new KafkaConfig(config(s), false);
        KafkaRaftServer server = KraftNode.formatAndStart(config, s.dataDir().toAbsolutePath(), s.nodeId(),
                s.clusterId(), "Kafka node " + s.nodeId());
        return new ClusterNode(server);
    }

    public void awaitShutdown() {
        server.awaitShutdown();
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
