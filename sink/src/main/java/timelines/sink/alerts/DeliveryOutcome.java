package timelines.sink.alerts;

/** How one delivery to one target ended; logged, and counted as {@link #metricOutcome()}. */
public enum DeliveryOutcome {
    /** The target answered 2xx. */
    DELIVERED,
    /** The target answered with an error that a retry cannot fix (a 4xx other than 408, 425, 429). */
    REJECTED,
    /** Every attempt failed with a network error, a timeout, or a retryable status. */
    GAVE_UP,
    /** Shut down before it was delivered. */
    INTERRUPTED,
    /** There was nothing to send (a re-send with no firing alert). */
    NOTHING_TO_SEND;

    /** The {@code outcome} tag of {@code timelines_alert_deliveries_total}, or null when not counted. */
    String metricOutcome() {
        return switch (this) {
            case DELIVERED -> "delivered";
            case REJECTED, GAVE_UP, INTERRUPTED -> "failed";
            case NOTHING_TO_SEND -> null;
        };
    }
}
