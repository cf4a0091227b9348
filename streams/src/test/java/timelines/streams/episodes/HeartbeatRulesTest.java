package timelines.streams.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.streams.CorrelationSettings;
import timelines.streams.episodes.HeartbeatRules.Verdict;

class HeartbeatRulesTest {
    private static final CorrelationSettings S = CorrelationSettings.defaults();
    private static final Instant T0 = Instant.parse("2026-01-01T09:00:00Z");

    private static Signal arrival(Instant receivedAt) {
        return new Signal("w", "alertmanager", SignalType.FAILING, "prod", "Watchdog", "fp", T0, receivedAt, true,
                null, "always firing", null, Map.of("alertname", "Watchdog"), false);
    }

    @Test
    void shouldJudgeNothingBeforeTheSecondArrival() {
        HeartbeatRules.Step first = HeartbeatRules.arrive(null, arrival(T0), "Watchdog");
        assertThat(first.verdict()).isEqualTo(Verdict.FIRST_ARRIVAL);
        assertThat(HeartbeatRules.dueAt(first.state(), S)).isNull();
        assertThat(HeartbeatRules.judge(first.state(), T0.plus(Duration.ofDays(1)), false, S).verdict())
                .isEqualTo(Verdict.NOT_DUE);
    }

    @Test
    void shouldWaitThreeIntervalsAndAtLeastFifteenMinutes() {
        HeartbeatState every10 = HeartbeatRules.arrive(HeartbeatRules.arrive(null, arrival(T0), "Watchdog").state(),
                arrival(T0.plus(Duration.ofMinutes(10))), "Watchdog").state();
        assertThat(HeartbeatRules.dueAt(every10, S)).isEqualTo(T0.plus(Duration.ofMinutes(40)));
        HeartbeatState every1 = HeartbeatRules.arrive(HeartbeatRules.arrive(null, arrival(T0), "Watchdog").state(),
                arrival(T0.plus(Duration.ofMinutes(1))), "Watchdog").state();
        assertThat(HeartbeatRules.dueAt(every1, S)).isEqualTo(T0.plus(Duration.ofMinutes(16)));
        CorrelationSettings fixed = new CorrelationSettings(S.gap(), S.quiet(), S.lookback(), S.recordGrace(),
                S.minDuration(), S.excludedEnvs(), S.maxEntries(), S.amendHorizon(), S.impactSeverities(),
                S.errorBurst(), S.heartbeats(), Duration.ofHours(1));
        assertThat(HeartbeatRules.dueAt(every1, fixed)).isEqualTo(T0.plus(Duration.ofMinutes(61)));
    }

    @Test
    void shouldGoSilentOnceAndComeBack() {
        HeartbeatState h = HeartbeatRules.arrive(HeartbeatRules.arrive(null, arrival(T0), "Watchdog").state(),
                arrival(T0.plus(Duration.ofMinutes(5))), "Watchdog").state();
        HeartbeatRules.Step silent = HeartbeatRules.judge(h, T0.plus(Duration.ofMinutes(21)), false, S);
        assertThat(silent.verdict()).isEqualTo(Verdict.SILENT);
        assertThat(silent.silence().from()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(silent.silence().raisedAt()).isEqualTo(T0.plus(Duration.ofMinutes(20)));
        assertThat(HeartbeatRules.dueAt(silent.state(), S)).as("judged once").isNull();

        HeartbeatRules.Step back = HeartbeatRules.arrive(silent.state(), arrival(T0.plus(Duration.ofHours(2))),
                "Watchdog");
        assertThat(back.verdict()).isEqualTo(Verdict.CAME_BACK);
        assertThat(back.silence().id()).isEqualTo(silent.silence().id());
        assertThat(back.silence().to()).isEqualTo(T0.plus(Duration.ofHours(2)));
    }

    @Test
    void shouldNotTakeTheEndOfInputOrAnOldRetryForNews() {
        HeartbeatState h = HeartbeatRules.arrive(HeartbeatRules.arrive(null, arrival(T0), "Watchdog").state(),
                arrival(T0.plus(Duration.ofMinutes(5))), "Watchdog").state();
        HeartbeatRules.Step end = HeartbeatRules.judge(h, T0.plus(Duration.ofHours(3)), true, S);
        assertThat(end.verdict()).isEqualTo(Verdict.END_OF_INPUT);
        assertThat(end.silence()).isNull();
        assertThat(HeartbeatRules.dueAt(end.state(), S)).isNull();
        assertThat(HeartbeatRules.arrive(h, arrival(T0.plus(Duration.ofMinutes(1))), "Watchdog").verdict())
                .isEqualTo(Verdict.ARRIVED_OUT_OF_ORDER);
    }
}
