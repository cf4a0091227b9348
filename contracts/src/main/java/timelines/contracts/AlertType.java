package timelines.contracts;

public enum AlertType {
    /** An outage nobody recorded (DESIGN 5, stage 3). */
    RAISED,
    /** What a RAISED or SILENT said is over. */
    CLEARED,
    /** A heartbeat stopped: the monitoring itself is blind (DESIGN 5a, "Heartbeats"). */
    SILENT
}
