package timelines.streams.incidents;

import java.util.List;
import timelines.contracts.Record;

/** Stage 2's value per env: the incidents still open or within the amend horizon, and the records. */
public record EnvState(List<IncidentState> incidents, List<Record> records) {
    public static final EnvState EMPTY = new EnvState(List.of(), List.of());

    public EnvState {
        incidents = incidents == null ? List.of() : List.copyOf(incidents);
        records = records == null ? List.of() : List.copyOf(records);
    }
}
