package timelines.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.SignalGuard.Adjustment;
import timelines.ingest.delivery.SignalGuard.Guarded;

class SignalGuardTest {
    private static final Instant RECEIVED = Instant.parse("2016-09-05T09:29:04Z");

    private static Signal signal(Instant observedAt, String summary, Map<String, String> labels) {
        return new Signal("id-1", "pingdom", SignalType.FAILING, "prod", "deployer-api", "check-42", observedAt,
                RECEIVED, true, "critical", summary, "https://my.pingdom.com/reports/42", labels, false);
    }

    private static Signal observedAt(Instant observedAt) {
        return signal(observedAt, "deployer-api is down", Map.of());
    }

    @Test
    void leavesAnOrdinarySignalAlone() {
        Signal s = observedAt(Instant.parse("2016-09-05T09:29:00Z"));

        Guarded g = SignalGuard.apply(s);

        assertThat(g.adjustments()).isEmpty();
        assertThat(g.signal()).isSameAs(s);
    }

    @Test
    void clampsATimeMoreThanFiveMinutesAfterReceiptAndFlagsItSkewed() {
        Signal s = observedAt(RECEIVED.plus(Duration.ofMinutes(5)).plusSeconds(1));

        Guarded g = SignalGuard.apply(s);

        assertThat(g.adjustments()).containsExactly(Adjustment.CLAMPED_FUTURE_TIME);
        assertThat(g.signal().observedAt()).isEqualTo(RECEIVED);
        assertThat(g.signal().skewed()).isTrue();
        assertThat(g.signal().receivedAt()).isEqualTo(RECEIVED);
        assertThat(g.signal().id()).isEqualTo(s.id());
        assertThat(g.signal().summary()).isEqualTo(s.summary());
        assertThat(g.signal().link()).isEqualTo(s.link());
        assertThat(g.signal().alerting()).isTrue();
    }

    @Test
    void clampsAFarFutureTime() {
        Guarded g = SignalGuard.apply(observedAt(Instant.parse("2017-01-01T00:00:00Z")));

        assertThat(g.signal().observedAt()).isEqualTo(RECEIVED);
        assertThat(g.signal().skewed()).isTrue();
    }

    @Test
    void keepsATimeExactlyFiveMinutesAfterReceipt() {
        Instant fiveMinutesAhead = RECEIVED.plus(SignalGuard.MAX_SKEW);

        Guarded g = SignalGuard.apply(observedAt(fiveMinutesAhead));

        assertThat(g.adjustments()).doesNotContain(Adjustment.CLAMPED_FUTURE_TIME);
        assertThat(g.signal().observedAt()).isEqualTo(fiveMinutesAhead);
        assertThat(g.signal().skewed()).isFalse();
    }

    @Test
    void keepsATimeLongBeforeReceipt() {
        Instant yesterday = RECEIVED.minus(Duration.ofDays(1));

        Guarded g = SignalGuard.apply(observedAt(yesterday));

        assertThat(g.adjustments()).isEmpty();
        assertThat(g.signal().observedAt()).isEqualTo(yesterday);
    }

    @Test
    void cutsASummaryOver500CharactersWithAnEllipsis() {
        String summary = "x".repeat(499) + "yz";

        Guarded g = SignalGuard.apply(signal(RECEIVED, summary, Map.of()));

        assertThat(g.adjustments()).containsExactly(Adjustment.TRUNCATED_SUMMARY);
        assertThat(g.signal().summary()).hasSize(Signal.MAX_SUMMARY)
                .startsWith("x".repeat(499)).endsWith("…");
        assertThat(g.signal().skewed()).isFalse();
    }

    @Test
    void keepsASummaryOfExactly500Characters() {
        String summary = "x".repeat(Signal.MAX_SUMMARY);

        Guarded g = SignalGuard.apply(signal(RECEIVED, summary, Map.of()));

        assertThat(g.adjustments()).isEmpty();
        assertThat(g.signal().summary()).isEqualTo(summary);
    }

    @Test
    void keepsANullSummary() {
        Guarded g = SignalGuard.apply(signal(RECEIVED, null, Map.of()));

        assertThat(g.adjustments()).isEmpty();
        assertThat(g.signal().summary()).isNull();
    }

    @Test
    void capsLabelsAt32() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            labels.put(String.format("label%02d", i), "v" + i);
        }

        Guarded g = SignalGuard.apply(signal(RECEIVED, "down", labels));

        assertThat(g.adjustments()).containsExactly(Adjustment.DROPPED_LABELS);
        assertThat(g.signal().labels()).hasSize(Signal.MAX_LABELS)
                .containsEntry("label00", "v0").containsEntry("label31", "v31")
                .doesNotContainKey("label32");
    }

    @Test
    void keepsExactly32Labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < Signal.MAX_LABELS; i++) {
            labels.put("label" + i, "v" + i);
        }

        Guarded g = SignalGuard.apply(signal(RECEIVED, "down", labels));

        assertThat(g.adjustments()).isEmpty();
        assertThat(g.signal().labels()).hasSize(Signal.MAX_LABELS);
    }

    @Test
    void appliesEveryBoundAtOnce() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 33; i++) {
            labels.put(String.format("k%02d", i), "v");
        }

        Guarded g = SignalGuard.apply(signal(RECEIVED.plus(Duration.ofHours(1)), "s".repeat(600), labels));

        assertThat(g.adjustments()).containsExactlyInAnyOrder(
                Adjustment.CLAMPED_FUTURE_TIME, Adjustment.TRUNCATED_SUMMARY, Adjustment.DROPPED_LABELS);
        assertThat(g.signal().observedAt()).isEqualTo(RECEIVED);
        assertThat(g.signal().skewed()).isTrue();
        assertThat(g.signal().summary()).hasSize(Signal.MAX_SUMMARY);
        assertThat(g.signal().labels()).hasSize(Signal.MAX_LABELS);
    }

    @Test
    void keepsTheImpactACatalogRuleSetWhenItAdjustsASignal() {
        Signal ruled = observedAt(RECEIVED.plus(Duration.ofHours(1))).withImpact(Boolean.FALSE);

        Guarded g = SignalGuard.apply(ruled);

        assertThat(g.adjustments()).containsExactly(Adjustment.CLAMPED_FUTURE_TIME);
        assertThat(g.signal().impact()).isFalse();
    }
}
