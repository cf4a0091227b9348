package timelines.streams.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.streams.incidents.Story.S;
import static timelines.streams.incidents.Story.at;
import static timelines.streams.incidents.Story.error;
import static timelines.streams.incidents.Story.failing;
import static timelines.streams.incidents.Story.hm;
import static timelines.streams.incidents.Story.incidentRecord;
import static timelines.streams.incidents.Story.maintenance;
import static timelines.streams.incidents.Story.recovered;
import static timelines.streams.incidents.Story.warning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.Incident;
import timelines.contracts.Record;
import timelines.streams.CorrelationSettings;
import timelines.streams.episodes.Episode;
import timelines.streams.incidents.Story.Sig;
import timelines.streams.incidents.Story.Stage1;

/**
 * Stage 3 (DESIGN section 5, and 5a: outages only): an outage nobody recorded by BEGIN +
 * recordGrace raises an alert; a record that comes later clears it. Each case is the incident as
 * stage 2 holds it at stream time {@code now} (the real stage 1 and {@link IncidentBuilder#header}),
 * what stage 3 already did with it, and its verdict. recordGrace 15 min, minDuration 5 min.
 */
class UnrecordedCheckTest {

    /** One judgement: the signals and records of an incident, what was done before, and the stream time. */
    static final class Judgement {
        private final List<Sig> signals;
        private final List<Record> records = new ArrayList<>();
        private String now;
        private Instant raisedAt;
        private Instant clearedAt;
        private boolean checked;

        private Judgement(List<Sig> signals) {
            this.signals = signals;
        }

        static Judgement of(Sig... signals) {
            return new Judgement(List.of(signals));
        }

        Judgement record(Record r) {
            records.add(r);
            return this;
        }

        Judgement raised(String time) {
            raisedAt = at(time);
            return this;
        }

        Judgement cleared(String time) {
            clearedAt = at(time);
            return this;
        }

        Judgement checked() {
            checked = true;
            return this;
        }

        Judgement judgedAt(String time) {
            now = time;
            return this;
        }

        UnrecordedVerdict verdict() {
            Instant streamTime = Story.at(now);
            List<Episode> episodes = Stage1.of(signals).tick(now).episodes();
            Incident incident = IncidentBuilder.header("inc-1", episodes, records, raisedAt, S);
            return UnrecordedCheck.decide(incident, raisedAt, clearedAt, checked,
                    IncidentRules.lastFailingAt(episodes, streamTime), streamTime, S);
        }
    }

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of("pingdom down 09:29, nobody recorded, still down at 09:44",
                        Judgement.of(failing("deployer-api", "09:29")).judgedAt("09:44"), UnrecordedVerdict.RAISE),
                Arguments.of("pingdom down 09:29, up 09:34 (exactly minDuration), nobody recorded; 09:44",
                        Judgement.of(failing("deployer-api", "09:29"), recovered("deployer-api", "09:34"))
                                .judgedAt("09:44"),
                        UnrecordedVerdict.RAISE),
                Arguments.of("sentry errors 09:29, 09:35, 09:40, nobody recorded; 09:44",
                        Judgement.of(error("billing", "09:29", "PaymentDeclined"),
                                error("billing", "09:35", "PaymentDeclined"),
                                error("billing", "09:40", "PaymentDeclined")).judgedAt("09:44"),
                        UnrecordedVerdict.RAISE),
                Arguments.of("pingdom down 09:29, still down at 09:43:59",
                        Judgement.of(failing("deployer-api", "09:29")).judgedAt("09:43:59"),
                        UnrecordedVerdict.QUIET_NOT_YET_DUE),
                Arguments.of("pingdom down 09:29, recorded 09:40; 09:44",
                        Judgement.of(failing("deployer-api", "09:29"))
                                .record(incidentRecord("JIRA-1", "deployer-api", "09:40")).judgedAt("09:44"),
                        UnrecordedVerdict.QUIET_RECORDED),
                Arguments.of("pingdom down 09:29 in deployer-api's maintenance window 09:00-10:00; 09:44",
                        Judgement.of(failing("deployer-api", "09:29"))
                                .record(maintenance("M", "deployer-api", "09:00", "10:00")).judgedAt("09:44"),
                        UnrecordedVerdict.QUIET_PLANNED),
                Arguments.of("staging's deployer-api down 09:29; 09:44",
                        Judgement.of(failing("deployer-api", "09:29").env("staging")).judgedAt("09:44"),
                        UnrecordedVerdict.QUIET_ENV_EXCLUDED),
                Arguments.of("pingdom down 09:29, up 09:31: a two-minute blip, over; 09:44",
                        Judgement.of(failing("deployer-api", "09:29"), recovered("deployer-api", "09:31"))
                                .judgedAt("09:44"),
                        UnrecordedVerdict.QUIET_TOO_SHORT),
                Arguments.of("sentry errors 09:29, 09:30, 09:33:59, stopped; gap passed at 10:00",
                        Judgement.of(error("billing", "09:29", "PaymentDeclined"),
                                error("billing", "09:30", "PaymentDeclined"),
                                error("billing", "09:33:59", "PaymentDeclined")).judgedAt("10:00"),
                        UnrecordedVerdict.QUIET_TOO_SHORT),
                Arguments.of("sentry errors 09:29, 09:30, 09:31, silent since; still within gap at 09:44",
                        Judgement.of(error("billing", "09:29", "PaymentDeclined"),
                                error("billing", "09:30", "PaymentDeclined"),
                                error("billing", "09:31", "PaymentDeclined")).judgedAt("09:44"),
                        UnrecordedVerdict.QUIET_NOT_LONG_ENOUGH_YET),
                Arguments.of("KeycloakDiskFilling warning since 09:00, nobody recorded; 10:00",
                        Judgement.of(warning("keycloak", "09:00", "KeycloakDiskFilling")).judgedAt("10:00"),
                        UnrecordedVerdict.QUIET_NOT_AN_OUTAGE),
                Arguments.of("pingdom down 09:29, already judged for good; 10:00",
                        Judgement.of(failing("deployer-api", "09:29")).checked().judgedAt("10:00"),
                        UnrecordedVerdict.QUIET_ALREADY_CHECKED),
                Arguments.of("pingdom down 09:29, raised 09:44, still nobody recorded; 10:00",
                        Judgement.of(failing("deployer-api", "09:29")).raised("09:44").judgedAt("10:00"),
                        UnrecordedVerdict.QUIET_ALREADY_RAISED),
                Arguments.of("pingdom down 09:29, raised 09:44, recorded 11:30; 11:30",
                        Judgement.of(failing("deployer-api", "09:29")).raised("09:44")
                                .record(incidentRecord("JIRA-1", "deployer-api", "11:30")).judgedAt("11:30"),
                        UnrecordedVerdict.CLEAR),
                Arguments.of("pingdom down 09:29, raised 09:44, recorded and cleared 11:30; 11:45",
                        Judgement.of(failing("deployer-api", "09:29")).raised("09:44").cleared("11:30")
                                .record(incidentRecord("JIRA-1", "deployer-api", "11:30")).judgedAt("11:45"),
                        UnrecordedVerdict.QUIET_ALREADY_RAISED));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("verdicts")
    void shouldJudgeAnOutageNobodyRecorded(String story, Judgement judgement, UnrecordedVerdict expected) {
        assertThat(judgement.verdict()).isEqualTo(expected);
    }

    @Test
    void shouldHaveAStoryForEveryVerdict() {
        Set<UnrecordedVerdict> told = verdicts().map(a -> (UnrecordedVerdict) a.get()[2])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(UnrecordedVerdict.class)));

        assertThat(told).containsExactlyInAnyOrder(UnrecordedVerdict.values());
    }

    // ---- the due time ----------------------------------------------------------------------------

    private static CorrelationSettings graceAndMin(int graceMinutes, int minMinutes) {
        return new CorrelationSettings(S.gap(), S.quiet(), S.lookback(), Duration.ofMinutes(graceMinutes),
                Duration.ofMinutes(minMinutes), S.excludedEnvs(), S.maxEntries(), S.amendHorizon());
    }

    static Stream<Arguments> dueTimes() {
        return Stream.of(
                Arguments.of("grace 15 min, minDuration 5 min: BEGIN + grace",
                        List.of(failing("deployer-api", "09:29")), graceAndMin(15, 5), "09:44"),
                Arguments.of("grace 5 min, minDuration 30 min: BEGIN + minDuration",
                        List.of(failing("deployer-api", "09:29")), graceAndMin(5, 30), "09:59"),
                Arguments.of("grace and minDuration both 10 min",
                        List.of(failing("deployer-api", "09:29")), graceAndMin(10, 10), "09:39"),
                Arguments.of("a warning 09:00 before the outage 09:29: counted from the outage's BEGIN",
                        List.of(warning("keycloak", "09:00", "KeycloakHighLatency"), failing("keycloak", "09:29")),
                        graceAndMin(15, 5), "09:44"),
                Arguments.of("a late FAILING observed 09:20 moves BEGIN, and the due time with it",
                        List.of(failing("deployer-api", "09:29"), failing("deployer-api", "09:20").check("pingdom-2")),
                        graceAndMin(15, 5), "09:35"));
    }

    @ParameterizedTest(name = "{0} -> due {3}")
    @MethodSource("dueTimes")
    void shouldBeDueAtBeginPlusTheLongerOfGraceAndMinDuration(String story, List<Sig> signals,
            CorrelationSettings s, String due) {
        List<Episode> episodes = new Stage1(s).feed(signals).episodes();
        Incident incident = IncidentBuilder.header("inc-1", episodes, List.of(), null, s);

        assertThat(hm(UnrecordedCheck.dueAt(incident, s))).isEqualTo(due);
        Instant dueAt = at(due);
        Instant lastFailingAt = dueAt;
        assertThat(UnrecordedCheck.decide(incident, null, null, false, lastFailingAt, dueAt.minusMillis(1), s))
                .as("a millisecond before").isEqualTo(UnrecordedVerdict.QUIET_NOT_YET_DUE);
        assertThat(UnrecordedCheck.decide(incident, null, null, false, lastFailingAt, dueAt, s))
                .as("at the due time").isEqualTo(UnrecordedVerdict.RAISE);
    }

    // ---- what a verdict means for the next check -------------------------------------------------

    static Stream<Arguments> consequences() {
        return Stream.of(
                Arguments.of(UnrecordedVerdict.RAISE, true, false),
                Arguments.of(UnrecordedVerdict.QUIET_RECORDED, true, false),
                Arguments.of(UnrecordedVerdict.QUIET_PLANNED, true, false),
                Arguments.of(UnrecordedVerdict.QUIET_ENV_EXCLUDED, true, false),
                Arguments.of(UnrecordedVerdict.QUIET_TOO_SHORT, true, false),
                Arguments.of(UnrecordedVerdict.QUIET_NOT_LONG_ENOUGH_YET, false, true),
                Arguments.of(UnrecordedVerdict.QUIET_NOT_AN_OUTAGE, false, true),
                Arguments.of(UnrecordedVerdict.QUIET_NOT_YET_DUE, false, false),
                Arguments.of(UnrecordedVerdict.QUIET_ALREADY_CHECKED, false, false),
                Arguments.of(UnrecordedVerdict.QUIET_ALREADY_RAISED, false, false),
                Arguments.of(UnrecordedVerdict.CLEAR, false, false));
    }

    @ParameterizedTest(name = "{0}: settles {1}, defers {2}")
    @MethodSource("consequences")
    void shouldSettleForGoodOrDeferToTheNextChange(UnrecordedVerdict verdict, boolean settles, boolean defers) {
        assertThat(verdict.settles()).isEqualTo(settles);
        assertThat(verdict.defers()).isEqualTo(defers);
    }

    @Test
    void shouldSayForEveryVerdictWhetherItSettlesOrDefers() {
        assertThat(consequences().map(a -> (UnrecordedVerdict) a.get()[0])).containsExactlyInAnyOrder(
                UnrecordedVerdict.values());
    }

    @Test
    void shouldRaiseOnceAWarningIncidentTurnsIntoAnOutage() {
        // KeycloakDiskFilling since 08:00 (deferred: not an outage); keycloak down 09:29, still at 09:44.
        Judgement before = Judgement.of(warning("keycloak", "08:00", "KeycloakDiskFilling")).judgedAt("09:20");
        Judgement after = Judgement.of(warning("keycloak", "08:00", "KeycloakDiskFilling"),
                failing("keycloak", "09:29")).judgedAt("09:44");
        Judgement early = Judgement.of(warning("keycloak", "08:00", "KeycloakDiskFilling"),
                failing("keycloak", "09:29")).judgedAt("09:30");

        assertThat(before.verdict()).isEqualTo(UnrecordedVerdict.QUIET_NOT_AN_OUTAGE);
        assertThat(early.verdict()).as("due from the outage's BEGIN, not the warning's")
                .isEqualTo(UnrecordedVerdict.QUIET_NOT_YET_DUE);
        assertThat(after.verdict()).isEqualTo(UnrecordedVerdict.RAISE);
    }
}
