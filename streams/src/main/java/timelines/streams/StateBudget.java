package timelines.streams;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Record;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.streams.episodes.CheckState;
import timelines.streams.episodes.Episode;

/**
 * How big the state of one key may grow. A store value is one Kafka record on its changelog, and
 * a record over the limit fails the commit and, before this, killed the stream thread for good
 * (one service with a few signals carrying 100 KB links was enough). Every list that grows with
 * input is capped where it grows; these are the caps that need a size estimate rather than a
 * count. Estimates are in characters of text kept, a little above the JSON they become; the
 * changelog topics accept {@link #CHANGELOG_MAX_BYTES}, several times the budgets, for the
 * characters that take more than one byte.
 */
public final class StateBudget {
    /** Characters of timeline entries one episode keeps; later entries are counted as omitted. */
    public static final int EPISODE_ENTRY_CHARS = 64_000;
    /** Characters of episodes one incident keeps; past it, the largest episodes' latest entries are dropped. */
    public static final int INCIDENT_CHARS = 600_000;
    /** Characters of timeline entries one revision on {@code incidents.v1} carries; the rest are counted as omitted. */
    public static final int REVISION_ENTRY_CHARS = 300_000;
    /** Episodes one incident takes; a further episode starts an incident of its own. */
    public static final int INCIDENT_EPISODES = 500;
    /** Distinct stateful checks one episode follows; more fold into {@link #OTHER_CHECKS}. */
    public static final int EPISODE_CHECKS = 100;
    /** The check that stands for every check past {@link #EPISODE_CHECKS}. */
    public static final String OTHER_CHECKS = "(other checks)";
    /** Records one env keeps; past it, those whose latest time (opened or window end) is earliest go. */
    public static final int ENV_RECORDS = 1_000;
    /** Kept entries of an episode the incident budget trims. */
    static final int MIN_ENTRIES = 5;
    /** {@code max.message.bytes} of the state stores' changelogs, and the streams producer's request limit. */
    public static final int CHANGELOG_MAX_BYTES = 8 * 1024 * 1024;

    private StateBudget() {}

    public static int chars(Entry e) {
        return 120 + len(e.source()) + len(e.service()) + len(e.check()) + len(e.summary()) + len(e.link());
    }

    public static int chars(List<Entry> entries) {
        int n = 0;
        for (Entry e : entries) {
            n += chars(e);
        }
        return n;
    }

    public static int chars(Episode e) {
        int n = 600 + len(e.id()) + len(e.env()) + len(e.service()) + chars(e.entries());
        for (Map.Entry<String, CheckState> c : e.checks().entrySet()) {
            n += 120 + len(c.getKey());
        }
        for (TriggerCandidate c : e.changes()) {
            n += 80 + len(c.service()) + len(c.summary());
        }
        if (e.detectedBy() != null) {
            n += 60 + len(e.detectedBy().source()) + len(e.detectedBy().service()) + len(e.detectedBy().summary());
        }
        return n;
    }

    /** The key a check is followed under in an episode that already follows {@code checks}. */
    public static String checkIn(Map<String, ?> checks, String check) {
        return checks.containsKey(check) || checks.size() < EPISODE_CHECKS ? check : OTHER_CHECKS;
    }

    /**
     * The episodes of one incident within {@link #INCIDENT_CHARS}: while over, the episode with the
     * most entries keeps the earliest half of them, the rest counted as omitted. Markers, times and
     * checks are untouched; only timeline lines past the budget go, as past {@code maxEntries}.
     */
    public static List<Episode> fitIncident(List<Episode> episodes) {
        int total = 0;
        for (Episode e : episodes) {
            total += chars(e);
        }
        if (total <= INCIDENT_CHARS) {
            return episodes;
        }
        List<Episode> fitted = new ArrayList<>(episodes);
        while (total > INCIDENT_CHARS) {
            int largest = -1;
            for (int i = 0; i < fitted.size(); i++) {
                if (fitted.get(i).entries().size() > MIN_ENTRIES
                        && (largest < 0 || fitted.get(i).entries().size() > fitted.get(largest).entries().size())) {
                    largest = i;
                }
            }
            if (largest < 0) {
                break;
            }
            Episode e = fitted.get(largest);
            // Entries are kept in time order: the earliest half stays.
            int keep = Math.max(MIN_ENTRIES, e.entries().size() / 2);
            Episode trimmed = e.withEntries(e.entries().subList(0, keep),
                    e.entriesOmitted() + e.entries().size() - keep);
            total += chars(trimmed) - chars(e);
            fitted.set(largest, trimmed);
        }
        return fitted;
    }

    /**
     * An env's records within {@link #ENV_RECORDS}. A flood of records (a tracker sync, a script
     * posting the same incident under new ids) would otherwise grow one env's context without end;
     * the ones dropped are those least likely to mark an incident still open.
     */
    public static List<Record> capRecords(List<Record> records) {
        if (records.size() <= ENV_RECORDS) {
            return records;
        }
        List<Record> byLatest = new ArrayList<>(records);
        byLatest.sort(Comparator.comparing(StateBudget::latest).reversed().thenComparing(Record::id));
        return new ArrayList<>(byLatest.subList(0, ENV_RECORDS));
    }

    private static Instant latest(Record r) {
        Instant t = r.openedAt() == null ? Instant.EPOCH : r.openedAt();
        return r.end() != null && r.end().isAfter(t) ? r.end() : t;
    }

    private static int len(String s) {
        return s == null ? 4 : s.length() + 4;
    }
}
