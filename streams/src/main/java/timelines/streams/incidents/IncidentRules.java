package timelines.streams.incidents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Ids;
import timelines.contracts.Incident;
import timelines.streams.CorrelationSettings;
import timelines.streams.StateBudget;
import timelines.streams.episodes.CheckState;
import timelines.streams.episodes.Episode;

/**
 * Stages 2 and 3 of DESIGN section 5 as pure functions, as {@code EpisodeRules} is for stage 1:
 * where an episode goes (a new incident, the one that holds it, or several merged into one), and
 * how an incident is judged on an input (its unrecorded-outage alert raised or cleared, its
 * revision counted). {@link IncidentAssembler} reads the stores, calls these, and writes, sends
 * and counts what they decide. No Kafka here.
 */
public final class IncidentRules {
    private IncidentRules() {}

    /** What moved an incident: its episodes, its env's context (records, changes, warnings, silences), or only stream time. */
    public enum Input {
        EPISODE,
        CONTEXT,
        DUE_CHECK
    }

    /**
     * Where an episode goes.
     *
     * @param incident the incident that holds it now: new, or the survivor of the merge
     * @param absorbed the incidents merged into it, whose drafts go away
     * @param refusedFull incidents it touched but could not join, being full ({@link StateBudget#INCIDENT_EPISODES})
     */
    public record Attachment(IncidentState incident, List<IncidentState> absorbed, int refusedFull) {}

    /**
     * The incident an episode belongs in: the one that already holds it, merged with every
     * incident of connected services it overlaps (or comes within {@code gap} of); a new one when
     * there is none. The survivor of a merge is the incident that began first (then the lower id),
     * so the same input gives the same ids whatever the arrival order.
     */
    public static Attachment attach(EnvIncidents env, Episode episode, ServiceGraph graph, CorrelationSettings s) {
        String holder = env.holderOf(episode.id());
        List<String> joined = new ArrayList<>();
        int refused = 0;
        for (String id : env.inReach(episode, s.gap())) {
            if (!id.equals(holder) && env.get(id).episodes().size() >= StateBudget.INCIDENT_EPISODES) {
                // Full: its state would outgrow a changelog record. The episode starts an incident of its own.
                refused++;
                continue;
            }
            if (id.equals(holder) || IncidentJoin.joins(env.get(id).episodes(), episode, graph, s.gap())) {
                joined.add(id);
            }
        }
        if (holder != null && !joined.contains(holder)) {
            joined.add(holder);
        }
        joined = env.inOrder(joined);
        if (joined.isEmpty()) {
            return new Attachment(new IncidentState(Ids.of("incident", episode.env(), episode.id()), List.of(episode),
                    0, null, null, false, false, List.of()), List.of(), refused);
        }
        IncidentState survivor = null;
        for (String id : joined) {
            IncidentState candidate = env.get(id);
            if (survivor == null || IncidentJoin.earliestBegin(candidate).isBefore(IncidentJoin.earliestBegin(survivor))
                    || (IncidentJoin.earliestBegin(candidate).equals(IncidentJoin.earliestBegin(survivor))
                            && candidate.id().compareTo(survivor.id()) < 0)) {
                survivor = candidate;
            }
        }
        List<Episode> episodes = new ArrayList<>();
        List<IncidentState> absorbed = new ArrayList<>();
        IncidentState merged = survivor;
        for (String id : joined) {
            IncidentState inc = env.get(id);
            for (Episode ep : inc.episodes()) {
                if (!ep.id().equals(episode.id())) {
                    episodes.add(ep);
                }
            }
            if (inc != survivor) {
                absorbed.add(inc);
                merged = mergeAlertState(merged, inc);
            }
        }
        episodes.add(episode);
        episodes.sort(Comparator.comparing(Episode::begin).thenComparing(Episode::id));
        return new Attachment(merged.withEpisodes(StateBudget.fitIncident(episodes)), absorbed, refused);
    }

    /** The survivor carries the earliest alert on, and is judged when either was. */
    static IncidentState mergeAlertState(IncidentState into, IncidentState from) {
        Instant raised = CheckState.min(into.unrecordedAlertAt(), from.unrecordedAlertAt());
        Instant cleared = into.unrecordedAlertAt() != null ? into.alertClearedAt() : from.alertClearedAt();
        return new IncidentState(into.id(), into.episodes(), into.revision(), raised, cleared,
                into.unrecordedChecked() || from.unrecordedChecked(),
                into.unrecordedDeferred() && from.unrecordedDeferred(), into.measured(), into.catalogVersion());
    }

    /**
     * The CLEARED for an absorbed incident whose alert is still raised (it would otherwise fire for
     * ever; the survivor carries the outage on), at {@code now} or its raise, whichever is later;
     * null when it has nothing to clear.
     */
    public static Alert clearedByMerge(IncidentState absorbed, IncidentState survivor, Instant now) {
        if (absorbed.unrecordedAlertAt() == null || absorbed.alertClearedAt() != null) {
            return null;
        }
        Instant at = absorbed.unrecordedAlertAt().isAfter(now) ? absorbed.unrecordedAlertAt() : now;
        return new Alert(AlertType.CLEARED, absorbed.id(), envOf(absorbed),
                absorbed.episodes().stream().map(Episode::service).distinct().sorted().toList(), at,
                IncidentJoin.earliestBegin(absorbed), "merged into incident " + survivor.id());
    }

    /**
     * How one incident was judged on an input.
     *
     * @param next its state after it ({@code measured} as before: the shell records metrics)
     * @param header its header as judged, with the alert it raised
     * @param alert the alert to send (RAISED or CLEARED), or null
     * @param revised whether its revision counted: the incident reads differently
     */
    public record Judgement(IncidentState next, Incident header, UnrecordedVerdict verdict, Alert alert,
            boolean revised) {}

    /**
     * Judges an incident at stream time {@code now} on its header (the incident without its
     * timeline, built by {@code header} for a given alert time): stage 3's verdict, the alert it
     * sends, and whether the input counts a revision. The count depends only on the inputs and
     * their order: an episode input always counts (its episodes changed); a context input counts
     * when the incident reads differently with the new context ({@code contextChanged}, asked only
     * then); a due check counts when it raised the alert (the timeline gains a line).
     */
    public static Judgement judge(IncidentState inc, Function<Instant, Incident> header, Input input,
            BooleanSupplier contextChanged, Instant now, CorrelationSettings s) {
        Incident judged = header.apply(inc.unrecordedAlertAt());
        Instant raisedAt = inc.unrecordedAlertAt();
        Instant clearedAt = inc.alertClearedAt();
        boolean deferred = inc.unrecordedDeferred();
        UnrecordedVerdict verdict = UnrecordedCheck.decide(judged, raisedAt, clearedAt, inc.unrecordedChecked(),
                lastFailingAt(inc.episodes(), now), now, s);
        Alert alert = null;
        if (verdict == UnrecordedVerdict.RAISE) {
            // Judged at its due time, unless it was deferred: then it fired on the change that made it an outage
            // long enough.
            raisedAt = deferred ? now : UnrecordedCheck.dueAt(judged, s);
            judged = header.apply(raisedAt);
            alert = new Alert(AlertType.RAISED, judged.id(), judged.env(), judged.services(), raisedAt, judged.begin(),
                    "no incident recorded within " + s.recordGrace().toMinutes() + " min of BEGIN");
        } else if (verdict == UnrecordedVerdict.CLEAR) {
            clearedAt = judged.recorded().isAfter(raisedAt) ? judged.recorded() : raisedAt;
            alert = new Alert(AlertType.CLEARED, judged.id(), judged.env(), judged.services(), clearedAt,
                    judged.begin(), "incident recorded at " + judged.recorded());
        }
        boolean revised = !Objects.equals(raisedAt, inc.unrecordedAlertAt()) || switch (input) {
            case EPISODE -> true;
            case CONTEXT -> contextChanged.getAsBoolean();
            case DUE_CHECK -> false;
        };
        IncidentState next = new IncidentState(inc.id(), inc.episodes(), inc.revision() + (revised ? 1 : 0), raisedAt,
                clearedAt, inc.unrecordedChecked() || verdict.settles(), deferred || verdict.defers(), inc.measured(),
                inc.catalogVersion());
        return new Judgement(next, judged, verdict, alert, revised);
    }

    /**
     * When an incident is judged next for being unrecorded, or null: never again once judged for
     * good or raised, and only at a time after {@code now} (null in a restore, when any time will
     * do), so the loop that polls due checks always moves on. A deferred incident is judged on its
     * changes instead, unless its BEGIN moved its due time past now.
     */
    public static Instant nextCheck(IncidentState inc, Incident header, Instant now, CorrelationSettings s) {
        if (inc.unrecordedChecked() || inc.unrecordedAlertAt() != null) {
            return null;
        }
        Instant at = UnrecordedCheck.dueAt(header, s);
        boolean judgeAtIt = now == null ? !inc.unrecordedDeferred() : at.isAfter(now);
        return judgeAtIt ? at : null;
    }

    /**
     * How long the incident's failure has lasted, for {@code minDuration}: now while an impact check
     * is failing, else the latest impact error or recovery (DESIGN 5a); for an incident with no
     * impact evidence (a warning incident, or one people declared), the same over every signal.
     */
    static Instant lastFailingAt(List<Episode> episodes, Instant now) {
        Instant last = null;
        for (Episode e : episodes) {
            if (e.open() && e.checks().values().stream().anyMatch(c -> c.isImpact() && c.failing())) {
                return now;
            }
            if (e.impactView().any()) {
                last = CheckState.max(CheckState.max(CheckState.max(last, e.impactView().begin()), e.impactView().lastErrorAt()), e.impactEnd());
            }
        }
        if (last != null) {
            return last;
        }
        for (Episode e : episodes) {
            if (e.open() && e.anyCheckFailing()) {
                return now;
            }
            for (Instant t : new Instant[] {e.lastErrorAt(), e.lastRecoveryAt(), e.end(), e.begin()}) {
                last = CheckState.max(last, t);
            }
        }
        return last;
    }

    private static String envOf(IncidentState inc) {
        return inc.episodes().isEmpty() ? "" : inc.episodes().get(0).env();
    }
}
