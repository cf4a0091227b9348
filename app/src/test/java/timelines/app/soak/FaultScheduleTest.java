package timelines.app.soak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import timelines.app.soak.FaultSchedule.Planned;

class FaultScheduleTest {
    @Test
    void oneRoundKillsTheLeaderThenStreamsThenTheSinkAtItsQuarters() {
        assertThat(FaultSchedule.of(Duration.ofSeconds(60), Duration.ofSeconds(60))).containsExactly(
                new Planned(Duration.ofSeconds(15), Fault.PARTITION_LEADER_BROKER),
                new Planned(Duration.ofSeconds(30), Fault.STREAMS),
                new Planned(Duration.ofSeconds(45), Fault.SINK));
    }

    @Test
    void tenMinutesInRoundsOfTwoAndAHalfAreFourRoundsOfEveryFault() {
        List<Planned> plan = FaultSchedule.of(Duration.ofMinutes(10), Duration.ofSeconds(150));

        assertThat(plan).hasSize(12);
        assertThat(plan).filteredOn(p -> p.fault() == Fault.SINK).extracting(Planned::at).containsExactly(
                Duration.ofMillis(112_500), Duration.ofMillis(262_500), Duration.ofMillis(412_500),
                Duration.ofMillis(562_500));
        assertThat(plan.get(plan.size() - 1).at()).isLessThan(Duration.ofMinutes(10));
    }

    @Test
    void refusesALoadShorterThanOneRound() {
        assertThatThrownBy(() -> FaultSchedule.of(Duration.ofSeconds(30), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the load (PT30S) must last at least one fault round (PT1M)");
    }
}
