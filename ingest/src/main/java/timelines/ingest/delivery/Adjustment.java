package timelines.ingest.delivery;

/**
 * What a guard changed in a signal or record to bound it; counted as
 * {@code timelines_ingest_adjusted_total{reason}}.
 */
public enum Adjustment {
    /** A time more than 5 minutes after receipt (a skewed clock), set to the receipt. */
    CLAMPED_FUTURE_TIME,
    TRUNCATED_SUMMARY,
    DROPPED_LABELS,
    TRUNCATED_ENV,
    TRUNCATED_SERVICE,
    TRUNCATED_CHECK,
    TRUNCATED_SOURCE,
    TRUNCATED_SEVERITY,
    TRUNCATED_LINK,
    /** A label key or value over its limit. */
    TRUNCATED_LABEL,
    TRUNCATED_TITLE,
    /** Whitespace around a name or label (a trailing newline from a template). */
    TRIMMED_WHITESPACE,
    /** Line breaks or other control characters in a name, label or text, which could forge a log line. */
    REPLACED_CONTROL_CHARACTERS
}
