package timelines.ingest.http;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The last delivery each source received over HTTP and how it ended, for {@code GET /sources}: an
 * SRE wiring a webhook sees at once whether it arrives, and why it was refused if it was. Kept in
 * memory by this ingest process since it started (several replicas each know their own); the raw
 * and rejected topics remain the record of every delivery.
 */
public final class LastDeliveries {
    /** How a delivery ended, as the page says it. */
    public enum Result {
        ACCEPTED,
        IGNORED,
        /** Refused: a 4xx with its reason (a bad payload, a wrong token or signature). */
        REJECTED,
        /** Kafka did not acknowledge: a 503 the sender retries. */
        UNAVAILABLE
    }

    /**
     * @param status the HTTP status it was answered with
     * @param reason why it was ignored or refused; null when accepted
     * @param count deliveries this source received since start, this one included
     */
    public record Last(Instant at, Result result, int status, String reason, long count) {}

    private final Map<String, Last> bySource = new ConcurrentHashMap<>();

    /** Keeps the later of this delivery and the one kept, and counts it either way. */
    public void record(String source, Instant at, Result result, int status, String reason) {
        bySource.merge(source, new Last(at, result, status, reason, 1), (old, now) -> now.at().isBefore(old.at())
                ? new Last(old.at(), old.result(), old.status(), old.reason(), old.count() + 1)
                : new Last(now.at(), now.result(), now.status(), now.reason(), old.count() + 1));
    }

    public Optional<Last> of(String source) {
        return Optional.ofNullable(bySource.get(source));
    }
}
