package timelines.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTest {
    private static final Duration RAW = Duration.ofDays(30);

    @Test
    void allHoldsEveryTopicConstant() {
        List<String> constants = Arrays.stream(Topics.class.getDeclaredFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()) && Modifier.isPublic(f.getModifiers()))
                .filter(f -> f.getType() == String.class)
                .map(TopicsTest::valueOf)
                .toList();

        assertThat(constants).hasSize(8);
        assertThat(Topics.all(6, RAW)).extracting(Topics.Spec::name).containsExactlyInAnyOrderElementsOf(constants);
    }

    @Test
    void topicNamesAreLowerCaseDottedAndVersioned() {
        assertThat(Topics.all(6, RAW)).extracting(Topics.Spec::name)
                .allSatisfy(name -> assertThat(name).matches("[a-z][a-z.-]*\\.v[0-9]+"));
    }

    @Test
    void recordsAndIncidentsAreCompactedAndTheRestDeleted() {
        Map<String, Topics.Spec> specs = byName(Topics.all(6, RAW));

        // Every catalog version is kept (one key per publication), in one partition every instance reads.
        assertThat(policy(specs, Topics.CATALOG)).isEqualTo("compact");
        assertThat(specs.get(Topics.CATALOG).partitions()).isEqualTo(1);
        assertThat(specs.get(Topics.CATALOG).configs()).doesNotContainKey("retention.ms");

        assertThat(policy(specs, Topics.RECORDS)).isEqualTo("compact");
        assertThat(policy(specs, Topics.INCIDENTS)).isEqualTo("compact");
        for (String deleted : List.of(Topics.SIGNALS_RAW, Topics.SIGNALS_REJECTED, Topics.SIGNALS, Topics.ALERTS,
                Topics.DEAD_LETTER)) {
            assertThat(policy(specs, deleted)).as(deleted).isEqualTo("delete");
        }
    }

    @Test
    void retentionFollowsTheDesign() {
        Map<String, Topics.Spec> specs = byName(Topics.all(6, Duration.ofDays(10)));

        assertThat(retentionMs(specs, Topics.SIGNALS_RAW)).isEqualTo(Duration.ofDays(10).toMillis());
        assertThat(retentionMs(specs, Topics.SIGNALS_REJECTED)).isEqualTo(Duration.ofDays(10).toMillis());
        assertThat(retentionMs(specs, Topics.SIGNALS)).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(retentionMs(specs, Topics.ALERTS)).isEqualTo(Duration.ofDays(30).toMillis());
        assertThat(retentionMs(specs, Topics.DEAD_LETTER)).isEqualTo(Duration.ofDays(30).toMillis());
        assertThat(specs.get(Topics.RECORDS).configs()).doesNotContainKey("retention.ms");
    }

    @Test
    void signalsAndRecordsHaveTheSamePartitionCount() {
        Map<String, Topics.Spec> specs = byName(Topics.all(6, RAW));

        assertThat(specs.get(Topics.SIGNALS).partitions()).isEqualTo(6);
        assertThat(specs.get(Topics.RECORDS).partitions()).isEqualTo(specs.get(Topics.SIGNALS).partitions());
        assertThat(specs.get(Topics.DEAD_LETTER).partitions()).isEqualTo(1);
    }

    @Test
    void replayTopicsNeverDeleteByTime() {
        Map<String, Topics.Spec> specs = byName(Topics.forReplay());

        assertThat(specs).hasSize(8);
        assertThat(policy(specs, Topics.CATALOG)).isEqualTo("compact");
        assertThat(specs.values()).filteredOn(s -> "delete".equals(s.configs().get("cleanup.policy")))
                .isNotEmpty()
                .allSatisfy(s -> assertThat(s.configs()).containsEntry("retention.ms", "-1"));
        assertThat(policy(specs, Topics.INCIDENTS)).isEqualTo("compact");
    }

    private static Map<String, Topics.Spec> byName(List<Topics.Spec> specs) {
        return specs.stream().collect(Collectors.toMap(Topics.Spec::name, Function.identity()));
    }

    private static String policy(Map<String, Topics.Spec> specs, String topic) {
        return specs.get(topic).configs().get("cleanup.policy");
    }

    private static long retentionMs(Map<String, Topics.Spec> specs, String topic) {
        return Long.parseLong(specs.get(topic).configs().get("retention.ms"));
    }

    private static String valueOf(Field f) {
        try {
            return (String) f.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }
}
