package timelines.streams.episodes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;

/**
 * Stage 1's unit: one stretch of failure of one {@code env|service} (DESIGN section 5). Stored in
 * {@code episodes-v1} and forwarded to stage 2 on every change.
 *
 * @param begin earliest failure evidence (FAILING, ERROR, REPORT observedAt)
 * @param end set once closed: the latest recovery, or the last error when nothing recovered
 * @param verdict why it closed; null while open
 * @param checks stateful checks by check id
 * @param lastErrorAt the latest ERROR or REPORT occurrence
 * @param detect when a person was first told
 * @param changes changes to this service in the lookback before BEGIN, nearest first
 * @param impact its impact evidence (DESIGN 5a); null in state written before outages were told
 *     from warnings, when every failure counted ({@link #impactView})
 */
public record Episode(
        String id,
        String env,
        String service,
        Instant begin,
        Instant end,
        boolean endInferred,
        EpisodeVerdict verdict,
        Map<String, CheckState> checks,
        Instant lastErrorAt,
        Instant detect,
        DetectedBy detectedBy,
        Instant ack,
        List<Entry> entries,
        int entriesOmitted,
        List<TriggerCandidate> changes,
        ImpactEvidence impact) {

    public Episode {
        checks = checks == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(checks));
        entries = entries == null ? List.of() : List.copyOf(entries);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** An episode of state written before DESIGN 5a: every failure was impact. */
    public Episode(String id, String env, String service, Instant begin, Instant end, boolean endInferred,
            EpisodeVerdict verdict, Map<String, CheckState> checks, Instant lastErrorAt, Instant detect,
            DetectedBy detectedBy, Instant ack, List<Entry> entries, int entriesOmitted, List<TriggerCandidate> changes) {
        this(id, env, service, begin, end, endInferred, verdict, checks, lastErrorAt, detect, detectedBy, ack, entries,
                entriesOmitted, changes, null);
    }

    /**
     * Its impact evidence; for an episode of state written before DESIGN 5a, the episode's own
     * markers, with as many errors as it takes to be an outage, as every incident was then.
     */
    public ImpactEvidence impactView() {
        if (impact != null) {
            return impact;
        }
        return new ImpactEvidence(begin, detect, detectedBy, lastErrorAt,
                lastErrorAt == null ? 0 : Integer.MAX_VALUE, false, null, null);
    }

    /** Whether any check of it failed with impact. */
    public boolean anyImpactCheck() {
        return checks.values().stream().anyMatch(CheckState::isImpact);
    }

    /** The end of its impact: the last recovery of an impact check or the last impact error, whichever is later. */
    public Instant impactEnd() {
        Instant latest = impactView().lastErrorAt();
        for (CheckState check : checks.values()) {
            if (check.isImpact()) {
                latest = CheckState.max(latest, check.lastRecoveredAt());
            }
        }
        return latest;
    }

    /** The same episode keeping only {@code kept} of its timeline lines, the others counted in {@code omitted}. */
    public Episode withEntries(List<Entry> kept, int omitted) {
        return new Episode(id, env, service, begin, end, endInferred, verdict, checks, lastErrorAt, detect, detectedBy,
                ack, kept, omitted, changes, impact);
    }

    public boolean open() {
        return verdict == null;
    }

    public boolean anyCheckFailing() {
        return checks.values().stream().anyMatch(CheckState::failing);
    }

    /** The latest recovery of any check, or null when none recovered. */
    public Instant lastRecoveryAt() {
        Instant latest = null;
        for (CheckState check : checks.values()) {
            latest = CheckState.max(latest, check.lastRecoveredAt());
        }
        return latest;
    }
}
