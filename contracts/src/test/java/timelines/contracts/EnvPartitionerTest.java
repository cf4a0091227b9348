package timelines.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** One env's signals and records must meet in one stream task. */
class EnvPartitionerTest {

    @Test
    void signalKeyAndRecordKeyOfOneEnvLandOnTheSamePartition() {
        for (String env : new String[] {"prod", "stage", "eu-prod-2", ""}) {
            int byEnv = EnvPartitioner.partitionFor(env, 12);

            assertThat(EnvPartitioner.partitionFor(Signal.key(env, "deployer-api"), 12)).as(env).isEqualTo(byEnv);
            assertThat(EnvPartitioner.partitionFor(env + "|INC-42", 12)).as(env).isEqualTo(byEnv);
        }
    }

    @Test
    void partitionsAsTheDefaultPartitionerWouldForTheEnvAlone() {
        int expected = Utils.toPositive(Utils.murmur2("prod".getBytes(StandardCharsets.UTF_8))) % 12;

        assertThat(EnvPartitioner.partitionFor("prod|deployer-api", 12)).isEqualTo(expected);
    }
}
