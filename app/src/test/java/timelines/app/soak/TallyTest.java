package timelines.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TallyTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                // what was acknowledged, what the drafts hold -> accepted, drafted, lost, duplicated, unacknowledged
                Arguments.of("every acknowledged delivery drafted once", Set.of("1.0", "1.1"),
                        Map.of("1.0", 1, "1.1", 1), new Tally(2, 2, 0, 0, 0)),
                Arguments.of("an acknowledged delivery in no draft is lost", Set.of("1.0", "1.1"),
                        Map.of("1.0", 1), new Tally(2, 1, 1, 0, 0)),
                Arguments.of("a delivery drafted twice (a replayed revision, a retry not dropped)", Set.of("1.0"),
                        Map.of("1.0", 2), new Tally(1, 1, 0, 1, 0)),
                Arguments.of("a folded line counts its repeats", Set.of("1.0"),
                        Map.of("1.0", 3), new Tally(1, 1, 0, 2, 0)),
                Arguments.of("written though its answer was lost: drafted, not acknowledged, not an error", Set.of("1.0"),
                        Map.of("1.0", 1, "1.1", 1), new Tally(1, 2, 0, 0, 1)),
                Arguments.of("nothing sent, nothing drafted", Set.of(), Map.of(), new Tally(0, 0, 0, 0, 0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void countsTheDraftsAgainstTheAcknowledgedDeliveries(String why, Set<String> accepted,
            Map<String, Integer> drafts, Tally expected) {
        Tally t = Tally.of(accepted, drafts);

        assertThat(t).isEqualTo(expected);
        assertThat(t.clean()).isEqualTo(expected.lost() == 0 && expected.duplicated() == 0);
    }

    @Test
    void printsTheOneLineTheSoakIsJudgedBy() {
        assertThat(new Tally(20_000, 20_001, 0, 0, 1).line())
                .isEqualTo("soak: accepted=20000 drafted=20001 lost=0 duplicated=0");
    }
}
