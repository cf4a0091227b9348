package timelines.contracts;

import java.time.Instant;
import java.util.List;

/**
 * An unrecorded-outage alert (DESIGN section 8), on {@code alerts.v1} keyed by incident id.
 *
 * @param at the stream time at which it was raised or cleared
 */
public record Alert(
        AlertType type,
        String incidentId,
        String env,
        List<String> services,
        Instant at,
        Instant begin,
        String reason) {

    public Alert {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
