package timelines.streams.incidents;

import java.util.List;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Record;

/**
 * Stage 2's value per env: the incidents still open or within the amend horizon, the records,
 * and recent changes of any service (a dependency's change is a trigger candidate too).
 */
public record EnvState(List<IncidentState> incidents, List<Record> records, List<TriggerCandidate> changes) {
    public static final EnvState EMPTY = new EnvState(List.of(), List.of(), List.of());

    public EnvState {
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
        records = records == null ? List.of() : List.copyOf(records);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    EnvState withIncidents(List<IncidentState> next) {
        return new EnvState(next, records, changes);
    }
}
