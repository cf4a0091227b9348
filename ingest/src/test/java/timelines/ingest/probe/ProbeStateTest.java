package timelines.ingest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.ingest.probe.ProbeState.Reason.CLEARED_BELOW_THRESHOLD;
import static timelines.ingest.probe.ProbeState.Reason.FAILURE_BELOW_THRESHOLD;
import static timelines.ingest.probe.ProbeState.Reason.HEALTHY;
import static timelines.ingest.probe.ProbeState.Reason.RECOVERED;
import static timelines.ingest.probe.ProbeState.Reason.STILL_FAILING;
import static timelines.ingest.probe.ProbeState.Reason.THRESHOLD_REACHED;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.SignalType;

class ProbeStateTest {
    private static final Instant T0 = Instant.parse("2021-03-15T07:26:00Z");
    private static final Duration EVERY = Duration.ofSeconds(30);

    /** Checks as a string, {@code +} a success and {@code x} a failure, one every 30 s. */
    static Stream<Arguments> sequences() {
        return Stream.of(
                Arguments.of("healthy stays quiet", 2, "+++",
                        List.of(HEALTHY, HEALTHY, HEALTHY)),
                Arguments.of("one blip below the threshold says nothing", 2, "+x+",
                        List.of(HEALTHY, FAILURE_BELOW_THRESHOLD, CLEARED_BELOW_THRESHOLD)),
                Arguments.of("the second failure in a row says FAILING once", 2, "xxxx",
                        List.of(FAILURE_BELOW_THRESHOLD, THRESHOLD_REACHED, STILL_FAILING, STILL_FAILING)),
                Arguments.of("the first success after FAILING says RECOVERED once", 2, "xx++",
                        List.of(FAILURE_BELOW_THRESHOLD, THRESHOLD_REACHED, RECOVERED, HEALTHY)),
                Arguments.of("threshold 1 fails on the first failure", 1, "x+x",
                        List.of(THRESHOLD_REACHED, RECOVERED, THRESHOLD_REACHED)),
                Arguments.of("failures broken by a success start counting over", 3, "xx+xx+",
                        List.of(FAILURE_BELOW_THRESHOLD, FAILURE_BELOW_THRESHOLD, CLEARED_BELOW_THRESHOLD,
                                FAILURE_BELOW_THRESHOLD, FAILURE_BELOW_THRESHOLD, CLEARED_BELOW_THRESHOLD)),
                Arguments.of("a flapping probe fails and recovers each time", 2, "xx+xx+",
                        List.of(FAILURE_BELOW_THRESHOLD, THRESHOLD_REACHED, RECOVERED,
                                FAILURE_BELOW_THRESHOLD, THRESHOLD_REACHED, RECOVERED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void decidesEachCheck(String scenario, int threshold, String checks, List<ProbeState.Reason> expected) {
        List<ProbeState.Reason> reasons = new ArrayList<>();
        ProbeState state = ProbeState.INITIAL;
        Instant at = T0;
        for (char c : checks.toCharArray()) {
            ProbeState.Step step = state.next(c == '+', at, threshold);
            reasons.add(step.reason());
            state = step.state();
            at = at.plus(EVERY);
        }
        assertThat(reasons).isEqualTo(expected);
    }

    @Test
    void onlyThresholdAndRecoveryEmitSignals() {
        assertThat(Arrays.stream(ProbeState.Reason.values()).filter(r -> r.emits().isPresent()))
                .containsExactly(THRESHOLD_REACHED, RECOVERED);
        assertThat(THRESHOLD_REACHED.emits()).contains(SignalType.FAILING);
        assertThat(RECOVERED.emits()).contains(SignalType.RECOVERED);
    }

    @Test
    void remembersWhenTheFailuresBeganUntilASuccess() {
        ProbeState.Step first = ProbeState.INITIAL.next(false, T0, 3);
        ProbeState.Step second = first.state().next(false, T0.plus(EVERY), 3);
        ProbeState.Step third = second.state().next(false, T0.plus(EVERY.multipliedBy(2)), 3);

        assertThat(third.reason()).isEqualTo(THRESHOLD_REACHED);
        assertThat(third.state()).isEqualTo(new ProbeState(3, T0, true));

        ProbeState.Step recovered = third.state().next(true, T0.plus(EVERY.multipliedBy(3)), 3);
        assertThat(recovered.state()).isEqualTo(ProbeState.INITIAL);
    }
}
