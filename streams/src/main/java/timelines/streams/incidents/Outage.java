package timelines.streams.incidents;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.streams.CorrelationSettings;
import timelines.streams.episodes.CheckState;
import timelines.streams.episodes.Episode;
import timelines.streams.episodes.ImpactEvidence;

/**
 * Whether an incident is an outage (DESIGN 5a), why, and its impact evidence: the episodes'
 * evidence combined. A pure function of the incident's episodes and its env's records.
 *
 * @param reason why it is an outage, or {@link Reason#NO_IMPACT} for a warning incident
 * @param evidence the impact evidence of all its episodes together
 * @param end the end of the impact once every episode ended: the last impact recovery or error
 * @param endInferred true when no impact check recovered (it ended by errors stopping)
 * @param severity the highest severity of its impact signals; for a warning incident, of its others
 */
public record Outage(Reason reason, ImpactEvidence evidence, Instant end, boolean endInferred, String severity) {

    /** What makes an incident an outage, in the order they are looked for. */
    public enum Reason {
        IMPACT_CHECK_FAILED,
        REPORTED_BY_A_PERSON,
        DECLARED_BY_A_RECORD,
        ERROR_BURST,
        NO_IMPACT
    }

    public boolean isOutage() {
        return reason != Reason.NO_IMPACT;
    }

    static Outage of(String env, Set<String> services, List<Episode> episodes, List<Record> records,
            CorrelationSettings s) {
        Instant begin = null;
        Instant detect = null;
        DetectedBy detectedBy = null;
        Instant lastErrorAt = null;
        long errors = 0;
        boolean reported = false;
        boolean impactCheck = false;
        boolean impactRecovered = false;
        String severity = null;
        String warningSeverity = null;
        Instant end = null;
        // Where some episode shows users affected (an impact check, a report, a burst), the markers are its alone:
        // an isolated error of another service in the same incident is context, as a warning is (DESIGN 5a).
        boolean anyDecisive = episodes.stream().anyMatch(e -> decisive(e, s));
        // Else errors of several services make a burst together only where they come close in time.
        Set<Episode> burst = anyDecisive ? Set.of() : firstBurst(episodes, s);
        boolean counts = anyDecisive || !burst.isEmpty();
        for (Episode e : episodes) {
            ImpactEvidence x = e.impactView();
            errors += x.errors();
            if (counts && !(anyDecisive ? decisive(e, s) : burst.contains(e))) {
                warningSeverity = ImpactEvidence.higher(warningSeverity, x.warningSeverity());
                continue;
            }
            begin = CheckState.min(begin, x.begin());
            if (x.detect() != null && (detect == null || x.detect().isBefore(detect))) {
                detect = x.detect();
                detectedBy = x.detectedBy();
            }
            lastErrorAt = CheckState.max(lastErrorAt, x.lastErrorAt());
            reported |= x.reported();
            severity = ImpactEvidence.higher(severity, x.severity());
            warningSeverity = ImpactEvidence.higher(warningSeverity, x.warningSeverity());
            if (e.anyImpactCheck()) {
                impactCheck = true;
                impactRecovered |= e.checks().values().stream().anyMatch(c -> c.isImpact() && c.lastRecoveredAt() != null);
            }
            if (x.any()) {
                end = CheckState.max(end, e.impactEnd());
            }
        }
        ImpactEvidence all = new ImpactEvidence(begin, detect, detectedBy, lastErrorAt,
                (int) Math.min(Integer.MAX_VALUE, errors), reported, severity, warningSeverity);
        Reason reason = impactCheck ? Reason.IMPACT_CHECK_FAILED
                : reported ? Reason.REPORTED_BY_A_PERSON
                : declared(env, services, episodes, records, s) ? Reason.DECLARED_BY_A_RECORD
                : !burst.isEmpty() || episodes.stream().anyMatch(e -> e.impactView().errors() >= s.errorBurst())
                        ? Reason.ERROR_BURST
                : Reason.NO_IMPACT;
        String said = reason == Reason.NO_IMPACT ? warningSeverity : severity;
        return new Outage(reason, all, end, !impactRecovered, said);
    }

    /**
     * The earliest set of episodes whose impact errors make a burst together: episodes whose error
     * stretches ({@code begin} to last error) come within {@code gap} of each other, holding
     * {@code errorBurst} errors between them. Empty when there is none: errors of two services
     * hours apart, in one incident because warnings joined them, are isolated errors, not a burst.
     */
    static Set<Episode> firstBurst(List<Episode> episodes, CorrelationSettings s) {
        List<Episode> erring = episodes.stream().filter(e -> e.impactView().errors() > 0 && e.impactView().any())
                .sorted(java.util.Comparator.comparing((Episode e) -> e.impactView().begin()).thenComparing(Episode::id))
                .toList();
        Set<Episode> cluster = new java.util.LinkedHashSet<>();
        long errors = 0;
        Instant reach = null;
        for (Episode e : erring) {
            ImpactEvidence x = e.impactView();
            Instant last = x.lastErrorAt() != null ? x.lastErrorAt() : x.begin();
            if (reach != null && x.begin().isAfter(reach.plus(s.gap()))) {
                cluster.clear();
                errors = 0;
                reach = null;
            }
            cluster.add(e);
            errors += x.errors();
            reach = CheckState.max(reach, last);
            if (errors >= s.errorBurst()) {
                return Set.copyOf(cluster);
            }
        }
        return Set.of();
    }

    private static boolean decisive(Episode e, CorrelationSettings s) {
        return e.anyImpactCheck() || e.impactView().decisive(s.errorBurst());
    }

    /**
     * People declared it: an INCIDENT record of the env naming one of its services, opened while it
     * went on, up to an hour after it ended, or at most {@code gap} before its first signal. A record naming no service marks outages that are outages already, nothing more.
     */
    private static boolean declared(String env, Set<String> services, List<Episode> episodes, List<Record> records,
            CorrelationSettings s) {
        Instant begin = null;
        Instant end = null;
        boolean open = false;
        for (Episode e : episodes) {
            begin = CheckState.min(begin, e.begin());
            open |= e.open();
            end = e.open() ? end : CheckState.max(end, e.end());
        }
        // Opened during it, up to an hour after, or at most `gap` before its first signal: a record opened earlier
        // was about something else (the outage it already records), not a warning of its service that came later.
        Instant from = begin.minus(s.gap());
        Instant to = open || end == null ? null : end.plus(IncidentBuilder.RECORD_REACH);
        for (Record r : records) {
            if (r.type() == RecordType.INCIDENT && env.equals(r.env()) && r.openedAt() != null
                    && !r.services().isEmpty() && !Collections.disjoint(r.services(), services)
                    && !r.openedAt().isBefore(from) && (to == null || !r.openedAt().isAfter(to))) {
                return true;
            }
        }
        return false;
    }
}
