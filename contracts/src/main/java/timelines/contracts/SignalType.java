package timelines.contracts;

/**
 * What a signal says happened. {@code TICK} is internal: ingest writes one to every partition of
 * {@code signals.v1} so that stream time advances while real signals are quiet; it never shows
 * up in a timeline.
 */
public enum SignalType {
    FAILING,
    RECOVERED,
    ERROR,
    CHANGE,
    REPORT,
    ACK,
    TICK;

    /** Failure evidence: opens an episode and can move BEGIN. */
    public boolean isFailureEvidence() {
        return this == FAILING || this == ERROR || this == REPORT;
    }
}
