package timelines.streams.episodes;

import java.time.Duration;
import java.time.Instant;

/**
 * What stage 1 keeps of one heartbeat ({@code env|name|source}): when it last arrived, how long
 * it took to come before that, and since when it has been silent, if it is.
 *
 * @param lastArrival the latest {@code receivedAt}: a repeated Alertmanager notification keeps its
 *     {@code startsAt}, so only receipt tells that it came again
 * @param interval the time between its last two arrivals; null until it arrived twice
 * @param silentSince its last arrival before it went silent; null while it comes
 */
public record HeartbeatState(String env, String name, String source, Instant lastArrival, Duration interval,
        Instant silentSince) {}
