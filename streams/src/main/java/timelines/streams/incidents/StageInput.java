package timelines.streams.incidents;

import java.time.Instant;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Record;
import timelines.streams.episodes.Episode;
import timelines.streams.episodes.MonitoringSilence;
import timelines.streams.episodes.WarningStart;

/**
 * Everything stage 2 reads, keyed by env: from stage 1 an episode that changed, a change, a
 * warning, a monitoring silence or a tick; from {@code records.v1} a record. One sealed type, so
 * that nothing (a tick) falls through a chain of {@code instanceof} unseen: {@link #kind()} is
 * switched on exhaustively.
 */
public sealed interface StageInput {
    /** What an input is, for an exhaustive switch. */
    enum Kind {
        EPISODE,
        RECORD,
        CHANGE,
        WARNING,
        SILENCE,
        TICK
    }

    Kind kind();

    /** What an input read from {@code records.v1} (a {@link Record}) or forwarded by stage 1 is, or null for nothing. */
    static StageInput of(Object value) {
        if (value instanceof Record record) {
            return new Declared(record);
        }
        return (StageInput) value;
    }

    /** An episode of stage 1 opened, changed or closed. */
    record EpisodeChanged(Episode episode) implements StageInput {
        public Kind kind() {
            return Kind.EPISODE;
        }
    }

    /** People declared an incident or maintenance (a record, new or replaced). */
    record Declared(Record record) implements StageInput {
        public Kind kind() {
            return Kind.RECORD;
        }
    }

    /** A change (deploy, upgrade) of a service of the env: a trigger candidate. */
    record Changed(TriggerCandidate change) implements StageInput {
        public Kind kind() {
            return Kind.CHANGE;
        }
    }

    /** A warning signal of a service of the env: an early warning of an outage that follows. */
    record Warned(WarningStart warning) implements StageInput {
        public Kind kind() {
            return Kind.WARNING;
        }
    }

    /** A heartbeat of the env stopped or came back. */
    record Silenced(MonitoringSilence silence) implements StageInput {
        public Kind kind() {
            return Kind.SILENCE;
        }
    }

    /** Stream time moved with nothing else: due checks and retirements run. */
    record Tick(Instant at) implements StageInput {
        public Kind kind() {
            return Kind.TICK;
        }
    }
}
