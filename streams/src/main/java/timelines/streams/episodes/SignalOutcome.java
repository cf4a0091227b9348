package timelines.streams.episodes;

/** What stage 1 did with a signal; counted per outcome. */
public enum SignalOutcome {
    OPENED_EPISODE,
    APPLIED,
    AMENDED_CLOSED_EPISODE,
    REOPENED_EPISODE,
    CHANGE_REMEMBERED,
    DUPLICATE,
    /** Older than the amend horizon with nothing open to join: its incident is retired; kept only on the raw topic. */
    BEYOND_HORIZON,
    ORPHAN_RECOVERY,
    /** An alert named in {@code correlation.heartbeats}: the monitoring is alive, nothing failed. */
    HEARTBEAT,
    ACK_WITHOUT_EPISODE
}
