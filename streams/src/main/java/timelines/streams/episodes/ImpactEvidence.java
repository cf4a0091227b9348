package timelines.streams.episodes;

import java.time.Instant;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;

/**
 * What an episode holds of impact evidence (DESIGN 5a), beside its markers over every signal:
 * the outage's own BEGIN, DETECT and last impact error, how many impact errors, whether a person
 * reported it, and the highest severities said by impact and by other failure signals.
 *
 * @param begin earliest impact FAILING, ERROR or REPORT
 * @param detect when a person was first told by an alerting impact signal or a REPORT
 * @param lastErrorAt the latest impact ERROR or REPORT
 * @param errors impact ERROR occurrences
 * @param severity highest normalized severity of the impact signals
 * @param warningSeverity highest normalized severity of the failure signals that were not impact
 */
public record ImpactEvidence(Instant begin, Instant detect, DetectedBy detectedBy, Instant lastErrorAt, int errors,
        boolean reported, String severity, String warningSeverity) {

    public static final ImpactEvidence NONE = new ImpactEvidence(null, null, null, null, 0, false, null, null);

    ImpactEvidence withWarningSeverity(String next) {
        return new ImpactEvidence(begin, detect, detectedBy, lastErrorAt, errors, reported, severity, next);
    }

    /** Evidence that makes an outage on its own: a report, or an error burst ({@code errors} at {@code errorBurst}). */
    public boolean decisive(int errorBurst) {
        return reported || errors >= errorBurst;
    }

    public boolean any() {
        return begin != null;
    }

    /** This evidence with one more failure signal, impact or not. */
    ImpactEvidence with(Signal sig, boolean impact) {
        if (!sig.type().isFailureEvidence()) {
            return this;
        }
        if (!impact) {
            return new ImpactEvidence(begin, detect, detectedBy, lastErrorAt, errors, reported, severity,
                    higher(warningSeverity, wire(sig)));
        }
        Instant t = sig.observedAt();
        Instant told = EpisodeRules.detectionTime(sig);
        boolean earlier = told != null && (detect == null || told.isBefore(detect));
        boolean error = sig.type() == SignalType.ERROR;
        return new ImpactEvidence(CheckState.min(begin, t), earlier ? told : detect,
                earlier ? new DetectedBy(sig.source(), sig.service(), sig.summary()) : detectedBy,
                sig.type() == SignalType.FAILING ? lastErrorAt : CheckState.max(lastErrorAt, t), errors + (error ? 1 : 0),
                reported || sig.type() == SignalType.REPORT, higher(severity, wire(sig)), warningSeverity);
    }

    private static String wire(Signal sig) {
        Severity s = ImpactRules.severityOf(sig);
        return s == null ? null : s.wire();
    }

    /** The higher of two normalized severities, either possibly null. */
    public static String higher(String a, String b) {
        Severity h = Severity.higher(Severity.ofWire(a), Severity.ofWire(b));
        return h == null ? null : h.wire();
    }
}
