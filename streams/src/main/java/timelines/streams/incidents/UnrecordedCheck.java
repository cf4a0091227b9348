package timelines.streams.incidents;

import java.time.Duration;
import java.time.Instant;
import timelines.contracts.Incident;
import timelines.streams.CorrelationSettings;

/**
 * Stage 3 of DESIGN section 5: an outage nobody recorded; warning incidents never (5a). The clock starts at BEGIN, not DETECT,
 * because the outages worth catching are the ones nobody noticed. Judged once, at
 * {@link #dueAt}: what is known by then decides.
 */
public final class UnrecordedCheck {
    private UnrecordedCheck() {}

    /**
     * @param lastFailingAt the latest moment the incident is known to have been failing: now while a
     *     stateful check is failing, else its last error or recovery
     */
    public static UnrecordedVerdict decide(Incident incident, Instant raisedAt, Instant clearedAt, boolean checked,
            Instant lastFailingAt, Instant now, CorrelationSettings s) {
        if (raisedAt != null) {
            return clearedAt == null && incident.recorded() != null
                    ? UnrecordedVerdict.CLEAR
                    : UnrecordedVerdict.QUIET_ALREADY_RAISED;
        }
        if (checked) {
            return UnrecordedVerdict.QUIET_ALREADY_CHECKED;
        }
        if (!incident.isOutage()) {
            // Only an outage pages: a warning nobody recorded is not news. It may still become one.
            return UnrecordedVerdict.QUIET_NOT_AN_OUTAGE;
        }
        Instant due = dueAt(incident, s);
        if (now.isBefore(due)) {
            return UnrecordedVerdict.QUIET_NOT_YET_DUE;
        }
        if (incident.recorded() != null) {
            return UnrecordedVerdict.QUIET_RECORDED;
        }
        if (incident.planned()) {
            return UnrecordedVerdict.QUIET_PLANNED;
        }
        if (s.excludedEnvs().contains(incident.env())) {
            return UnrecordedVerdict.QUIET_ENV_EXCLUDED;
        }
        if (Duration.between(incident.begin(), lastFailingAt).compareTo(s.minDuration()) < 0) {
            // Errors that stopped after a minute or two are a blip; while the episode is open they may resume.
            return incident.end() != null ? UnrecordedVerdict.QUIET_TOO_SHORT : UnrecordedVerdict.QUIET_NOT_LONG_ENOUGH_YET;
        }
        return UnrecordedVerdict.RAISE;
    }

    /**
     * When an incident is judged: BEGIN (over impact evidence, for an outage) + recordGrace (or + minDuration, if that is longer, so a
     * failure has had the chance to last long enough).
     */
    public static Instant dueAt(Incident incident, CorrelationSettings s) {
        Duration wait = s.recordGrace().compareTo(s.minDuration()) >= 0 ? s.recordGrace() : s.minDuration();
        return incident.begin().plus(wait);
    }
}
