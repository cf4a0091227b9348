package timelines.streams.episodes;

/** Whether an episode stays open at a given stream time, and why. */
public enum EpisodeVerdict {
    OPEN_CHECK_FAILING(false),
    OPEN_ERRORS_WITHIN_GAP(false),
    OPEN_QUIET_NOT_PASSED(false),
    CLOSED_QUIET_AFTER_RECOVERY(true),
    CLOSED_GAP_AFTER_LAST_ERROR(true);

    private final boolean closes;

    EpisodeVerdict(boolean closes) {
        this.closes = closes;
    }

    public boolean closes() {
        return closes;
    }
}
