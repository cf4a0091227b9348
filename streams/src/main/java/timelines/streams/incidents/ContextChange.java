package timelines.streams.incidents;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.streams.episodes.MonitoringSilence;
import timelines.streams.episodes.WarningStart;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.streams.episodes.Episode;

/**
 * What one record or change did to an env's context: the records and changes that came or went
 * (a record replaced by a new version, or records and changes forgotten past the horizon).
 *
 * <p>{@link #mayChange} tells, without building anything, whether an incident can read
 * differently because of it. It is a superset of what {@link IncidentBuilder} reads from the
 * context: changes and warnings only through their service (the incident's services, or what they depend on)
 * and time; INCIDENT records through their open time within {@link IncidentBuilder#RECORD_REACH}
 * of the incident; MAINTENANCE records and monitoring silences through their window. Only incidents it says yes for are
 * built twice (before and after) to compare: with thousands of incidents kept, building every
 * one of them twice for each record was a third of the stream thread at scale.
 */
record ContextChange(EnvContext before, Set<TriggerCandidate> changes, Set<Record> records,
        Set<WarningStart> warnings, Set<MonitoringSilence> silences) {

    static ContextChange between(EnvContext before, EnvContext after) {
        return new ContextChange(before, differing(before.changes(), after.changes()),
                differing(before.records(), after.records()), differing(before.warnings(), after.warnings()),
                differing(before.silences(), after.silences()));
    }

    private static <T> Set<T> differing(List<T> a, List<T> b) {
        Set<T> inA = new HashSet<>(a);
        Set<T> inB = new HashSet<>(b);
        Set<T> out = new HashSet<>();
        for (T x : a) {
            if (!inB.contains(x)) {
                out.add(x);
            }
        }
        for (T x : b) {
            if (!inA.contains(x)) {
                out.add(x);
            }
        }
        return out;
    }

    boolean mayChange(List<Episode> episodes, ServiceGraph graph) {
        if (changes.isEmpty() && records.isEmpty() && warnings.isEmpty() && silences.isEmpty()) {
            return false;
        }
        EnvIncidents.Span span = EnvIncidents.Span.of(episodes);
        for (MonitoringSilence m : silences) {
            if (overlaps(span, m.from(), m.to())) {
                return true;
            }
        }
        for (Record r : records) {
            if (r.type() == RecordType.INCIDENT && r.openedAt() != null
                    && overlaps(span, r.openedAt().minus(IncidentBuilder.RECORD_REACH),
                            r.openedAt().plus(IncidentBuilder.RECORD_REACH))) {
                return true;
            }
            Instant start = r.start() != null ? r.start() : r.openedAt();
            if (r.type() == RecordType.MAINTENANCE && start != null && overlaps(span, start, r.end())) {
                return true;
            }
        }
        if (!changes.isEmpty() || !warnings.isEmpty()) {
            Set<String> related = new TreeSet<>();
            for (Episode e : episodes) {
                related.add(e.service());
                related.addAll(graph.dependenciesOf(e.service()));
            }
            for (TriggerCandidate c : changes) {
                if (related.contains(c.service())) {
                    return true;
                }
            }
            for (WarningStart w : warnings) {
                if (related.contains(w.service())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the incident's span meets {@code [from, to]} ({@code to} null: open-ended). */
    private static boolean overlaps(EnvIncidents.Span span, Instant from, Instant to) {
        boolean startsBeforeEnd = to == null || !span.begin().isAfter(to);
        boolean endsAfterStart = span.open() || !span.end().isBefore(from);
        return startsBeforeEnd && endsAfterStart;
    }
}
