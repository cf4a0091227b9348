package timelines.app.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import timelines.app.kafka.ClusterNode;
import timelines.app.kafka.EmbeddedKafka;

/**
 * Three Kafka nodes ({@link ClusterNode}), each a process of its own on free ports, data under
 * one directory: a node can be killed with {@code kill -9} and started again on its own data.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final int SIZE = 3;

    private final Map<Integer, JavaChild> nodes = new TreeMap<>();
    private final String bootstrap;
    private final Admin admin;

    private KafkaCluster(Path dir, String classpath) {
        String clusterId = Uuid.randomUuid().toString();
        List<Integer> ports = new ArrayList<>();
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < SIZE; i++) {
            ports.add(EmbeddedKafka.freePort());
            controllerPorts.add(EmbeddedKafka.freePort());
        }
        String voters = ClusterNode.voters(controllerPorts);
        for (int id = 1; id <= SIZE; id++) {
            List<String> args = List.of("kafka-node", "--node-id", Integer.toString(id),
                    "--data-dir", dir.resolve("node-" + id).toAbsolutePath().toString(),
                    "--port", Integer.toString(ports.get(id - 1)),
                    "--controller-port", Integer.toString(controllerPorts.get(id - 1)),
                    "--voters", voters, "--cluster-id", clusterId);
            nodes.put(id, new JavaChild(classpath, "384m", args, dir, "kafka-node-" + id, Map.of()));
        }
        this.bootstrap = ports.stream().map(p -> "localhost:" + p).collect(Collectors.joining(","));
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        this.admin = Admin.create(p);
    }

    /** Starts the three nodes and waits until all of them are brokers of the cluster. */
    public static KafkaCluster start(Path dir, String classpath, Duration timeout)
            throws InterruptedException, java.io.IOException {
        java.nio.file.Files.createDirectories(dir.toAbsolutePath());
        KafkaCluster cluster = new KafkaCluster(dir, classpath);
        try {
            cluster.nodes.values().forEach(JavaChild::start);
            cluster.awaitBrokers(SIZE, timeout);
            return cluster;
        } catch (RuntimeException | InterruptedException e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrap;
    }

    /** The node that leads {@code topic}'s partition {@code partition} now. */
    public int leaderOf(String topic, int partition) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        Node leader = d.partitions().get(partition).leader();
        if (leader == null || leader.isEmpty()) {
            throw new IllegalStateException(topic + "-" + partition + " has no leader");
        }
        return leader.id();
    }

    /** {@code kill -9} of one node's process. */
    public void kill(int nodeId) throws InterruptedException {
        nodes.get(nodeId).kill();
    }

    /** Starts a killed node again on its own data dir and ports. */
    public void restart(int nodeId) {
        nodes.get(nodeId).start();
    }

    /** Waits until {@code count} brokers are registered and unfenced. */
    public void awaitBrokers(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            for (Map.Entry<Integer, JavaChild> n : nodes.entrySet()) {
                if (!n.getValue().alive()) {
                    throw new IllegalStateException("Kafka node " + n.getKey() + " exited:\n" + n.getValue().tail(30));
                }
            }
            try {
                Collection<Node> live = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
                if (live.size() >= count) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Kafka cluster did not have " + count + " brokers within " + timeout
                + (last == null ? "" : ": " + last.getMessage()));
    }

    /**
     * Waits until every partition of every topic has all its replicas in sync: killing a node before a
     * restarted one caught up would leave partitions with one in-sync replica, below
     * {@code min.insync.replicas}, and stop writes (not lose them) until it did.
     */
    public void awaitFullyReplicated(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String behind = "";
        while (System.nanoTime() < deadline) {
            try {
                var names = admin.listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
                        .names().get(10, TimeUnit.SECONDS);
                behind = "";
                for (TopicDescription d : admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS)
                        .values()) {
                    for (TopicPartitionInfo p : d.partitions()) {
                        if (p.isr().size() < p.replicas().size()) {
                            behind = d.name() + "-" + p.partition() + " has " + p.isr().size() + " of "
                                    + p.replicas().size() + " replicas in sync";
                        }
                    }
                }
                if (behind.isEmpty()) {
                    return;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                behind = e.getMessage();
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("not fully replicated within " + timeout + ": " + behind);
    }

    /** Each node's log (its stdout and stderr), by node id. */
    public Map<Integer, String> logs() {
        Map<Integer, String> out = new TreeMap<>();
        nodes.forEach((id, n) -> out.put(id, n.output()));
        return out;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
        // Its data is thrown away: a controlled shutdown of the last nodes, which waits for a quorum, buys nothing.
        for (JavaChild n : nodes.values()) {
            try {
                n.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
