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
        List<Entry> entries,
        int entriesOmitted) {

    public Incident {
        services = services == null ? List.of() : List.copyOf(services);
        triggerCandidates = triggerCandidates == null ? List.of() : List.copyOf(triggerCandidates);
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** The signal that first told a person. */
    public record DetectedBy(String source, String service, String summary) {}

    /** A change shortly before BEGIN that may have triggered the incident. */
    public record TriggerCandidate(Instant at, String service, String summary) {}

    /**
     * One line of the timeline. Repeated identical signals fold into one entry: {@code at} is the
     * first occurrence, {@code lastAt} the last, {@code count} how many.
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
            String link) {}
}
