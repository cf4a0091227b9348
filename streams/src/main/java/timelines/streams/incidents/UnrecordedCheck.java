package timelines.streams.incidents;

import java.time.Duration;
import java.time.Instant;
import timelines.contracts.Incident;
import timelines.streams.CorrelationSettings;

/**
 * Stage 3 of DESIGN section 5: an outage nobody recorded. The clock starts at BEGIN, not DETECT,
 * because the outages worth catching are the ones nobody noticed.
 */
public final class UnrecordedCheck {
    private UnrecordedCheck() {}

    public static UnrecordedVerdict decide(Incident incident, Instant raisedAt, Instant clearedAt, Instant now,
            CorrelationSettings s) {
        if (raisedAt != null) {
            return clearedAt == null && incident.recorded() != null
                    ? UnrecordedVerdict.CLEAR
                    : UnrecordedVerdict.QUIET_ALREADY_RAISED;
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
        Instant due = dueAt(incident, s);
        Instant failingUntil = incident.end() != null && incident.end().isBefore(now) ? incident.end() : now;
        Duration failing = Duration.between(incident.begin(), failingUntil);
        if (incident.end() != null && failing.compareTo(s.minDuration()) < 0) {
            return UnrecordedVerdict.QUIET_TOO_SHORT;
        }
        if (now.isBefore(due) || failing.compareTo(s.minDuration()) < 0) {
            return UnrecordedVerdict.QUIET_NOT_YET_DUE;
        }
        return UnrecordedVerdict.RAISE;
    }

    /** The event time at which an unrecorded incident is alerted on: BEGIN + recordGrace. */
    public static Instant dueAt(Incident incident, CorrelationSettings s) {
        return incident.begin().plus(s.recordGrace());
    }
}
