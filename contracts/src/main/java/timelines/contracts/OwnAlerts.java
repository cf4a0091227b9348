package timelines.contracts;

import java.util.Map;
import java.util.Set;

/**
 * The alerts this product sends to Alertmanager: an outage nobody recorded, a heartbeat gone
 * silent. With the ordinary catch-all route they come back through Alertmanager's webhook; they
 * are then the product talking to itself, never evidence of an outage (taken as one, the outage
 * they are about stayed open until someone recorded it). Recognized by their alert name and the
 * {@code incident_id} label every one of them carries.
 */
public final class OwnAlerts {
    public static final String UNRECORDED_OUTAGE = "UnrecordedOutage";
    public static final String MONITORING_SILENT = "MonitoringSilent";
    /** Every alert name the product sends; a new kind of alert is added here. */
    public static final Set<String> NAMES = Set.of(UNRECORDED_OUTAGE, MONITORING_SILENT);
    /** The label that names the incident (or silence) an alert is about. */
    public static final String ID_LABEL = "incident_id";

    private OwnAlerts() {}

    /** Whether an alert with these labels is one of the product's own. */
    public static boolean isOwn(Map<String, String> labels) {
        // An alert may come without an alertname, and Set.of(...).contains(null) throws: found by fuzzing.
        String name = labels.get(Heartbeats.ALERTNAME_LABEL);
        return name != null && NAMES.contains(name) && labels.containsKey(ID_LABEL);
    }
}
