package timelines.streams.incidents;

import java.util.List;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.streams.episodes.MonitoringSilence;
import timelines.streams.episodes.WarningStart;
import timelines.contracts.Record;

/**
 * What stage 2 keeps per env besides its incidents: the records people declared, recent
 * changes of any service (a dependency's change is a trigger candidate too), and recent warnings
 * of any service (early warnings of an outage that follows them), and the times its monitoring was
 * silent (a heartbeat stopped). Small and rarely
 * written: only a record or a change rewrites it, never a failure signal.
 */
public record EnvContext(List<Record> records, List<TriggerCandidate> changes, List<WarningStart> warnings,
        List<MonitoringSilence> silences) {
    public static final EnvContext EMPTY = new EnvContext(List.of(), List.of(), List.of(), List.of());

    public EnvContext {
        records = records == null ? List.of() : List.copyOf(records);
        changes = changes == null ? List.of() : List.copyOf(changes);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
        silences = silences == null ? List.of() : List.copyOf(silences);
    }

    public EnvContext(List<Record> records, List<TriggerCandidate> changes) {
        this(records, changes, List.of(), List.of());
    }

    EnvContext withRecords(List<Record> next) {
        return new EnvContext(next, changes, warnings, silences);
    }

    EnvContext withChanges(List<TriggerCandidate> next) {
        return new EnvContext(records, next, warnings, silences);
    }

    EnvContext withWarnings(List<WarningStart> next) {
        return new EnvContext(records, changes, next, silences);
    }

    EnvContext withSilences(List<MonitoringSilence> next) {
        return new EnvContext(records, changes, warnings, next);
    }
}
