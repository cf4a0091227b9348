package timelines.app.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class ClusterNodeTest {
    private static final ClusterNode.Settings NODE_2 = new ClusterNode.Settings(2, Path.of("/tmp/node-2"), 39001, 39002,
            ClusterNode.voters(List.of(39012, 39002, 39022)), "kzQ7tBf9RQKJ6bqzsQzqHA");

    @Test
    void votersNameEveryNodeWithItsControllerPort() {
        assertThat(ClusterNode.voters(List.of(39012, 39002, 39022)))
                .isEqualTo("1@localhost:39012,2@localhost:39002,3@localhost:39022");
    }

    @Test
    void everyTopicInternalOnesIncludedHasThreeReplicasAndTakesAWriteWithTwoInSync() {
        Map<String, String> c = ClusterNode.config(NODE_2);

        assertThat(c).containsEntry("default.replication.factor", "3").containsEntry("min.insync.replicas", "2")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2")
                .containsEntry("share.coordinator.state.topic.replication.factor", "3")
                .containsEntry("share.coordinator.state.topic.min.isr", "2")
                .containsEntry("unclean.leader.election.enable", "false");
    }

    @Test
    void isABrokerAndAControllerOfTheStaticQuorumThatKafkaAccepts() {
        KafkaConfig config = new KafkaConfig(ClusterNode.config(NODE_2), false);

        assertThat(config.nodeId()).isEqualTo(2);
        assertThat(ClusterNode.config(NODE_2)).containsEntry("process.roles", "broker,controller")
                .containsEntry("controller.quorum.voters", "1@localhost:39012,2@localhost:39002,3@localhost:39022")
                .containsEntry("listeners", "PLAINTEXT://localhost:39001,CONTROLLER://localhost:39002");
        assertThat(config.minInSyncReplicas()).isEqualTo(2);
    }
}
