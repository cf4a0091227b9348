package timelines.streams.episodes;

import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.streams.CorrelationSettings;

/**
 * DESIGN 5a as pure functions of a signal and the settings: whether it is a heartbeat (the
 * monitoring saying it is alive) and whether it is impact evidence (users affected). Decided in
 * the topology, not at ingest, so a replay under other settings decides again.
 */
public final class ImpactRules {
    private ImpactRules() {}

    /** An alert named in {@code correlation.heartbeats}, whatever its severity: never failure evidence. */
    public static boolean isHeartbeat(Signal sig, CorrelationSettings s) {
        String name = sig.labels().get("alertname");
        return name != null && s.heartbeats().contains(name);
    }

    /**
     * A catalog rule's {@code impact} wins; else a REPORT is impact (a person says users are
     * affected), a FAILING or ERROR is when its severity is one of {@code impactSeverities} or
     * absent (a team that labels nothing pages on everything), and nothing else is.
     */
    public static boolean isImpact(Signal sig, CorrelationSettings s) {
        if (sig.impact() != null) {
            return sig.impact();
        }
        if (sig.type() == SignalType.REPORT) {
            return true;
        }
        if (sig.type() != SignalType.FAILING && sig.type() != SignalType.ERROR) {
            return false;
        }
        Severity severity = severityOf(sig);
        return severity == null || s.impactSeverities().contains(severity.wire());
    }

    /**
     * The signal's normalized severity. A word that is not one of the four came from a producer
     * that did not normalize it (an ingest before DESIGN 5a wrote the vendor's own word): read as
     * a vendor word, and as absent when it is not one.
     */
    public static Severity severityOf(Signal sig) {
        Severity wire = Severity.ofWire(sig.severity());
        return wire != null ? wire : Severity.ofLabelWord(sig.severity());
    }
}
