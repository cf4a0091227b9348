package timelines.streams.incidents;

import java.util.List;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Record;

/**
 * What stage 2 keeps per env besides its incidents: the records people declared, and recent
 * changes of any service (a dependency's change is a trigger candidate too). Small and rarely
 * written: only a record or a change rewrites it, never a failure signal.
 */
public record EnvContext(List<Record> records, List<TriggerCandidate> changes) {
    public static final EnvContext EMPTY = new EnvContext(List.of(), List.of());

    public EnvContext {
        records = records == null ? List.of() : List.copyOf(records);
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
