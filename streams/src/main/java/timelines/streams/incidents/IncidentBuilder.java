package timelines.streams.incidents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import timelines.contracts.Incident;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.IncidentStatus;
import timelines.contracts.Marker;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.SignalType;
import timelines.streams.CorrelationSettings;
import timelines.streams.StateBudget;
import timelines.streams.episodes.Episode;
import timelines.streams.episodes.MonitoringSilence;
import timelines.streams.episodes.WarningStart;
import timelines.contracts.Incident.EarlyWarning;

/**
 * Derives an incident's markers, durations and timeline from its episodes and the env's records
 * (DESIGN section 5). A pure function of its inputs, so the same input always gives the same
 * incident, whatever order it arrived in.
 */
public final class IncidentBuilder {
    /** How far around an incident a declared INCIDENT record still counts as recording it. */
    static final Duration RECORD_REACH = Duration.ofHours(1);
    static final int TITLE_SUMMARY = 80;
    private static final java.time.format.DateTimeFormatter MINUTE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC);

    private static final Comparator<Entry> TIMELINE_ORDER = Comparator.comparing(Entry::at)
            .thenComparing(e -> e.marker() == null ? Integer.MAX_VALUE : e.marker().ordinal())
            .thenComparing(e -> e.type() == null ? "" : e.type().name())
            .thenComparing(e -> nz(e.service()))
            .thenComparing(e -> nz(e.source()))
            .thenComparing(e -> nz(e.check()))
            .thenComparing(e -> nz(e.summary()));

    private IncidentBuilder() {}

    /** Builds revision 0 of the incident; the assembler numbers revisions. */
    public static Incident build(String id, List<Episode> episodes, List<Record> records, Instant unrecordedAlertAt,
            CorrelationSettings s) {
        return build(id, episodes, records, List.of(), ServiceGraph.NONE, unrecordedAlertAt, s);
    }

    /**
     * @param envChanges recent changes of the env's services; those of a service the incident's
     *     services depend on are trigger candidates too
     */
    public static Incident build(String id, List<Episode> episodes, List<Record> records,
            List<TriggerCandidate> envChanges, ServiceGraph graph, Instant unrecordedAlertAt, CorrelationSettings s) {
        return build(id, episodes, records, envChanges, List.of(), List.of(), graph, unrecordedAlertAt, s, true);
    }

    /**
     * @param envWarnings recent warnings of the env's services: those of the incident's services,
     *     and of what they depend on, begun in the lookback before an outage's BEGIN are its early warnings
     */
    public static Incident build(String id, List<Episode> episodes, EnvContext context, ServiceGraph graph,
            Instant unrecordedAlertAt, CorrelationSettings s) {
        return build(id, episodes, context.records(), context.changes(), context.warnings(), context.silences(), graph,
                unrecordedAlertAt, s, true);
    }

    /**
     * The incident without its timeline ({@code timeline} false): no entries, title or trigger
     * candidates, everything else as the full build has it (markers' times, status, durations,
     * services, planned). What stage 2 decides on for every input; the full build, which costs
     * most, is only needed for the revision sent at the commit.
     */
    public static Incident header(String id, List<Episode> episodes, List<Record> records, Instant unrecordedAlertAt,
            CorrelationSettings s) {
        return build(id, episodes, records, List.of(), List.of(), List.of(), ServiceGraph.NONE, unrecordedAlertAt, s,
                false);
    }

    private static Incident build(String id, List<Episode> episodes, List<Record> records,
            List<TriggerCandidate> envChanges, List<WarningStart> envWarnings, List<MonitoringSilence> silences,
            ServiceGraph graph, Instant unrecordedAlertAt, CorrelationSettings s, boolean timeline) {
        if (episodes.isEmpty()) {
            throw new IllegalArgumentException("an incident has at least one episode");
        }
        String env = episodes.get(0).env();
        Set<String> services = new TreeSet<>();
        Instant begin = null;
        Instant detect = null;
        DetectedBy detectedBy = null;
        Instant ack = null;
        Instant end = null;
        boolean endInferred = false;
        boolean open = false;
        for (Episode e : episodes) {
            services.add(e.service());
            begin = min(begin, e.begin());
            if (e.detect() != null && (detect == null || e.detect().isBefore(detect))) {
                detect = e.detect();
                detectedBy = e.detectedBy();
            }
            ack = min(ack, e.ack());
            if (e.open()) {
                open = true;
            } else if (end == null || e.end().isAfter(end)) {
                end = e.end();
                endInferred = e.endInferred();
            }
        }
        if (open) {
            end = null;
            endInferred = false;
        }
        Outage outage = Outage.of(env, services, episodes, records, s);
        if (outage.isOutage() && outage.evidence().any()) {
            // DESIGN 5a: an outage's markers are taken over its impact evidence only.
            begin = outage.evidence().begin();
            detect = outage.evidence().detect();
            detectedBy = outage.evidence().detectedBy();
            if (!open && outage.end() != null) {
                end = outage.end();
                endInferred = outage.endInferred();
            }
            if (ack != null && ack.isBefore(begin)) {
                // That acknowledged an earlier page (a warning's), not this outage.
                ack = firstAckFrom(episodes, begin);
            }
        }
        if (detect != null && detect.isBefore(begin)) {
            // A person can be told no earlier than the failure began; an early receipt is clock skew.
            detect = begin;
        }
        Record recordedBy = recordedBy(env, services, begin, end, records);
        Instant recorded = recordedBy == null ? null : recordedBy.openedAt();
        boolean planned = episodes.stream().allMatch(e -> isPlanned(e, records));

        IncidentStatus status = open ? IncidentStatus.OPEN
                : endInferred ? IncidentStatus.ENDED_WITHOUT_RECOVERY : IncidentStatus.RESOLVED;
        if (!timeline) {
            return new Incident(id, 0, env, null, status, planned, outage.isOutage(), outage.severity(),
                    List.copyOf(services), begin, detect, ack, recorded, end, endInferred, seconds(begin, detect),
                    seconds(detect, ack), seconds(begin, recorded), seconds(begin, end), detectedBy, unrecordedAlertAt,
                    List.of(), List.of(), List.of(), 0);
        }

        List<Entry> entries = new ArrayList<>();
        int omitted = 0;
        for (Episode e : episodes) {
            entries.addAll(e.entries());
            omitted += e.entriesOmitted();
        }
        addChangesDuring(entries, services, envChanges, begin, end);
        addSilences(entries, silences, begin, end);
        if (unrecordedAlertAt != null) {
            entries.add(new Entry(unrecordedAlertAt, null, null, "timelines", null, null,
                    "Unrecorded-outage alert raised: no incident recorded " + Duration.between(begin, unrecordedAlertAt)
                            .toMinutes() + " min after the outage began", 1, unrecordedAlertAt, null));
        }
        entries = markTimeline(entries, begin, detect, detectedBy, ack, recordedBy, end, endInferred,
                outage.isOutage());
        if (entries.size() > s.maxEntries()) {
            List<Entry> kept = new ArrayList<>();
            int plain = 0;
            int plainAllowed = s.maxEntries() - (int) entries.stream().filter(x -> x.marker() != null).count();
            for (Entry x : entries) {
                if (x.marker() != null || plain++ < plainAllowed) {
                    kept.add(x);
                } else {
                    omitted++;
                }
            }
            entries = kept;
        }
        if (StateBudget.chars(entries) > StateBudget.REVISION_ENTRY_CHARS) {
            // Each revision is one record on incidents.v1, whose limit is the broker's default (1 MiB).
            List<Entry> kept = new ArrayList<>();
            int chars = 0;
            for (Entry x : entries) {
                chars += StateBudget.chars(x);
                if (x.marker() != null || chars <= StateBudget.REVISION_ENTRY_CHARS) {
                    kept.add(x);
                } else {
                    omitted++;
                }
            }
            entries = kept;
        }

        return new Incident(
                id, 0, env, title(env, services, entries, begin), status, planned, outage.isOutage(), outage.severity(),
                List.copyOf(services), begin, detect, ack, recorded, end, endInferred,
                seconds(begin, detect), seconds(detect, ack), seconds(begin, recorded), seconds(begin, end),
                detectedBy, unrecordedAlertAt, triggerCandidates(episodes, services, envChanges, graph, begin, s),
                outage.isOutage() ? earlyWarnings(services, envWarnings, graph, begin, s) : List.of(), entries,
                omitted);
    }

    /**
     * Changes to the incident's own services during it belong in its timeline, even those that
     * stage 1 saw before BEGIN moved earlier past them.
     */
    static void addChangesDuring(List<Entry> entries, Set<String> services, List<TriggerCandidate> envChanges,
            Instant begin, Instant end) {
        for (TriggerCandidate c : envChanges) {
            if (!services.contains(c.service()) || !c.at().isAfter(begin) || (end != null && c.at().isAfter(end))) {
                continue;
            }
            boolean listed = entries.stream().anyMatch(e -> e.type() == SignalType.CHANGE && e.at().equals(c.at())
                    && c.service().equals(e.service()) && java.util.Objects.equals(c.summary(), e.summary()));
            if (!listed) {
                entries.add(new Entry(c.at(), null, SignalType.CHANGE, null, c.service(), null, c.summary(), 1, c.at(),
                        null));
            }
        }
    }

    /**
     * Every time the monitoring was silent while the incident went on: what the timeline cannot
     * show (seed 001: monitoring paused during an upgrade, the outage after it found by a user).
     */
    static void addSilences(List<Entry> entries, List<MonitoringSilence> silences, Instant begin, Instant end) {
        for (MonitoringSilence m : silences) {
            boolean overlaps = (m.to() == null || !m.to().isBefore(begin)) && (end == null || !m.from().isAfter(end));
            if (overlaps) {
                entries.add(new Entry(m.from(), null, null, "timelines", null, m.name(),
                        "Monitoring silent from " + MINUTE.format(m.from()) + " to "
                                + (m.to() == null ? "now" : MINUTE.format(m.to())) + ": heartbeat " + m.name() + " from "
                                + m.source() + " stopped arriving",
                        1, m.to() == null ? m.from() : m.to(), null));
            }
        }
    }

    /** The first INCIDENT record of the env that names one of the services (or none) in reach. */
    static Record recordedBy(String env, Set<String> services, Instant begin, Instant end, List<Record> records) {
        Instant from = begin.minus(RECORD_REACH);
        Instant to = end == null ? null : end.plus(RECORD_REACH);
        Record first = null;
        for (Record r : records) {
            if (r.type() != RecordType.INCIDENT || !env.equals(r.env()) || r.openedAt() == null) {
                continue;
            }
            if (r.openedAt().isBefore(from) || (to != null && r.openedAt().isAfter(to))) {
                continue;
            }
            if (!r.services().isEmpty() && java.util.Collections.disjoint(r.services(), services)) {
                continue;
            }
            if (first == null || r.openedAt().isBefore(first.openedAt())
                    || (r.openedAt().equals(first.openedAt()) && r.id().compareTo(first.id()) < 0)) {
                first = r;
            }
        }
        return first;
    }

    /** An episode is planned when it began inside a MAINTENANCE window covering its service. */
    static boolean isPlanned(Episode e, List<Record> records) {
        for (Record r : records) {
            if (r.type() != RecordType.MAINTENANCE || !e.env().equals(r.env()) || !r.covers(e.service())) {
                continue;
            }
            Instant start = r.start() != null ? r.start() : r.openedAt();
            if (start != null && !e.begin().isBefore(start) && (r.end() == null || !e.begin().isAfter(r.end()))) {
                return true;
            }
        }
        return false;
    }

    private static List<Entry> markTimeline(List<Entry> entries, Instant begin, Instant detect, DetectedBy detectedBy,
            Instant ack, Record recordedBy, Instant end, boolean endInferred, boolean outage) {
        List<Entry> out = new ArrayList<>(entries.size() + 3);
        entries.sort(TIMELINE_ORDER);
        boolean beginMarked = false;
        boolean detectMarked = false;
        boolean ackMarked = false;
        boolean endMarked = false;
        for (Entry e : entries) {
            Marker m = null;
            // An outage's BEGIN and END are its impact's: a warning line at the same second stays context (DESIGN 5a).
            boolean evidence = !outage || e.mayBeImpact();
            if (!beginMarked && evidence && e.type() != null && e.type().isFailureEvidence() && e.at().equals(begin)) {
                m = Marker.BEGIN;
                beginMarked = true;
            } else if (!detectMarked && e.type() == SignalType.REPORT && e.at().equals(detect)) {
                m = Marker.DETECT;
                detectMarked = true;
            } else if (!ackMarked && e.type() == SignalType.ACK && e.at().equals(ack)) {
                m = Marker.ACK;
                ackMarked = true;
            } else if (!endMarked && evidence && end != null && !endInferred && e.type() == SignalType.RECOVERED
                    && e.lastAt().equals(end) && e.count() == 1) {
                m = Marker.END;
                endMarked = true;
            } else if (!endMarked && evidence && end != null && endInferred && e.type() == SignalType.ERROR
                    && e.lastAt().equals(end) && e.count() == 1) {
                m = Marker.END;
                endMarked = true;
            }
            out.add(m == null ? e : withMarker(e, m));
        }
        if (!beginMarked && begin != null) {
            // Its line was left out (past the entry caps) or folded into an earlier one: the marker still shows.
            out.add(new Entry(begin, Marker.BEGIN, null, null, null, null, outage ? "Outage began" : "Began", 1, begin, null));
        }
        if (!detectMarked && detect != null && detectedBy != null) {
            out.add(new Entry(detect, Marker.DETECT, null, detectedBy.source(), detectedBy.service(), null,
                    "Detected: " + nz(detectedBy.summary()), 1, detect, null));
        }
        if (recordedBy != null) {
            out.add(new Entry(recordedBy.openedAt(), Marker.RECORDED, null, "records", null, recordedBy.id(),
                    "Incident recorded: " + nz(recordedBy.title()), 1, recordedBy.openedAt(), recordedBy.link()));
        }
        if (!endMarked && end != null) {
            out.add(new Entry(end, Marker.END, null, null, null, null,
                    endInferred ? "No further errors (end inferred)" : "All checks recovered", 1, end, null));
        }
        out.sort(TIMELINE_ORDER);
        return out;
    }

    private static Entry withMarker(Entry e, Marker m) {
        return new Entry(e.at(), m, e.type(), e.source(), e.service(), e.check(), e.summary(), e.count(), e.lastAt(),
                e.link(), e.impact());
    }

    /** The first ACK line at or after {@code from}, over the episodes' own lines; null when none. */
    private static Instant firstAckFrom(List<Episode> episodes, Instant from) {
        Instant first = null;
        for (Episode e : episodes) {
            for (Entry x : e.entries()) {
                if (x.type() == SignalType.ACK && !x.at().isBefore(from) && (first == null || x.at().isBefore(first))) {
                    first = x.at();
                }
            }
        }
        return first;
    }

    private static List<TriggerCandidate> triggerCandidates(List<Episode> episodes, Set<String> services,
            List<TriggerCandidate> envChanges, ServiceGraph graph, Instant begin, CorrelationSettings s) {
        Instant from = begin.minus(s.lookback());
        Set<TriggerCandidate> all = new LinkedHashSet<>();
        for (Episode e : episodes) {
            for (TriggerCandidate c : e.changes()) {
                if (!c.at().isBefore(from) && !c.at().isAfter(begin)) {
                    all.add(c);
                }
            }
        }
        if (!envChanges.isEmpty()) {
            Set<String> related = new TreeSet<>(services);
            services.forEach(svc -> related.addAll(graph.dependenciesOf(svc)));
            for (TriggerCandidate c : envChanges) {
                if (related.contains(c.service()) && !c.at().isBefore(from) && !c.at().isAfter(begin)) {
                    all.add(c);
                }
            }
        }
        return all.stream()
                .sorted(Comparator.comparing(TriggerCandidate::at).reversed()
                        .thenComparing(c -> nz(c.service()))
                        .thenComparing(c -> nz(c.summary())))
                .toList();
    }

    /** Most early warnings listed: the nearest ones; the rest would only repeat them. */
    static final int EARLY_WARNINGS = 20;

    /**
     * The warnings (DESIGN 5a) of the incident's services and of what they depend on that began in
     * {@code lookback} before BEGIN, nearest first; a warning that repeated is listed once, from its
     * first time in the window.
     */
    static List<EarlyWarning> earlyWarnings(Set<String> services, List<WarningStart> envWarnings, ServiceGraph graph,
            Instant begin, CorrelationSettings s) {
        if (envWarnings.isEmpty()) {
            return List.of();
        }
        Set<String> related = new TreeSet<>(services);
        services.forEach(svc -> related.addAll(graph.dependenciesOf(svc)));
        Instant from = begin.minus(s.lookback());
        java.util.Map<List<String>, WarningStart> first = new java.util.LinkedHashMap<>();
        for (WarningStart w : envWarnings) {
            if (related.contains(w.service()) && !w.at().isBefore(from) && w.at().isBefore(begin)) {
                first.merge(java.util.Arrays.asList(w.service(), nz(w.source()), nz(w.summary())), w,
                        (a, b) -> b.at().isBefore(a.at()) ? b : a);
            }
        }
        return first.values().stream()
                .sorted(Comparator.comparing(WarningStart::at).reversed().thenComparing(WarningStart::service)
                        .thenComparing(w -> nz(w.summary())))
                .limit(EARLY_WARNINGS)
                .map(w -> new EarlyWarning(w.at(), Duration.between(w.at(), begin).getSeconds(), w.source(),
                        w.service(), w.severity(), w.summary()))
                .toList();
    }

    static String title(String env, Set<String> services, List<Entry> entries, Instant begin) {
        String what = entries.stream().filter(e -> e.marker() == Marker.BEGIN).map(Entry::summary)
                .filter(x -> x != null && !x.isBlank()).findFirst().orElse("failing");
        if (what.length() > TITLE_SUMMARY) {
            what = what.substring(0, TITLE_SUMMARY - 1) + "…";
        }
        String date = begin == null ? "" : ", " + begin.toString().substring(0, 10);
        return String.join(", ", services) + " in " + env + date + ": " + what;
    }

    static Long seconds(Instant from, Instant to) {
        if (from == null || to == null) {
            return null;
        }
        return Math.max(0, Duration.between(from, to).getSeconds());
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
