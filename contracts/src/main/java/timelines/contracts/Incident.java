package timelines.contracts;

import java.time.Instant;
import java.util.List;

/**
 * One revision of an incident: the JSON draft of DESIGN section 8, on {@code incidents.v1} keyed
 * by {@code id} (compacted: the latest revision wins).
 */
public record Incident(
        String id,
        long revision,
        String env,
        String title,
        IncidentStatus status,
        boolean planned,
        Boolean outage,
        String severity,
        List<String> services,
        Instant begin,
        Instant detect,
        Instant ack,
        Instant recorded,
        Instant end,
        boolean endInferred,
        Long timeToDetectSeconds,
        Long timeToAcknowledgeSeconds,
        Long timeToRecordSeconds,
        Long timeToRecoverSeconds,
        DetectedBy detectedBy,
        Instant unrecordedAlertAt,
        List<TriggerCandidate> triggerCandidates,
        List<EarlyWarning> earlyWarnings,
        List<Entry> entries,
        int entriesOmitted,
        String catalogVersion) {

    public Incident {
        // A revision written before outages were told from warnings (no field) was taken for an outage.
        outage = outage == null ? Boolean.TRUE : outage;
        services = services == null ? List.of() : List.copyOf(services);
        triggerCandidates = triggerCandidates == null ? List.of() : List.copyOf(triggerCandidates);
        earlyWarnings = earlyWarnings == null ? List.of() : List.copyOf(earlyWarnings);
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /**
     * An incident decided with no catalog version (null {@code catalogVersion}): a revision
     * written before the catalog was an input of the topology, or one built outside it.
     */
    public Incident(String id, long revision, String env, String title, IncidentStatus status, boolean planned,
            Boolean outage, String severity, List<String> services, Instant begin, Instant detect, Instant ack,
            Instant recorded, Instant end, boolean endInferred, Long timeToDetectSeconds,
            Long timeToAcknowledgeSeconds, Long timeToRecordSeconds, Long timeToRecoverSeconds, DetectedBy detectedBy,
            Instant unrecordedAlertAt, List<TriggerCandidate> triggerCandidates, List<EarlyWarning> earlyWarnings,
            List<Entry> entries, int entriesOmitted) {
        this(id, revision, env, title, status, planned, outage, severity, services, begin, detect, ack, recorded, end,
                endInferred, timeToDetectSeconds, timeToAcknowledgeSeconds, timeToRecordSeconds, timeToRecoverSeconds,
                detectedBy, unrecordedAlertAt, triggerCandidates, earlyWarnings, entries, entriesOmitted, null);
    }

    /** An outage with no severity said and no early warnings: the shape of every incident before DESIGN 5a. */
    public Incident(String id, long revision, String env, String title, IncidentStatus status, boolean planned,
            List<String> services, Instant begin, Instant detect, Instant ack, Instant recorded, Instant end,
            boolean endInferred, Long timeToDetectSeconds, Long timeToAcknowledgeSeconds, Long timeToRecordSeconds,
            Long timeToRecoverSeconds, DetectedBy detectedBy, Instant unrecordedAlertAt,
            List<TriggerCandidate> triggerCandidates, List<Entry> entries, int entriesOmitted) {
        this(id, revision, env, title, status, planned, true, null, services, begin, detect, ack, recorded, end,
                endInferred, timeToDetectSeconds, timeToAcknowledgeSeconds, timeToRecordSeconds, timeToRecoverSeconds,
                detectedBy, unrecordedAlertAt, triggerCandidates, List.of(), entries, entriesOmitted);
    }

    public Incident withRevision(long next) {
        return new Incident(id, next, env, title, status, planned, outage, severity, services, begin, detect, ack,
                recorded, end, endInferred, timeToDetectSeconds, timeToAcknowledgeSeconds, timeToRecordSeconds,
                timeToRecoverSeconds, detectedBy, unrecordedAlertAt, triggerCandidates, earlyWarnings, entries,
                entriesOmitted, catalogVersion);
    }

    /** The same revision, decided under this catalog version ({@code catalog.v1}). */
    public Incident withCatalogVersion(String version) {
        return new Incident(id, revision, env, title, status, planned, outage, severity, services, begin, detect, ack,
                recorded, end, endInferred, timeToDetectSeconds, timeToAcknowledgeSeconds, timeToRecordSeconds,
                timeToRecoverSeconds, detectedBy, unrecordedAlertAt, triggerCandidates, earlyWarnings, entries,
                entriesOmitted, version);
    }

    /** True for an outage (DESIGN 5a): users were affected. False for a warning incident. */
    public boolean isOutage() {
        return outage;
    }

    /** The signal that first told a person. */
    public record DetectedBy(String source, String service, String summary) {}

    /**
     * A warning or info signal of the incident's services (or what they depend on) that began in
     * the lookback before BEGIN: what could have caught it earlier.
     *
     * @param leadSeconds BEGIN minus {@code at}
     */
    public record EarlyWarning(Instant at, long leadSeconds, String source, String service, String severity,
            String summary) {}

    /** A change shortly before BEGIN that may have triggered the incident. */
    public record TriggerCandidate(Instant at, String service, String summary) {}

    /**
     * One line of the timeline. Repeated identical signals fold into one entry: {@code at} is the
     * first occurrence, {@code lastAt} the last, {@code count} how many. {@code impact} says whether
     * its signal was impact evidence (DESIGN 5a), where that is known: false for a warning.
     */
    public record Entry(
            Instant at,
            Marker marker,
            SignalType type,
            String source,
            String service,
            String check,
            String summary,
            int count,
            Instant lastAt,
            String link,
            Boolean impact) {

        /** A line that says nothing of impact: a marker line, a change, a line written before DESIGN 5a. */
        public Entry(Instant at, Marker marker, SignalType type, String source, String service, String check,
                String summary, int count, Instant lastAt, String link) {
            this(at, marker, type, source, service, check, summary, count, lastAt, link, null);
        }

        /** False only for a line of a signal that was not impact evidence: a warning, as context. */
        public boolean mayBeImpact() {
            return impact == null || impact;
        }
    }
}
