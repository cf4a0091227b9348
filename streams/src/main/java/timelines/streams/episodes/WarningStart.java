package timelines.streams.episodes;

import java.time.Instant;

/**
 * A warning or info failure signal (not impact, DESIGN 5a), as stage 1 hands it to stage 2 for
 * the env's context: an outage of its service (or of what depends on it) that begins within
 * {@code lookback} after it lists it as an early warning.
 */
public record WarningStart(Instant at, String source, String service, String severity, String summary) {}
