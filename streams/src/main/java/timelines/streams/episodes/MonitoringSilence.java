package timelines.streams.episodes;

import java.time.Instant;
import timelines.contracts.Ids;

/**
 * A heartbeat that stopped (DESIGN 5a, "Heartbeats"): from its last arrival until it came back
 * ({@code to}, null while it is still silent). Stage 1 hands it to stage 2, which alerts on it and
 * shows it on every timeline it overlaps.
 *
 * @param raisedAt the stream time it was found silent
 */
public record MonitoringSilence(String env, String name, String source, Instant from, Instant to, Instant raisedAt) {
    /** The id of its alerts: the same for the SILENT and the CLEARED that ends it. */
    public String id() {
        return Ids.of("silence", env, name, source, from.toString());
    }
}
