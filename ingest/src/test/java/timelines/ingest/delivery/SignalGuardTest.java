package timelines.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;

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

    private static Signal named(String env, String service, String check, String link) {
        return new Signal("id-1", "pingdom", SignalType.FAILING, env, service, check, RECEIVED, RECEIVED, true,
                "critical", "down", link, Map.of(), false);
    }

    @Test
    void refusesATimeBefore1970NamingTheField() {
        Guarded g = SignalGuard.apply(observedAt(Instant.parse("1969-12-31T23:59:59Z")), " (item 2)");

        assertThat(g.signal()).isNull();
        assertThat(g.refused().rejection()).isEqualTo(Rejection.TIME_BEFORE_1970);
        assertThat(g.refused().message()).isEqualTo(
                "field 'observedAt' (item 2) is before 1970: 1969-12-31T23:59:59Z");
    }

    @Test
    void cutsEveryNameAtItsLimit() {
        Guarded g = SignalGuard.apply(named("e".repeat(201), "s".repeat(300), "c".repeat(1000),
                "https://x/" + "l".repeat(100_000)));

        assertThat(g.adjustments()).containsExactlyInAnyOrder(Adjustment.TRUNCATED_ENV, Adjustment.TRUNCATED_SERVICE,
                Adjustment.TRUNCATED_CHECK, Adjustment.TRUNCATED_LINK);
        assertThat(g.signal().env()).hasSize(Signal.MAX_NAME).endsWith("e…");
        assertThat(g.signal().service()).hasSize(Signal.MAX_NAME).endsWith("s…");
        assertThat(g.signal().check()).hasSize(Signal.MAX_NAME);
        assertThat(g.signal().link()).hasSize(Signal.MAX_LINK).startsWith("https://x/l");
        assertThat(g.signal().key()).hasSize(2 * Signal.MAX_NAME + 1);
    }

    @Test
    void keepsNamesExactlyAtTheLimit() {
        Signal s = named("e".repeat(Signal.MAX_NAME), "s".repeat(Signal.MAX_NAME), null,
                "l".repeat(Signal.MAX_LINK));

        Guarded g = SignalGuard.apply(s);

        assertThat(g.adjustments()).isEmpty();
        assertThat(g.signal()).isSameAs(s);
    }

    @Test
    void replacesLineBreaksInNamesSoTheyCannotForgeALogLine() {
        Guarded g = SignalGuard.apply(named("prod", "api\n09:45:00 INFO deploy ok", "c\r1", null));

        assertThat(g.adjustments()).containsExactly(Adjustment.REPLACED_CONTROL_CHARACTERS);
        assertThat(g.signal().service()).isEqualTo("api\uFFFD09:45:00 INFO deploy ok");
        assertThat(g.signal().check()).isEqualTo("c\uFFFD1");
    }

    @Test
    void trimsWhitespaceAroundANameAndSaysSo() {
        Guarded g = SignalGuard.apply(named("prod\n", " checkout ", "c", null));

        assertThat(g.adjustments()).containsExactly(Adjustment.TRIMMED_WHITESPACE);
        assertThat(g.signal().env()).isEqualTo("prod");
        assertThat(g.signal().service()).isEqualTo("checkout");
    }

    @Test
    void makesASummaryOneReadableLine() {
        Guarded g = SignalGuard.apply(signal(RECEIVED, "Connection refused\n\tat Pool.get", Map.of()));

        assertThat(g.adjustments()).containsExactly(Adjustment.REPLACED_CONTROL_CHARACTERS);
        assertThat(g.signal().summary()).isEqualTo("Connection refused  at Pool.get");
    }

    @Test
    void boundsLabelKeysAndValues() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("k".repeat(150), "v");
        labels.put("team", "x".repeat(10_000));
        labels.put("line", "a\nb");

        Guarded g = SignalGuard.apply(signal(RECEIVED, "down", labels));

        assertThat(g.adjustments()).containsExactlyInAnyOrder(Adjustment.TRUNCATED_LABEL,
                Adjustment.REPLACED_CONTROL_CHARACTERS);
        assertThat(g.signal().labels()).containsEntry("k".repeat(Signal.MAX_LABEL_KEY - 1) + "…", "v")
                .containsEntry("line", "a\uFFFDb");
        assertThat(g.signal().labels().get("team")).hasSize(Signal.MAX_LABEL_VALUE);
    }

    @Test
    void boundsTheRelayedSourceAndTheSeverityWord() {
        Signal s = new Signal("id-1", "m".repeat(100), SignalType.FAILING, "prod", "api", null, RECEIVED, RECEIVED,
                false, "w".repeat(100), "down", null, Map.of(), false);

        Guarded g = SignalGuard.apply(s);

        assertThat(g.adjustments()).containsExactlyInAnyOrder(Adjustment.TRUNCATED_SOURCE,
                Adjustment.TRUNCATED_SEVERITY);
        assertThat(g.signal().source()).hasSize(Signal.MAX_SOURCE);
        assertThat(g.signal().severity()).hasSize(Signal.MAX_SEVERITY);
    }

    @Test
    void aBoundedSignalStaysFarBelowKafkasRecordSize() {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            labels.put(i + "k".repeat(1000), "v".repeat(100_000));
        }
        Signal huge = new Signal("id-1", "s".repeat(100_000), SignalType.FAILING, "e".repeat(100_000),
                "s".repeat(100_000), "c".repeat(100_000), RECEIVED, RECEIVED, true, "x".repeat(100_000),
                "y".repeat(100_000), "l".repeat(100_000), labels, false);

        Signal bounded = SignalGuard.apply(huge).signal();

        assertThat(timelines.contracts.JsonSerde.of(Signal.class).serialize("t", bounded).length)
                .isLessThan(32 * 1024);
    }
}
