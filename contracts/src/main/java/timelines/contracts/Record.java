package timelines.contracts;

import java.time.Instant;
import java.util.List;

/**
 * A declared incident or maintenance window (DESIGN section 4), on {@code records.v1} keyed by
 * {@link #key()} ({@code env|id}): partitioned by env like the signals, compacted per record, so
 * a record re-sent with the same id replaces the earlier one.
 *
 * @param services the services it names; empty means every service of the env
 * @param openedAt when people declared it
 * @param start the start of the maintenance window, or of the impact if people stated one
 * @param end the end of that window, if known
 */
public record Record(
        String id,
        RecordType type,
        String env,
        List<String> services,
        Instant openedAt,
        Instant start,
        Instant end,
        String title,
        String link) {

    /** Longest {@code id}: it is part of the compacted topic's key, so a longer one is refused, never cut. */
    public static final int MAX_ID = 200;
    /** Longest {@code env} and service name. */
    public static final int MAX_NAME = Signal.MAX_NAME;
    /** Most services one record names; a record for more names none (the whole env). */
    public static final int MAX_SERVICES = 100;
    public static final int MAX_TITLE = 500;
    public static final int MAX_LINK = Signal.MAX_LINK;

    public Record {
        services = services == null ? List.of() : List.copyOf(services);
    }

    public String key() {
        return env + "|" + id;
    }

    /** True when the record names this service, or names none (the whole env). */
    public boolean covers(String service) {
        return services.isEmpty() || services.contains(service);
    }
}
