package timelines.streams.episodes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import timelines.contracts.Ids;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.streams.CorrelationSettings;
import timelines.streams.StateBudget;

/**
 * Stage 1 of DESIGN section 5 as pure functions of (state, signal, stream time): when an episode
 * opens, what a signal changes, and when the episode ends. No Kafka here.
 */
public final class EpisodeRules {
    /** Recent signal ids kept per service to drop a vendor's retries. */
    static final int RECENT_IDS = 256;
    /** Recent changes kept per service as trigger candidates. */
    static final int RECENT_CHANGES = 50;
    /** Recoveries that matched no episode, kept per service for a FAILING that arrives after them. */
    static final int RECENT_STRAYS = 50;

    private static final Comparator<Entry> ENTRY_ORDER = Comparator.comparing(Entry::at)
            .thenComparing(e -> e.type() == null ? "" : e.type().name())
            .thenComparing(e -> nz(e.source()))
            .thenComparing(e -> nz(e.check()))
            .thenComparing(e -> nz(e.summary()));

    private EpisodeRules() {}

    /** The new state and the episodes that changed (to forward), in a deterministic order. */
    public record Step(EpisodeState state, List<Episode> changed, SignalOutcome outcome) {}

    /** Whether an open episode stays open at stream time {@code now}. */
    public static EpisodeVerdict verdict(Episode e, Instant now, CorrelationSettings s) {
        if (e.anyCheckFailing()) {
            return EpisodeVerdict.OPEN_CHECK_FAILING;
        }
        if (e.lastErrorAt() != null && now.isBefore(e.lastErrorAt().plus(s.gap()))) {
            return EpisodeVerdict.OPEN_ERRORS_WITHIN_GAP;
        }
        Instant lastRecovery = e.lastRecoveryAt();
        if (lastRecovery != null && now.isBefore(lastRecovery.plus(s.quiet()))) {
            return EpisodeVerdict.OPEN_QUIET_NOT_PASSED;
        }
        return e.checks().isEmpty()
                ? EpisodeVerdict.CLOSED_GAP_AFTER_LAST_ERROR
                : EpisodeVerdict.CLOSED_QUIET_AFTER_RECOVERY;
    }

    /** Closes the open episode when its verdict at {@code now} says so. */
    public static Step closeIfDue(EpisodeState st, Instant now, CorrelationSettings s) {
        if (st.open() == null) {
            return new Step(st, List.of(), null);
        }
        EpisodeVerdict v = verdict(st.open(), now, s);
        if (!v.closes()) {
            return new Step(st, List.of(), null);
        }
        Episode closed = close(st.open(), v);
        return new Step(new EpisodeState(null, closed, st.recentChanges(), st.recentIds(), st.strayRecoveries()),
                List.of(closed), null);
    }

    /** Applies one signal at stream time {@code now}; the caller closes due episodes first. */
    public static Step apply(EpisodeState st, Signal sig, Instant now, CorrelationSettings s) {
        Step step = applyOne(st, sig, now, s);
        if (step.outcome() == SignalOutcome.DUPLICATE || step.outcome() == SignalOutcome.BEYOND_HORIZON
                || step.outcome() == SignalOutcome.HEARTBEAT) {
            return step;
        }
        List<Signal> strays = new ArrayList<>();
        Instant forgetBefore = now.minus(s.amendHorizon());
        for (Signal r : st.strayRecoveries()) {
            if (!r.observedAt().isBefore(forgetBefore)) {
                strays.add(r);
            }
        }
        if (step.outcome() == SignalOutcome.ORPHAN_RECOVERY) {
            // Labels are not needed to pair it later, and a stray must not carry 32 of them for 50 checks.
            strays.add(sig.withLabels(Map.of()));
            if (strays.size() > RECENT_STRAYS) {
                strays.subList(0, strays.size() - RECENT_STRAYS).clear();
            }
        }
        if (sig.type() == SignalType.FAILING) {
            return pairStrayRecoveries(step, sig, strays, s);
        }
        return new Step(step.state().withStrayRecoveries(strays), step.changed(), step.outcome());
    }

    /**
     * A RECOVERED delivered before its FAILING (a vendor retried the FAILING) matched no episode
     * and was kept; the FAILING it recovers, observed at or before it, takes it in now, so the
     * episode ends as it would have in arrival order.
     */
    private static Step pairStrayRecoveries(Step step, Signal failing, List<Signal> strays, CorrelationSettings s) {
        EpisodeState st = step.state();
        String check = checkOf(failing);
        Episode open = st.open();
        List<Signal> pairs = strays.stream()
                .filter(r -> checkOf(r).equals(check) && !r.observedAt().isBefore(failing.observedAt()))
                .toList();
        if (open == null || !open.checks().containsKey(check) || pairs.isEmpty()) {
            return new Step(st.withStrayRecoveries(strays), step.changed(), step.outcome());
        }
        Episode paired = open;
        for (Signal recovery : pairs) {
            paired = withSignal(paired, recovery, st.recentChanges(), s);
        }
        strays.removeAll(pairs);
        List<Episode> changed = new ArrayList<>();
        for (Episode e : step.changed()) {
            changed.add(e.id().equals(paired.id()) ? paired : e);
        }
        return new Step(new EpisodeState(paired, st.lastClosed(), st.recentChanges(), st.recentIds(), strays),
                changed, step.outcome());
    }

    private static Step applyOne(EpisodeState st, Signal sig, Instant now, CorrelationSettings s) {
        if (ImpactRules.isHeartbeat(sig, s)) {
            return new Step(st, List.of(), SignalOutcome.HEARTBEAT);
        }
        if (st.recentIds().contains(sig.id())) {
            return new Step(st, List.of(), SignalOutcome.DUPLICATE);
        }
        if (st.open() == null && sig.observedAt().plus(s.amendHorizon()).isBefore(now)) {
            // A retired incident must not come back (and page again) because a vendor retried something a week old.
            return new Step(st, List.of(), SignalOutcome.BEYOND_HORIZON);
        }
        RecentIds ids = st.recentIds().with(sig.id(), RECENT_IDS);
        Instant t = sig.observedAt();
        List<TriggerCandidate> changes = st.recentChanges();
        if (sig.type() == SignalType.CHANGE) {
            changes = remember(changes, sig, now, s);
        }
        Episode open = st.open();
        Episode closed = st.lastClosed();

        switch (sig.type()) {
            case FAILING, ERROR, REPORT -> {
                if (open != null && closed != null && t.isBefore(open.begin()) && joinsClosed(closed, t, s)
                        && !t.isBefore(closed.begin())) {
                    // Late evidence from inside the earlier outage belongs to it, not to the one open now.
                    Episode amended = close(withSignal(closed, sig, changes, s), closed.verdict());
                    return new Step(state(open, amended, changes, ids), List.of(amended),
                            SignalOutcome.AMENDED_CLOSED_EPISODE);
                }
                if (open != null) {
                    Episode next = withSignal(open, sig, changes, s);
                    return step(next, closed, changes, ids, SignalOutcome.APPLIED);
                }
                if (closed != null && joinsClosed(closed, t, s)) {
                    return amendClosed(closed, sig, changes, ids, s);
                }
                Episode fresh = withSignal(newEpisode(sig), sig, changes, s);
                return step(fresh, closed, changes, ids, SignalOutcome.OPENED_EPISODE);
            }
            case RECOVERED -> {
                String check = StateBudget.checkIn(open != null ? open.checks()
                        : closed != null ? closed.checks() : Map.of(), checkOf(sig));
                if (open != null && open.checks().containsKey(check)) {
                    return step(withSignal(open, sig, changes, s), closed, changes, ids, SignalOutcome.APPLIED);
                }
                if (open == null && closed != null && closed.checks().containsKey(check)) {
                    return amendClosed(closed, sig, changes, ids, s);
                }
                return new Step(state(open, closed, changes, ids), List.of(), SignalOutcome.ORPHAN_RECOVERY);
            }
            case ACK -> {
                if (open != null) {
                    return step(withSignal(open, sig, changes, s), closed, changes, ids, SignalOutcome.APPLIED);
                }
                if (closed != null && !t.isBefore(closed.begin())
                        && !t.isAfter(closed.end().plus(s.amendHorizon()))) {
                    return amendClosed(closed, sig, changes, ids, s);
                }
                return new Step(state(open, closed, changes, ids), List.of(), SignalOutcome.ACK_WITHOUT_EPISODE);
            }
            case CHANGE -> {
                if (open != null && !t.isBefore(open.begin())) {
                    return step(withSignal(open, sig, changes, s), closed, changes, ids, SignalOutcome.APPLIED);
                }
                if (open != null) {
                    // A change before BEGIN is a trigger candidate, not a timeline line.
                    return step(withChanges(open, changes, s), closed, changes, ids, SignalOutcome.CHANGE_REMEMBERED);
                }
                return new Step(state(null, closed, changes, ids), List.of(), SignalOutcome.CHANGE_REMEMBERED);
            }
            default -> throw new IllegalArgumentException("stage 1 does not take " + sig.type());
        }
    }

    /** Whether a late signal at {@code t} belongs to an episode that already closed. */
    static boolean joinsClosed(Episode closed, Instant t, CorrelationSettings s) {
        Instant reach = closed.end().plus(closed.checks().isEmpty() ? s.gap() : s.quiet());
        return !t.isAfter(reach);
    }

    /** When an open episode could close at the earliest, or null while a check is failing. */
    public static Instant earliestClose(Episode e, CorrelationSettings s) {
        if (e.anyCheckFailing()) {
            return null;
        }
        Instant at = null;
        if (e.lastErrorAt() != null) {
            at = e.lastErrorAt().plus(s.gap());
        }
        Instant recovery = e.lastRecoveryAt();
        if (recovery != null) {
            at = CheckState.max(at, recovery.plus(s.quiet()));
        }
        return at;
    }

    private static Step amendClosed(Episode closed, Signal sig, List<TriggerCandidate> changes,
            RecentIds ids, CorrelationSettings s) {
        Episode amended = withSignal(closed, sig, changes, s);
        if (amended.anyCheckFailing()) {
            Episode reopened = reopen(amended);
            return new Step(state(reopened, null, changes, ids), List.of(reopened),
                    SignalOutcome.REOPENED_EPISODE);
        }
        Episode reclosed = close(amended, closed.verdict());
        return new Step(state(null, reclosed, changes, ids), List.of(reclosed),
                SignalOutcome.AMENDED_CLOSED_EPISODE);
    }

    /** A state without stray recoveries; {@link #apply} sets those. */
    private static EpisodeState state(Episode open, Episode closed, List<TriggerCandidate> changes, RecentIds ids) {
        return new EpisodeState(open, closed, changes, ids, List.of());
    }

    private static Step step(Episode open, Episode closed, List<TriggerCandidate> changes, RecentIds ids,
            SignalOutcome outcome) {
        return new Step(state(open, closed, changes, ids), List.of(open), outcome);
    }

    private static Episode newEpisode(Signal sig) {
        return new Episode(Ids.of("episode", sig.env(), sig.service(), sig.id()), sig.env(), sig.service(),
                sig.observedAt(), null, false, null, Map.of(), null, null, null, null, List.of(), 0, List.of(),
                ImpactEvidence.NONE);
    }

    static Episode close(Episode e, EpisodeVerdict verdict) {
        Instant recovery = e.lastRecoveryAt();
        boolean inferred = recovery == null;
        Instant end = inferred ? e.lastErrorAt() : CheckState.max(recovery, e.lastErrorAt());
        if (end == null) {
            end = e.begin();
        }
        return new Episode(e.id(), e.env(), e.service(), e.begin(), end, inferred, verdict, e.checks(),
                e.lastErrorAt(), e.detect(), e.detectedBy(), e.ack(), e.entries(), e.entriesOmitted(), e.changes(),
                e.impact());
    }

    private static Episode reopen(Episode e) {
        return new Episode(e.id(), e.env(), e.service(), e.begin(), null, false, null, e.checks(),
                e.lastErrorAt(), e.detect(), e.detectedBy(), e.ack(), e.entries(), e.entriesOmitted(), e.changes(),
                e.impact());
    }

    /**
     * The episode's impact evidence before a new impact signal, forgetting the errors so far when
     * they were isolated (DESIGN 5a: "one or two isolated errors" are no outage): only errors, fewer
     * than {@code errorBurst}, the last of them more than {@code gap} before this signal. An
     * errors-only episode would have ended by then; a warning that held this one open must not
     * make a lone error an hour ago the BEGIN of the outage that follows, nor count it into a burst.
     */
    static ImpactEvidence isolated(Episode e, Signal sig, boolean impact, CorrelationSettings s) {
        ImpactEvidence x = e.impact();
        boolean stale = impact && sig.type().isFailureEvidence() && x.any() && !x.reported() && !e.anyImpactCheck()
                && x.errors() < s.errorBurst() && x.lastErrorAt() != null
                && sig.observedAt().isAfter(x.lastErrorAt().plus(s.gap()));
        return stale ? ImpactEvidence.NONE.withWarningSeverity(x.warningSeverity()) : x;
    }

    /** The episode with one more signal folded in. */
    static Episode withSignal(Episode e, Signal sig, List<TriggerCandidate> changes, CorrelationSettings s) {
        Instant t = sig.observedAt();
        Instant begin = e.begin();
        Map<String, CheckState> checks = new LinkedHashMap<>(e.checks());
        Instant lastErrorAt = e.lastErrorAt();
        Instant detect = e.detect();
        DetectedBy detectedBy = e.detectedBy();
        Instant ack = e.ack();
        boolean impact = ImpactRules.isImpact(sig, s);
        ImpactEvidence evidence = e.impact() == null ? null : isolated(e, sig, impact, s).with(sig, impact);

        if (sig.type().isFailureEvidence()) {
            begin = CheckState.min(begin, t);
        }
        switch (sig.type()) {
            case FAILING -> checks.merge(StateBudget.checkIn(checks, checkOf(sig)), CheckState.failedAt(t, impact),
                    (old, x) -> old.withFailure(t, impact));
            case RECOVERED -> checks.computeIfPresent(StateBudget.checkIn(checks, checkOf(sig)),
                    (k, old) -> old.withRecovery(t));
            case ERROR, REPORT -> lastErrorAt = CheckState.max(lastErrorAt, t);
            case ACK -> ack = CheckState.min(ack, t);
            default -> { }
        }
        Instant toldAt = detectionTime(sig);
        if (toldAt != null && (detect == null || toldAt.isBefore(detect))) {
            detect = toldAt;
            detectedBy = new DetectedBy(sig.source(), sig.service(), sig.summary());
        }

        List<Entry> entries = new ArrayList<>(e.entries());
        int omitted = e.entriesOmitted();
        Boolean lineImpact = switch (sig.type()) {
            case FAILING, ERROR, REPORT -> impact;
            // A recovery is impact evidence's end when its check failed with impact.
            case RECOVERED -> {
                CheckState check = checks.get(StateBudget.checkIn(checks, checkOf(sig)));
                yield check == null ? null : check.isImpact();
            }
            default -> null;
        };
        int fold = foldTarget(entries, sig, lineImpact);
        if (fold >= 0) {
            Entry old = entries.get(fold);
            entries.set(fold, new Entry(CheckState.min(old.at(), t), null, old.type(), old.source(), old.service(),
                    old.check(), old.summary(), old.count() + 1, CheckState.max(old.lastAt(), t),
                    old.link() != null ? old.link() : sig.link(), old.impact()));
        } else {
            Entry line = new Entry(t, null, sig.type(), sig.source(), sig.service(), sig.check(), sig.summary(), 1,
                    t, sig.link(), lineImpact);
            if (entries.size() < s.maxEntries()
                    && StateBudget.chars(entries) + StateBudget.chars(line) <= StateBudget.EPISODE_ENTRY_CHARS) {
                entries.add(line);
            } else {
                omitted++;
            }
        }
        entries.sort(ENTRY_ORDER);
        Episode next = new Episode(e.id(), e.env(), e.service(), begin, e.end(), e.endInferred(), e.verdict(),
                checks, lastErrorAt, detect, detectedBy, ack, entries, omitted, e.changes(), evidence);
        return withChanges(next, changes, s);
    }

    /**
     * When a person was told by this signal: its receipt when it alerted someone, the report
     * itself for a REPORT. Only failure evidence detects: a recovery page tells of the end.
     */
    static Instant detectionTime(Signal sig) {
        if (sig.type() == SignalType.REPORT) {
            return sig.observedAt();
        }
        if (sig.alerting() && sig.type().isFailureEvidence()) {
            return sig.receivedAt();
        }
        return null;
    }

    private static final Comparator<TriggerCandidate> LATEST_FIRST = Comparator.comparing(TriggerCandidate::at)
            .reversed().thenComparing(c -> nz(c.summary()));

    private static Episode withChanges(Episode e, List<TriggerCandidate> changes, CorrelationSettings s) {
        Instant from = e.begin().minus(s.lookback());
        // Runs for every signal: a plain loop, and no sort for the usual zero or one change.
        List<TriggerCandidate> before = new ArrayList<>();
        for (TriggerCandidate c : changes) {
            if (!c.at().isBefore(from) && !c.at().isAfter(e.begin())) {
                before.add(c);
            }
        }
        if (before.size() > 1) {
            before.sort(LATEST_FIRST);
        }
        if (before.equals(e.changes())) {
            return e;
        }
        return new Episode(e.id(), e.env(), e.service(), e.begin(), e.end(), e.endInferred(), e.verdict(),
                e.checks(), e.lastErrorAt(), e.detect(), e.detectedBy(), e.ack(), e.entries(), e.entriesOmitted(),
                before, e.impact());
    }

    private static List<TriggerCandidate> remember(List<TriggerCandidate> changes, Signal sig, Instant now,
            CorrelationSettings s) {
        Instant forgetBefore = now.minus(s.lookback()).minus(s.amendHorizon());
        List<TriggerCandidate> kept = new ArrayList<>();
        for (TriggerCandidate c : changes) {
            if (!c.at().isBefore(forgetBefore)) {
                kept.add(c);
            }
        }
        kept.add(new TriggerCandidate(sig.observedAt(), sig.service(), sig.summary()));
        kept.sort(Comparator.comparing(TriggerCandidate::at).thenComparing(c -> nz(c.summary())));
        if (kept.size() > RECENT_CHANGES) {
            kept.subList(0, kept.size() - RECENT_CHANGES).clear();
        }
        return kept;
    }

    /** The line a signal folds into: same type, source, check and summary, and the same impact (a warning
     * that turns critical is a new line, where the outage begins). */
    private static int foldTarget(List<Entry> entries, Signal sig, Boolean impact) {
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (e.type() == sig.type() && Objects.equals(e.source(), sig.source())
                    && Objects.equals(e.check(), sig.check()) && Objects.equals(e.summary(), sig.summary())
                    && Objects.equals(e.impact(), impact)) {
                return i;
            }
        }
        return -1;
    }

    /** The check a FAILING/RECOVERED pairs on; a source without one pairs on source and service. */
    static String checkOf(Signal sig) {
        return sig.check() == null || sig.check().isBlank() ? sig.source() + ":" + sig.service() : sig.check();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
