package timelines.app.post;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;

class CaptureShiftTest {
    private static final Instant TARGET = Instant.parse("2026-05-01T12:00:00Z");

    private static List<Instant> times(String... iso) {
        List<Instant> out = new ArrayList<>();
        for (String s : iso) {
            out.add(s == null ? null : Instant.parse(s));
        }
        return out;
    }

    private static List<Instant> landed(List<Instant> receipts, CaptureShift plan) {
        List<Instant> out = new ArrayList<>();
        for (int i = 0; i < receipts.size(); i++) {
            out.add(receipts.get(i) == null ? null : receipts.get(i).plusSeconds(plan.seconds(i)));
        }
        return out;
    }

    @Test
    void oneOffsetPutsTheLastDeliveryAtTheTargetAndKeepsEveryGap() {
        List<Instant> receipts = times("2016-09-05T08:55:07Z", "2018-06-14T10:34:20Z", "2023-03-06T13:58:02Z");
        CaptureShift plan = CaptureShift.plan(receipts, TARGET, null);

        assertThat(plan.runs()).isEqualTo(1);
        assertThat(landed(receipts, plan)).last().isEqualTo(TARGET);
        assertThat(plan.seconds(0)).isEqualTo(plan.seconds(1)).isEqualTo(plan.seconds(2))
                .isEqualTo(Duration.between(receipts.get(2), TARGET).getSeconds());
    }

    @Test
    void offsetsAreWholeSecondsAndNeverPutTheLastDeliveryAfterTheTarget() {
        List<Instant> receipts = times("2023-03-06T13:58:02.250Z", "2023-03-06T13:58:03.999Z");
        CaptureShift plan = CaptureShift.plan(receipts, TARGET, null);

        Instant last = landed(receipts, plan).get(1);
        assertThat(last).isBeforeOrEqualTo(TARGET).isAfter(TARGET.minusSeconds(1));
        assertThat(last.getNano()).isEqualTo(999_000_000);
    }

    @Test
    void theLatestDeliveryLandsAtTheTargetEvenWhenTheCaptureIsNotInTimeOrder() {
        List<Instant> receipts = times("2030-01-01T00:10:00Z", "2030-01-01T00:05:00Z");
        assertThat(landed(receipts, CaptureShift.plan(receipts, TARGET, null))).containsExactly(TARGET,
                TARGET.minus(Duration.ofMinutes(5)));
    }

    @Test
    void gapsLongerThanTheMaximumAreShortenedToItAndRunsMoveTogether() {
        List<Instant> receipts = times(
                "2016-09-05T08:55:07Z", "2016-09-05T10:00:04Z",           // a story of an hour
                "2018-06-14T10:34:20Z", "2018-06-14T10:37:02Z",           // two years later
                "2021-07-20T16:14:00Z", "2021-07-21T08:44:40Z",           // an overnight gap inside a story: kept
                "2021-07-21T17:40:02Z");
        CaptureShift plan = CaptureShift.plan(receipts, TARGET, Duration.ofDays(1));
        List<Instant> landed = landed(receipts, plan);

        assertThat(plan.runs()).isEqualTo(3);
        assertThat(landed.get(6)).isEqualTo(TARGET);
        assertThat(Duration.between(landed.get(0), landed.get(1))).isEqualTo(Duration.between(receipts.get(0), receipts.get(1)));
        assertThat(Duration.between(landed.get(1), landed.get(2))).isEqualTo(Duration.ofDays(1));
        assertThat(Duration.between(landed.get(3), landed.get(4))).isEqualTo(Duration.ofDays(1));
        assertThat(Duration.between(landed.get(4), landed.get(5))).as("under a day: kept")
                .isEqualTo(Duration.between(receipts.get(4), receipts.get(5)));
        assertThat(plan.seconds(0)).isEqualTo(plan.seconds(1));
        assertThat(plan.seconds(4)).isEqualTo(plan.seconds(5)).isEqualTo(plan.seconds(6));
    }

    @Test
    void aShortenedGapKeepsItsFractionSoOffsetsStayWholeSeconds() {
        List<Instant> receipts = times("2020-01-01T00:00:00Z", "2020-01-03T00:00:00.750Z");
        CaptureShift plan = CaptureShift.plan(receipts, TARGET, Duration.ofDays(1));
        List<Instant> landed = landed(receipts, plan);

        assertThat(Duration.between(landed.get(0), landed.get(1))).isEqualTo(Duration.ofDays(1).plusMillis(750));
    }

    @Test
    void linesThatAreNoDeliveryMoveWithTheirRun() {
        List<Instant> receipts = times("2020-01-01T00:00:00Z", null, "2020-03-01T00:00:00Z");
        CaptureShift plan = CaptureShift.plan(receipts, TARGET, Duration.ofDays(1));
        assertThat(plan.seconds(1)).isEqualTo(plan.seconds(0));
        assertThat(plan.runs()).isEqualTo(2);
        assertThat(CaptureShift.plan(Arrays.asList((Instant) null), TARGET, null).seconds(0)).isZero();
        assertThatThrownBy(() -> CaptureShift.plan(receipts, TARGET, Duration.ZERO)).hasMessageContaining("positive");
    }

    @Test
    void aMovedDeliveryHasItsReceiptAndItsBodysTimesMoved() throws Exception {
        RawDelivery d = new RawDelivery(Instant.parse("2016-09-05T09:29:04Z"), "pingdom", Map.of(),
                Json.mapper().readTree("{\"check_id\":1,\"check_name\":\"api\",\"current_state\":\"DOWN\","
                        + "\"state_changed_timestamp\":1473067740,\"state_changed_utc_time\":\"2016-09-05T09:29:00\"}"),
                null);

        RawDelivery moved = CaptureShift.move(d, 3600);

        assertThat(moved.receivedAt()).isEqualTo(Instant.parse("2016-09-05T10:29:04Z"));
        assertThat(moved.body().get("state_changed_timestamp").asLong()).isEqualTo(1473071340L);
        assertThat(moved.body().get("state_changed_utc_time").asText()).isEqualTo("2016-09-05T10:29:00");
        assertThat(d.body().get("state_changed_timestamp").asLong()).as("the input is kept").isEqualTo(1473067740L);

        RawDelivery unknown = new RawDelivery(d.receivedAt(), "nagios", Map.of(), TextNode.valueOf("x"), null);
        assertThat(CaptureShift.move(unknown, 60).receivedAt()).isEqualTo(d.receivedAt().plusSeconds(60));
    }

    @Test
    void offsetsAreShownInDaysAndClockTime() {
        assertThat(CaptureShift.describe(205_012_345L)).isEqualTo("+2372d 19:52:25");
        assertThat(CaptureShift.describe(-61)).isEqualTo("-0d 00:01:01");
    }
}
