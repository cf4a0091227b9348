package timelines.contracts;

import java.util.List;

/**
 * Alerts that fire for ever by design, to prove the alerting pipeline is alive (DESIGN 5a):
 * kube-prometheus's {@code Watchdog}, and the older {@code DeadMansSwitch}. They are recognized by
 * their label {@code alertname}. The topology's {@code correlation.heartbeats} setting names them;
 * these are its default, and what ingest uses to tell a heartbeat of severity {@code none} (kept as
 * a signal) from any other alert of severity {@code none} (not a signal).
 */
public final class Heartbeats {
    /** The label that names an alert rule. */
    public static final String ALERTNAME_LABEL = "alertname";

    /** The default of {@code correlation.heartbeats}. */
    public static final List<String> DEFAULT_NAMES = List.of("Watchdog", "DeadMansSwitch");

    private Heartbeats() {}
}
