package timelines.contracts;

import java.time.Instant;
import java.util.List;

/**
 * An alert (DESIGN section 8), on {@code alerts.v1} keyed by incident id: an outage nobody
 * recorded (RAISED, then CLEARED), or a heartbeat gone silent (SILENT, then CLEARED), whose
 * {@code incidentId} is the silence's id.
 *
 * @param at the stream time at which it was raised or cleared
 * @param heartbeat for a silence's SILENT and CLEARED, the heartbeat that stopped; null for an outage's
 */
public record Alert(
        AlertType type,
        String incidentId,
        String env,
        List<String> services,
        Instant at,
        Instant begin,
        String reason,
        Heartbeat heartbeat) {

    public Alert {
        services = services == null ? List.of() : List.copyOf(services);
    }

    /** An outage's alert. */
    public Alert(AlertType type, String incidentId, String env, List<String> services, Instant at, Instant begin,
            String reason) {
        this(type, incidentId, env, services, at, begin, reason, null);
    }

    /** The heartbeat a silence is of: its alert name and the source it came from. */
    public record Heartbeat(String name, String source) {}
}
