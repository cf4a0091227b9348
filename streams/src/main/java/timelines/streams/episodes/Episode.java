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
        List<TriggerCandidate> changes) {

    public Episode {
        checks = checks == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(checks));
        entries = entries == null ? List.of() : List.copyOf(entries);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** The same episode keeping only {@code kept} of its timeline lines, the others counted in {@code omitted}. */
    public Episode withEntries(List<Entry> kept, int omitted) {
        return new Episode(id, env, service, begin, end, endInferred, verdict, checks, lastErrorAt, detect, detectedBy,
                ack, kept, omitted, changes);
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
