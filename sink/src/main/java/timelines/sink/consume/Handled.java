package timelines.sink.consume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import timelines.contracts.Topics;

/** What became of one record of {@code incidents.v1} or {@code alerts.v1}; logged and counted. */
enum Handled {
    DRAFT_WRITTEN,
    DRAFT_WRITTEN_BESIDE_EDITED,
    /** A warning incident's JSON, without a postmortem (DESIGN 8). */
    DRAFT_WRITTEN_JSON_ONLY,
    /** The draft is at this revision or newer already: a re-delivery. */
    DRAFT_UNCHANGED,
    /** A tombstone: the incident merged into another, its draft is gone. */
    DRAFT_REMOVED,
    /** A tombstone of an incident that has no draft here. */
    NOTHING_TO_REMOVE,
    ALERT_APPENDED,
    /** alerts.jsonl holds this alert's id already: a re-delivery. */
    ALERT_ALREADY_WRITTEN,
    /** Not JSON of the topic's type: no retry can read it, so it is skipped. */
    UNREADABLE,
    /** Read, but rendering or writing it failed for a reason no retry fixes (a bug): skipped. */
    UNWRITABLE,
    /** Writing it failed on the file system (full, read-only, a file where a directory should be): retried. */
    WRITE_FAILED;

    /** The topics whose records can end this way. */
    List<String> topics() {
        if (name().startsWith("ALERT_")) {
            return List.of(Topics.ALERTS);
        }
        if (name().startsWith("DRAFT_") || this == NOTHING_TO_REMOVE) {
            return List.of(Topics.INCIDENTS);
        }
        return List.of(Topics.INCIDENTS, Topics.ALERTS);
    }

    /** Whether the consumer holds its partition at this record and tries it again later. */
    boolean retried() {
        return this == WRITE_FAILED;
    }

    /**
     * A failure to write: one of the file system, which can pass (a disk freed, a mount fixed),
     * is retried; anything else is a bug a retry would only repeat, and holding the partition for
     * it would stop every draft behind it, so it is skipped, counted and logged.
     */
    static Handled failure(RuntimeException e) {
        return e instanceof UncheckedIOException || e.getCause() instanceof IOException ? WRITE_FAILED : UNWRITABLE;
    }

    /** The {@code outcome} tag of {@code timelines_sink_records_total}. */
    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
