package timelines.streams.incidents;

/** Stage 3's decision for one incident at one stream time. */
public enum UnrecordedVerdict {
    RAISE,
    CLEAR,
    QUIET_ALREADY_RAISED,
    QUIET_ALREADY_CHECKED,
    QUIET_NOT_YET_DUE,
    QUIET_NOT_LONG_ENOUGH_YET,
    QUIET_RECORDED,
    QUIET_PLANNED,
    QUIET_ENV_EXCLUDED,
    QUIET_TOO_SHORT,
    /** A warning incident (DESIGN 5a): judged again on each change, since impact may still join it. */
    QUIET_NOT_AN_OUTAGE;

    /** Whether it is judged again on each change of the incident rather than at a due time. */
    public boolean defers() {
        return this == QUIET_NOT_LONG_ENOUGH_YET || this == QUIET_NOT_AN_OUTAGE;
    }

    /** Whether the incident has been judged for good (no further check at a later time). */
    public boolean settles() {
        return this == RAISE || this == QUIET_RECORDED || this == QUIET_PLANNED || this == QUIET_ENV_EXCLUDED
                || this == QUIET_TOO_SHORT;
    }
}
