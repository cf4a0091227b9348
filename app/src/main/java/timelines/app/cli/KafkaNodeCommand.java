package timelines.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import timelines.app.kafka.ClusterNode;

/**
 * {@code timelines kafka-node}: one node of the three-node cluster that {@code timelines soak} and
 * the fault tests start, each node its own process so that one can be killed (hidden: not for
 * operators, who run a real Kafka).
 */
@Command(name = "kafka-node", hidden = true, mixinStandardHelpOptions = true,
        description = "One broker+controller node of a static-quorum KRaft cluster (used by soak and the fault tests).")
final class KafkaNodeCommand implements Callable<Integer> {
    @Option(names = "--node-id", required = true)
    int nodeId;

    @Option(names = "--data-dir", required = true)
    Path dataDir;

    @Option(names = "--port", required = true)
    int port;

    @Option(names = "--controller-port", required = true)
    int controllerPort;

    @Option(names = "--voters", required = true, description = "1@localhost:<port>,2@localhost:<port>,...")
    String voters;

    @Option(names = "--cluster-id", required = true)
    String clusterId;

    @Override
    public Integer call() {
        ClusterNode node = ClusterNode.start(new ClusterNode.Settings(nodeId, dataDir, port, controllerPort, voters,
                clusterId));
        Runtime.getRuntime().addShutdownHook(new Thread(node::close, "kafka-node-shutdown"));
        System.out.printf("kafka-node %d started on localhost:%d%n", nodeId, port);
        node.awaitShutdown();
        return 0;
    }
}
