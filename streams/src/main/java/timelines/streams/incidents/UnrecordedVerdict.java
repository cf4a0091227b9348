package timelines.streams.incidents;

/** Stage 3's decision for one incident at one stream time. */
public enum UnrecordedVerdict {
    RAISE,
    CLEAR,
    QUIET_ALREADY_RAISED,
    QUIET_RECORDED,
    QUIET_PLANNED,
    QUIET_ENV_EXCLUDED,
    QUIET_TOO_SHORT,
    QUIET_NOT_YET_DUE
}
