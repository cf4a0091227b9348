package timelines.streams.episodes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.Ids;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.streams.CorrelationSettings;

/**
 * Stage 1's decisions as pure functions (DESIGN section 5): gap 15 min, quiet 5 min, lookback 6 h.
 * {@link Stage1} feeds signals the way {@link EpisodeTracker} does for one {@code env|service}:
 * stream time is the latest observedAt, due episodes close before the next signal is applied.
 */
class EpisodeRulesTest {
    private static final CorrelationSettings S = CorrelationSettings.defaults();

    // ---- signals, as an SRE would jot them down ------------------------------------------------

    /** 2016-09-05 at "hh:mm" or "hh:mm:ss", UTC. */
    static Instant at(String time) {
        return Instant.parse("2016-09-05T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    static Sig failing(String time) {
        return new Sig(SignalType.FAILING, time).source("pingdom").check("pingdom-12345")
                .summary("deployer-api is down");
    }

    static Sig recovered(String time) {
        return new Sig(SignalType.RECOVERED, time).source("pingdom").check("pingdom-12345")
                .summary("deployer-api is up");
    }

    static Sig error(String time) {
        return new Sig(SignalType.ERROR, time).source("sentry").check("issue-406")
                .summary("Channel shutdown: channel error (reply-code=406)");
    }

    static Sig change(String time) {
        return new Sig(SignalType.CHANGE, time).source("generic").summary("deploy deployer-api " + time);
    }

    static Sig report(String time) {
        return new Sig(SignalType.REPORT, time).source("generic").summary("users cannot deploy");
    }

    static Sig ack(String time) {
        return new Sig(SignalType.ACK, time).source("pagerduty").summary("acknowledged by mathias");
    }

    /** A signal of prod|deployer-api under construction; its id is derived from what it says. */
    static final class Sig {
        private final SignalType type;
        private final Instant observedAt;
        private Instant receivedAt;
        private String source;
        private String check;
        private String summary;
        private boolean alerting;
        private String id;

        Sig(SignalType type, String time) {
            this.type = type;
            this.observedAt = at(time);
            this.receivedAt = observedAt;
        }

        Sig source(String v) {
            source = v;
            return this;
        }

        Sig check(String v) {
            check = v;
            return this;
        }

        Sig summary(String v) {
            summary = v;
            return this;
        }

        Sig alerting() {
            alerting = true;
            return this;
        }

        Sig received(String time) {
            receivedAt = at(time);
            return this;
        }

        Sig id(String v) {
            id = v;
            return this;
        }

        Signal build() {
            String sid = id != null ? id : Ids.of(source, check, type.name(), observedAt.toString(), summary);
            return new Signal(sid, source, type, "prod", "deployer-api", check, observedAt, receivedAt, alerting,
                    null, summary, null, Map.of(), false);
        }
    }

    /** One {@code env|service} of stage 1, driven the way the tracker drives it. */
    static final class Stage1 {
        private final CorrelationSettings settings;
        EpisodeState state = EpisodeState.EMPTY;
        Instant now = Instant.EPOCH;
        final List<Episode> forwarded = new ArrayList<>();

        Stage1() {
            this(S);
        }

        Stage1(CorrelationSettings settings) {
            this.settings = settings;
        }

        SignalOutcome feed(Sig sig) {
            Signal signal = sig.build();
            now = CheckState.max(now, signal.observedAt());
            EpisodeRules.Step closing = EpisodeRules.closeIfDue(state, now, settings);
            EpisodeRules.Step applied = EpisodeRules.apply(closing.state(), signal, now, settings);
            state = applied.state();
            forwarded.addAll(closing.changed());
            forwarded.addAll(applied.changed());
            return applied.outcome();
        }

        Stage1 feedAll(Sig... sigs) {
            for (Sig sig : sigs) {
                feed(sig);
            }
            return this;
        }

        Stage1 tick(String time) {
            now = CheckState.max(now, at(time));
            EpisodeRules.Step step = EpisodeRules.closeIfDue(state, now, settings);
            state = step.state();
            forwarded.addAll(step.changed());
            return this;
        }

        Episode open() {
            return state.open();
        }

        Episode closed() {
            return state.lastClosed();
        }

        List<String> episodeIds() {
            return forwarded.stream().map(Episode::id).distinct().toList();
        }
    }

    /** The open episode after applying the signals in order, closing nothing on the way. */
    static Episode openEpisodeOf(Sig... sigs) {
        EpisodeState st = EpisodeState.EMPTY;
        for (Sig sig : sigs) {
            Signal signal = sig.build();
            st = EpisodeRules.apply(st, signal, signal.observedAt(), S).state();
        }
        return st.open();
    }

    // ---- opening ---------------------------------------------------------------------------------

    @Nested
    class Opening {

        @Test
        void failingOpensAnEpisodeAtItsObservedTime() {
            Stage1 stage = new Stage1();

            SignalOutcome outcome = stage.feed(failing("09:29"));

            assertThat(outcome).isEqualTo(SignalOutcome.OPENED_EPISODE);
            Episode open = stage.open();
            assertThat(open.open()).isTrue();
            assertThat(open.begin()).isEqualTo(at("09:29"));
            assertThat(open.end()).isNull();
            assertThat(open.checks()).containsOnlyKeys("pingdom-12345");
            assertThat(open.checks().get("pingdom-12345").failing()).isTrue();
            assertThat(stage.forwarded).containsExactly(open);
        }

        @ParameterizedTest(name = "{0} alone -> {1}")
        @CsvSource({
            "FAILING,   OPENED_EPISODE,      true",
            "ERROR,     OPENED_EPISODE,      true",
            "REPORT,    OPENED_EPISODE,      true",
            "RECOVERED, ORPHAN_RECOVERY,     false",
            "ACK,       ACK_WITHOUT_EPISODE, false",
            "CHANGE,    CHANGE_REMEMBERED,   false",
        })
        void onlyFailureEvidenceOpensAnEpisode(SignalType type, SignalOutcome expected, boolean opens) {
            Stage1 stage = new Stage1();

            SignalOutcome outcome = stage.feed(new Sig(type, "10:00").source("generic").check("c1").summary("x"));

            assertThat(outcome).isEqualTo(expected);
            assertThat(stage.open() != null).isEqualTo(opens);
            assertThat(stage.forwarded).hasSize(opens ? 1 : 0);
        }

        @Test
        void episodeIdIsDeterministic() {
            Episode first = new Stage1().feedAll(failing("09:29")).open();
            Episode second = new Stage1().feedAll(failing("09:29")).open();

            assertThat(first.id()).isEqualTo(second.id());
            assertThat(new Stage1().feedAll(failing("09:30")).open().id()).isNotEqualTo(first.id());
        }
    }

    // ---- verdict: open or closed, and why ---------------------------------------------------------

    static Stream<Arguments> verdicts() {
        return Stream.of(
                Arguments.of("check still failing, hours later",
                        List.of(failing("10:00")), "12:00", EpisodeVerdict.OPEN_CHECK_FAILING),
                Arguments.of("one of two checks still failing",
                        List.of(failing("10:00"), failing("10:01").check("alb-health"), recovered("10:05")),
                        "11:00", EpisodeVerdict.OPEN_CHECK_FAILING),
                Arguments.of("last error 14:59 ago",
                        List.of(error("10:00")), "10:14:59", EpisodeVerdict.OPEN_ERRORS_WITHIN_GAP),
                Arguments.of("last error exactly gap ago",
                        List.of(error("10:00")), "10:15", EpisodeVerdict.CLOSED_GAP_AFTER_LAST_ERROR),
                Arguments.of("report only, gap passed",
                        List.of(report("10:00")), "10:20", EpisodeVerdict.CLOSED_GAP_AFTER_LAST_ERROR),
                Arguments.of("recovered 4:59 ago",
                        List.of(failing("10:00"), recovered("10:20")), "10:24:59",
                        EpisodeVerdict.OPEN_QUIET_NOT_PASSED),
                Arguments.of("recovered exactly quiet ago",
                        List.of(failing("10:00"), recovered("10:20")), "10:25",
                        EpisodeVerdict.CLOSED_QUIET_AFTER_RECOVERY),
                Arguments.of("recovered, but an error after the recovery is within gap",
                        List.of(failing("10:00"), recovered("10:20"), error("10:22")), "10:30",
                        EpisodeVerdict.OPEN_ERRORS_WITHIN_GAP),
                Arguments.of("recovered and errors stopped",
                        List.of(failing("10:00"), recovered("10:20"), error("10:22")), "10:37",
                        EpisodeVerdict.CLOSED_QUIET_AFTER_RECOVERY));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("verdicts")
    void verdictSaysWhetherAndWhyAnEpisodeCloses(String story, List<Sig> signals, String now,
            EpisodeVerdict expected) {
        Episode episode = openEpisodeOf(signals.toArray(Sig[]::new));

        EpisodeVerdict verdict = EpisodeRules.verdict(episode, at(now), S);

        assertThat(verdict).isEqualTo(expected);
        assertThat(verdict.closes()).isEqualTo(expected.name().startsWith("CLOSED"));
    }

    // ---- closing ----------------------------------------------------------------------------------

    @Nested
    class Closing {

        @Test
        void recoveredThenQuietClosesWithEndAtTheRecovery() {
            Stage1 stage = new Stage1().feedAll(failing("09:29"), recovered("10:00"));

            stage.tick("10:04:59");
            assertThat(stage.open()).as("quiet not yet passed").isNotNull();

            stage.tick("10:05");
            Episode closed = stage.closed();
            assertThat(stage.open()).isNull();
            assertThat(closed.verdict()).isEqualTo(EpisodeVerdict.CLOSED_QUIET_AFTER_RECOVERY);
            assertThat(closed.begin()).isEqualTo(at("09:29"));
            assertThat(closed.end()).isEqualTo(at("10:00"));
            assertThat(closed.endInferred()).isFalse();
            assertThat(stage.forwarded).last().isEqualTo(closed);
        }

        @Test
        void closeIfDueKeepsRecentIdsAndChanges() {
            Stage1 stage = new Stage1().feedAll(change("09:27"), failing("09:29"), recovered("10:00"));
            EpisodeState before = stage.state;

            EpisodeRules.Step step = EpisodeRules.closeIfDue(before, at("10:06"), S);

            assertThat(step.changed()).singleElement().isEqualTo(step.state().lastClosed());
            assertThat(step.state().open()).isNull();
            assertThat(step.state().recentIds()).isEqualTo(before.recentIds());
            assertThat(step.state().recentChanges()).isEqualTo(before.recentChanges());
            assertThat(step.outcome()).isNull();
        }

        @Test
        void closeIfDueChangesNothingWhenNotDueOrNothingOpen() {
            Stage1 stage = new Stage1().feedAll(failing("09:29"));

            EpisodeRules.Step notDue = EpisodeRules.closeIfDue(stage.state, at("23:00"), S);
            EpisodeRules.Step nothingOpen = EpisodeRules.closeIfDue(EpisodeState.EMPTY, at("23:00"), S);

            assertThat(notDue.state()).isEqualTo(stage.state);
            assertThat(notDue.changed()).isEmpty();
            assertThat(nothingOpen.state()).isEqualTo(EpisodeState.EMPTY);
            assertThat(nothingOpen.changed()).isEmpty();
        }

        @Test
        void errorsOnlyCloseAfterGapWithTheEndInferredFromTheLastError() {
            Stage1 stage = new Stage1().feedAll(error("07:26"), error("07:30"), error("07:41"));

            stage.tick("07:55:59");
            assertThat(stage.open()).as("last error within gap").isNotNull();

            stage.tick("07:56");
            Episode closed = stage.closed();
            assertThat(closed.verdict()).isEqualTo(EpisodeVerdict.CLOSED_GAP_AFTER_LAST_ERROR);
            assertThat(closed.begin()).isEqualTo(at("07:26"));
            assertThat(closed.end()).isEqualTo(at("07:41"));
            assertThat(closed.endInferred()).isTrue();
        }

        @Test
        void errorsWithinGapOfEachOtherStayOneEpisode() {
            Stage1 stage = new Stage1().feedAll(error("07:26"), error("07:40"), error("07:54"), error("08:08"));

            assertThat(stage.episodeIds()).hasSize(1);
            assertThat(stage.open().begin()).isEqualTo(at("07:26"));
            assertThat(stage.open().lastErrorAt()).isEqualTo(at("08:08"));
        }

        @Test
        void errorAfterTheGapOpensANewEpisode() {
            Stage1 stage = new Stage1().feedAll(error("07:26"));

            SignalOutcome outcome = stage.feed(error("07:42"));

            assertThat(outcome).isEqualTo(SignalOutcome.OPENED_EPISODE);
            assertThat(stage.closed().end()).isEqualTo(at("07:26"));
            assertThat(stage.open().begin()).isEqualTo(at("07:42"));
            assertThat(stage.episodeIds()).hasSize(2);
        }

        @Test
        void flappingWithinQuietStaysOneEpisodeAndCountsTheFlaps() {
            Stage1 stage = new Stage1().feedAll(
                    failing("10:00"), recovered("10:02"),
                    failing("10:04"), recovered("10:05"),
                    failing("10:08"), recovered("10:09"));

            assertThat(stage.episodeIds()).as("one episode throughout").hasSize(1);
            CheckState check = stage.open().checks().get("pingdom-12345");
            assertThat(check.failures()).isEqualTo(3);
            assertThat(check.flaps()).isEqualTo(2);
            assertThat(stage.open().entries()).filteredOn(e -> e.type() == SignalType.FAILING)
                    .singleElement()
                    .satisfies(e -> {
                        assertThat(e.count()).isEqualTo(3);
                        assertThat(e.at()).isEqualTo(at("10:00"));
                        assertThat(e.lastAt()).isEqualTo(at("10:08"));
                    });

            stage.tick("10:14");
            assertThat(stage.closed().begin()).isEqualTo(at("10:00"));
            assertThat(stage.closed().end()).isEqualTo(at("10:09"));
        }

        @Test
        void failingAgainAfterQuietIsANewEpisode() {
            Stage1 stage = new Stage1().feedAll(failing("10:00"), recovered("10:02"));

            SignalOutcome outcome = stage.feed(failing("10:08"));

            assertThat(outcome).isEqualTo(SignalOutcome.OPENED_EPISODE);
            assertThat(stage.closed().end()).isEqualTo(at("10:02"));
            assertThat(stage.open().begin()).isEqualTo(at("10:08"));
            assertThat(stage.open().checks().get("pingdom-12345").flaps()).isZero();
        }
    }

    // ---- duplicates and arrival order -------------------------------------------------------------

    @Nested
    class DuplicatesAndOrder {

        @Test
        void aSignalSeenTwiceByIdIsDropped() {
            Stage1 stage = new Stage1().feedAll(error("07:26"));
            EpisodeState before = stage.state;
            int forwarded = stage.forwarded.size();

            SignalOutcome outcome = stage.feed(error("07:26"));

            assertThat(outcome).isEqualTo(SignalOutcome.DUPLICATE);
            assertThat(stage.state).isEqualTo(before);
            assertThat(stage.forwarded).hasSize(forwarded);
            assertThat(stage.open().entries()).singleElement().extracting(Entry::count).isEqualTo(1);
        }

        @Test
        void aVendorRetryWithTheSameIdIsDroppedEvenIfReceivedLater() {
            Stage1 stage = new Stage1().feedAll(failing("09:29").id("pingdom-retry").received("09:29:04"));

            SignalOutcome outcome = stage.feed(failing("09:29").id("pingdom-retry").received("09:31:00"));

            assertThat(outcome).isEqualTo(SignalOutcome.DUPLICATE);
            assertThat(stage.open().checks().get("pingdom-12345").failures()).isEqualTo(1);
        }

        @Test
        void aLateFailingObservedBeforeTheRecoveryLeavesTheCheckRecovered() {
            // Arrival order: FAILING 10:00, RECOVERED 10:10, then the flap at 10:05 arrives late.
            Stage1 stage = new Stage1().feedAll(failing("10:00"), recovered("10:10"), failing("10:05"));

            CheckState check = stage.open().checks().get("pingdom-12345");
            assertThat(check.failing()).isFalse();
            assertThat(check.flaps()).isEqualTo(1);

            stage.tick("10:15");
            assertThat(stage.closed().end()).isEqualTo(at("10:10"));
            assertThat(stage.closed().verdict()).isEqualTo(EpisodeVerdict.CLOSED_QUIET_AFTER_RECOVERY);
        }

        @Test
        void aRecoveryDeliveredBeforeItsFailingStillEndsTheEpisode() {
            // Pingdom's DOWN webhook was retried and arrived after its UP.
            Stage1 inOrder = new Stage1().feedAll(failing("10:00"), recovered("10:10")).tick("10:20");
            Stage1 reversed = new Stage1();

            SignalOutcome first = reversed.feed(recovered("10:10"));
            reversed.feed(failing("10:00"));

            assertThat(first).isEqualTo(SignalOutcome.ORPHAN_RECOVERY);
            assertThat(reversed.open().anyCheckFailing()).isFalse();
            reversed.tick("10:20");
            assertThat(reversed.open()).isNull();
            assertThat(reversed.closed().begin()).isEqualTo(inOrder.closed().begin());
            assertThat(reversed.closed().end()).isEqualTo(at("10:10"));
            assertThat(reversed.closed().verdict()).isEqualTo(EpisodeVerdict.CLOSED_QUIET_AFTER_RECOVERY);
            assertThat(reversed.closed().entries()).extracting(Entry::type)
                    .containsExactly(SignalType.FAILING, SignalType.RECOVERED);
        }

        @Test
        void aStrayRecoveryIsKeptAcrossAnotherEpisodeClosingUntilItsFailingArrives() {
            Stage1 stage = new Stage1().feedAll(failing("10:00"));
            SignalOutcome stray = stage.feed(recovered("10:10").check("alb-health"));
            stage.feedAll(recovered("10:05")).tick("10:20");
            assertThat(stray).isEqualTo(SignalOutcome.ORPHAN_RECOVERY);
            assertThat(stage.closed().end()).isEqualTo(at("10:05"));
            assertThat(stage.state.strayRecoveries()).hasSize(1);

            SignalOutcome late = stage.feed(failing("10:08").check("alb-health").summary("ALB unhealthy"));

            assertThat(late).isEqualTo(SignalOutcome.REOPENED_EPISODE);
            assertThat(stage.open().anyCheckFailing()).isFalse();
            assertThat(stage.state.strayRecoveries()).isEmpty();
            stage.tick("10:20:01");
            assertThat(stage.closed().end()).isEqualTo(at("10:10"));
        }

        @Test
        void aRecoveryOfAnEarlierFailureDoesNotEndALaterOne() {
            Stage1 stage = new Stage1();

            stage.feed(recovered("09:00"));
            stage.feed(failing("10:00"));

            assertThat(stage.open().anyCheckFailing()).isTrue();
            stage.tick("12:00");
            assertThat(stage.open()).isNotNull();
        }

        @Test
        void aLateFailingBeforeBeginMovesBeginEarlier() {
            Stage1 stage = new Stage1().feedAll(failing("10:00"));

            SignalOutcome outcome = stage.feed(failing("09:50").check("alb-health").summary("ALB unhealthy"));

            assertThat(outcome).isEqualTo(SignalOutcome.APPLIED);
            assertThat(stage.open().begin()).isEqualTo(at("09:50"));
            assertThat(stage.open().entries()).first().extracting(Entry::at).isEqualTo(at("09:50"));
            assertThat(stage.episodeIds()).hasSize(1);
        }

        @Test
        void aLateFailingBeforeBeginOfAClosedEpisodeMovesItsBegin() {
            Stage1 stage = new Stage1().feedAll(failing("10:00"), recovered("10:10")).tick("10:30");
            String id = stage.closed().id();

            SignalOutcome outcome = stage.feed(failing("09:55"));

            assertThat(outcome).isEqualTo(SignalOutcome.AMENDED_CLOSED_EPISODE);
            assertThat(stage.closed().id()).isEqualTo(id);
            assertThat(stage.closed().begin()).isEqualTo(at("09:55"));
            assertThat(stage.closed().end()).isEqualTo(at("10:10"));
            assertThat(stage.open()).isNull();
        }

        @Test
        void aLateErrorWithinQuietOfAClosedEpisodeAmendsIt() {
            Stage1 stage = new Stage1().feedAll(failing("10:00"), recovered("10:10")).tick("10:30");
            String id = stage.closed().id();

            SignalOutcome outcome = stage.feed(error("10:13"));

            assertThat(outcome).isEqualTo(SignalOutcome.AMENDED_CLOSED_EPISODE);
            Episode amended = stage.closed();
            assertThat(amended.id()).isEqualTo(id);
            assertThat(amended.open()).isFalse();
            assertThat(amended.verdict()).isEqualTo(EpisodeVerdict.CLOSED_QUIET_AFTER_RECOVERY);
            assertThat(amended.end()).isEqualTo(at("10:13"));
            assertThat(amended.entries()).extracting(Entry::type).contains(SignalType.ERROR);
            assertThat(stage.forwarded).last().isEqualTo(amended);
        }

        @Test
        void aLateFailingWithinQuietOfAClosedEpisodeReopensIt() {
            Stage1 stage = new Stage1().feedAll(failing("10:00"), recovered("10:10")).tick("10:30");
            String id = stage.closed().id();

            SignalOutcome outcome = stage.feed(failing("10:12").check("alb-health").summary("ALB unhealthy"));

            assertThat(outcome).isEqualTo(SignalOutcome.REOPENED_EPISODE);
            assertThat(stage.closed()).isNull();
            Episode reopened = stage.open();
            assertThat(reopened.id()).isEqualTo(id);
            assertThat(reopened.end()).isNull();
            assertThat(reopened.verdict()).isNull();
            assertThat(reopened.begin()).isEqualTo(at("10:00"));
        }

        @Test
        void aLateErrorFromInsideTheEarlierOutageAmendsItAndLeavesTheOpenOneAlone() {
            Stage1 stage = new Stage1().feedAll(failing("10:00"), recovered("10:10")).tick("10:30")
                    .feedAll(failing("11:00"));
            String earlier = stage.closed().id();
            String current = stage.open().id();

            SignalOutcome outcome = stage.feed(error("10:05"));

            assertThat(outcome).isEqualTo(SignalOutcome.AMENDED_CLOSED_EPISODE);
            assertThat(stage.closed().id()).isEqualTo(earlier);
            assertThat(stage.closed().entries()).extracting(Entry::type).contains(SignalType.ERROR);
            assertThat(stage.open().id()).isEqualTo(current);
            assertThat(stage.open().begin()).as("the open outage's BEGIN stays").isEqualTo(at("11:00"));
        }

        @Test
        void aFailureOlderThanTheAmendHorizonWithNothingOpenIsNotRevived() {
            Stage1 stage = new Stage1().feedAll(failing("10:00"), recovered("10:10")).tick("10:30");
            Signal week = failing("10:00").build();
            Signal old = new Signal("retry-of-old", week.source(), week.type(), week.env(), week.service(),
                    week.check(), week.observedAt(), week.receivedAt(), true, null, week.summary(), null,
                    java.util.Map.of(), false);
            EpisodeRules.Step step = EpisodeRules.apply(stage.state, old,
                    at("10:00").plus(S.amendHorizon()).plusSeconds(60), S);

            assertThat(step.outcome()).isEqualTo(SignalOutcome.BEYOND_HORIZON);
            assertThat(step.changed()).isEmpty();
            assertThat(step.state()).isEqualTo(stage.state);
        }

        @Test
        void aLateFailingBeyondQuietOfAClosedEpisodeOpensANewOne() {
            Stage1 stage = new Stage1().feedAll(failing("10:00"), recovered("10:10")).tick("10:30");

            SignalOutcome outcome = stage.feed(failing("10:20"));

            assertThat(outcome).isEqualTo(SignalOutcome.OPENED_EPISODE);
            assertThat(stage.open().begin()).isEqualTo(at("10:20"));
            assertThat(stage.closed().end()).isEqualTo(at("10:10"));
        }
    }

    // ---- trigger candidates -----------------------------------------------------------------------

    @Nested
    class TriggerCandidates {

        @Test
        void changesBeforeBeginAreCandidatesNearestFirstWithinTheLookback() {
            Stage1 stage = new Stage1().feedAll(
                    change("03:00"), change("03:29"), change("08:00"), change("09:27"));

            stage.feed(failing("09:29"));

            assertThat(stage.open().changes()).extracting(TriggerCandidate::at)
                    .as("03:00 lies more than 6 h before BEGIN 09:29")
                    .containsExactly(at("09:27"), at("08:00"), at("03:29"));
            assertThat(stage.open().changes().get(0))
                    .isEqualTo(new TriggerCandidate(at("09:27"), "deployer-api", "deploy deployer-api 09:27"));
            assertThat(stage.open().entries()).extracting(Entry::type).doesNotContain(SignalType.CHANGE);
        }

        @Test
        void aChangeArrivingLateButObservedBeforeBeginBecomesACandidate() {
            Stage1 stage = new Stage1().feedAll(failing("09:29"));

            SignalOutcome outcome = stage.feed(change("09:27"));

            assertThat(outcome).isEqualTo(SignalOutcome.CHANGE_REMEMBERED);
            assertThat(stage.open().changes()).extracting(TriggerCandidate::at).containsExactly(at("09:27"));
            assertThat(stage.open().entries()).extracting(Entry::type).doesNotContain(SignalType.CHANGE);
        }

        @Test
        void aChangeAfterBeginIsATimelineEntryNotACandidate() {
            Stage1 stage = new Stage1().feedAll(failing("09:29"));

            SignalOutcome outcome = stage.feed(change("09:40").summary("redeploy deployer-api"));

            assertThat(outcome).isEqualTo(SignalOutcome.APPLIED);
            assertThat(stage.open().changes()).isEmpty();
            assertThat(stage.open().entries()).extracting(Entry::type).contains(SignalType.CHANGE);
        }

        @Test
        void aChangeBeforeAnEarlierEpisodeIsStillACandidateForTheNext() {
            Stage1 stage = new Stage1().feedAll(change("09:00"), failing("09:10"), recovered("09:12"));

            stage.feed(failing("10:00"));

            assertThat(stage.open().begin()).isEqualTo(at("10:00"));
            assertThat(stage.open().changes()).extracting(TriggerCandidate::at).containsExactly(at("09:00"));
        }
    }

    // ---- detection --------------------------------------------------------------------------------

    static Stream<Arguments> detections() {
        return Stream.of(
                Arguments.of("alerting FAILING: when received",
                        failing("09:29").alerting().received("09:29:04"), "09:29:04"),
                Arguments.of("alerting ERROR: when received",
                        error("07:26").alerting().received("07:26:30"), "07:26:30"),
                Arguments.of("REPORT: when the person reported it",
                        report("09:31").received("09:35"), "09:31"),
                Arguments.of("non-alerting FAILING (a probe): nobody was told",
                        failing("09:29").received("09:29:04"), null),
                Arguments.of("alerting RECOVERED tells of the end, not the failure",
                        recovered("10:00").alerting(), null),
                Arguments.of("alerting CHANGE is no detection",
                        change("09:27").alerting(), null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("detections")
    void detectionIsReceiptOfTheFirstAlertingFailureOrAReport(String story, Sig sig, String expected) {
        assertThat(EpisodeRules.detectionTime(sig.build())).isEqualTo(expected == null ? null : at(expected));
    }

    @Test
    void theEarliestDetectionWinsAndNamesItsSignal() {
        Stage1 stage = new Stage1().feedAll(
                failing("09:29").received("09:29:02"),
                failing("09:29:30").check("alb-health").summary("ALB unhealthy").source("cloudwatch")
                        .alerting().received("09:33"),
                report("09:31").summary("Dennis: deploys fail"));

        Episode open = stage.open();

        assertThat(open.detect()).isEqualTo(at("09:31"));
        assertThat(open.detectedBy()).isEqualTo(new DetectedBy("generic", "deployer-api", "Dennis: deploys fail"));
    }

    @Test
    void detectionIsTheReceiptNotTheObservation() {
        Stage1 stage = new Stage1().feedAll(failing("09:29").alerting().received("09:29:04"));

        assertThat(stage.open().detect()).isEqualTo(at("09:29:04"));
        assertThat(stage.open().detectedBy())
                .isEqualTo(new DetectedBy("pingdom", "deployer-api", "deployer-api is down"));
    }

    @Test
    void theFirstAckIsKept() {
        Stage1 stage = new Stage1().feedAll(failing("09:29"), ack("09:40"), ack("09:35").summary("second pager"));

        assertThat(stage.open().ack()).isEqualTo(at("09:35"));
    }

    // ---- timeline entries -------------------------------------------------------------------------

    @Nested
    class Entries {

        @Test
        void repeatedIdenticalErrorsFoldIntoOneEntryWithCountAndLastAt() {
            Stage1 stage = new Stage1().feedAll(
                    error("07:26"), error("07:26:20"), error("07:26:40"),
                    error("07:31").summary("SocketException: Connection reset"));

            List<Entry> entries = stage.open().entries();

            assertThat(entries).hasSize(2);
            assertThat(entries.get(0)).satisfies(e -> {
                assertThat(e.summary()).isEqualTo("Channel shutdown: channel error (reply-code=406)");
                assertThat(e.count()).isEqualTo(3);
                assertThat(e.at()).isEqualTo(at("07:26"));
                assertThat(e.lastAt()).isEqualTo(at("07:26:40"));
            });
            assertThat(entries.get(1).summary()).isEqualTo("SocketException: Connection reset");
            assertThat(entries.get(1).count()).isEqualTo(1);
        }

        @Test
        void aLateIdenticalErrorFoldsIntoTheEntryAndMovesItsFirstOccurrence() {
            Stage1 stage = new Stage1().feedAll(error("07:26"), error("07:28"));

            stage.feed(error("07:20"));

            assertThat(stage.open().entries()).singleElement().satisfies(e -> {
                assertThat(e.count()).isEqualTo(3);
                assertThat(e.at()).isEqualTo(at("07:20"));
                assertThat(e.lastAt()).isEqualTo(at("07:28"));
            });
            assertThat(stage.open().begin()).isEqualTo(at("07:20"));
        }

        @Test
        void entriesAreBoundedByMaxEntriesAndTheRestCounted() {
            CorrelationSettings tenEntries = new CorrelationSettings(S.gap(), S.quiet(), S.lookback(),
                    S.recordGrace(), S.minDuration(), S.excludedEnvs(), 10, S.amendHorizon());
            Stage1 stage = new Stage1(tenEntries);
            for (int i = 0; i < 12; i++) {
                stage.feed(error(String.format("07:%02d", 20 + i)).summary("error #" + i));
            }

            assertThat(stage.open().entries()).hasSize(10);
            assertThat(stage.open().entriesOmitted()).isEqualTo(2);

            stage.feed(error("07:40").summary("error #0"));
            assertThat(stage.open().entries()).as("a repeat of a kept entry still folds").hasSize(10);
            assertThat(stage.open().entries().get(0).count()).isEqualTo(2);
            assertThat(stage.open().entriesOmitted()).isEqualTo(2);
        }

        @Test
        void entriesAreInTimeOrder() {
            Stage1 stage = new Stage1().feedAll(
                    failing("09:29"), error("09:35"), recovered("10:00"), failing("09:20").check("alb"));

            assertThat(stage.open().entries()).extracting(Entry::at)
                    .containsExactly(at("09:20"), at("09:29"), at("09:35"), at("10:00"));
        }
    }

    @Test
    void earliestCloseIsNullWhileACheckFailsAndOtherwiseTheLaterOfQuietAndGap() {
        assertThat(EpisodeRules.earliestClose(openEpisodeOf(failing("10:00")), S)).isNull();
        assertThat(EpisodeRules.earliestClose(openEpisodeOf(failing("10:00"), recovered("10:10")), S))
                .isEqualTo(at("10:15"));
        assertThat(EpisodeRules.earliestClose(openEpisodeOf(failing("10:00"), error("10:05"), recovered("10:10")), S))
                .isEqualTo(at("10:20"));
        assertThat(Duration.between(at("10:00"), EpisodeRules.earliestClose(openEpisodeOf(error("10:00")), S)))
                .isEqualTo(S.gap());
    }
}
