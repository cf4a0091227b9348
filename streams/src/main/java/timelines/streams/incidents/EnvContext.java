package timelines.streams.incidents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import timelines.streams.CorrelationSettings;
import timelines.streams.StateBudget;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.streams.episodes.MonitoringSilence;
import timelines.streams.episodes.WarningStart;
import timelines.contracts.Record;

/**
 * What stage 2 keeps per env besides its incidents: the records people declared, recent
 * changes of any service (a dependency's change is a trigger candidate too), and recent warnings
 * of any service (early warnings of an outage that follows them), and the times its monitoring was
 * silent (a heartbeat stopped). Small and rarely
 * written: a record, a change, a warning or a silence rewrites it, never an impact signal.
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

    /** Changes kept per env for dependency trigger candidates. */
    static final int CHANGES = 500;
    /** Warnings kept per env for early warnings: a week of a busy cluster's, most of which repeat. */
    static final int WARNINGS = 1_000;
    /** Monitoring silences kept per env. */
    static final int SILENCES = 100;

    private static final Comparator<TriggerCandidate> CHANGE_ORDER = Comparator.comparing(TriggerCandidate::at)
            .thenComparing(TriggerCandidate::service).thenComparing(c -> nz(c.summary()));
    private static final Comparator<WarningStart> WARNING_ORDER = Comparator.comparing(WarningStart::at)
            .thenComparing(WarningStart::service).thenComparing(w -> nz(w.source())).thenComparing(w -> nz(w.summary()));

    /** With a record added, or replacing the one of the same id; the env keeps its {@link StateBudget#ENV_RECORDS}. */
    EnvContext with(Record record) {
        List<Record> next = new ArrayList<>(records);
        next.removeIf(r -> r.id().equals(record.id()));
        next.add(record);
        next = StateBudget.capRecords(next);
        next.sort(Comparator.comparing(Record::id));
        return new EnvContext(next, changes, warnings, silences);
    }

    /** With a change added (the latest {@link #CHANGES} kept); this same context when it is known. */
    EnvContext with(TriggerCandidate change) {
        if (changes.contains(change)) {
            return this;
        }
        return new EnvContext(records, latest(changes, change, CHANGE_ORDER, CHANGES), warnings, silences);
    }

    /** With a warning added (the latest {@link #WARNINGS} kept); this same context when it is known. */
    EnvContext with(WarningStart warning) {
        if (warnings.contains(warning)) {
            return this;
        }
        return new EnvContext(records, changes, latest(warnings, warning, WARNING_ORDER, WARNINGS), silences);
    }

    /** With a silence added, or replacing its earlier state (it ended); the latest {@link #SILENCES} kept. */
    EnvContext with(MonitoringSilence silence) {
        List<MonitoringSilence> next = new ArrayList<>(silences);
        next.removeIf(m -> m.id().equals(silence.id()));
        return new EnvContext(records, changes, warnings, latest(next, silence,
                Comparator.comparing(MonitoringSilence::from).thenComparing(MonitoringSilence::id), SILENCES));
    }

    /**
     * What is still worth keeping at stream time {@code now}: anything an incident that may still
     * be amended could read (its lookback before BEGIN included).
     */
    EnvContext keptAt(Instant now, CorrelationSettings s) {
        Instant forgetBefore = now.minus(s.amendHorizon()).minus(s.lookback());
        return new EnvContext(
                records.stream().filter(r -> r.openedAt() == null || !r.openedAt().isBefore(forgetBefore)
                        || (r.end() != null && !r.end().isBefore(forgetBefore))).toList(),
                changes.stream().filter(c -> !c.at().isBefore(forgetBefore)).toList(),
                warnings.stream().filter(w -> !w.at().isBefore(forgetBefore)).toList(),
                silences.stream().filter(m -> m.to() == null || !m.to().isBefore(forgetBefore)).toList());
    }

    private static <T> List<T> latest(List<T> kept, T added, Comparator<T> order, int max) {
        List<T> next = new ArrayList<>(kept);
        next.add(added);
        next.sort(order);
        if (next.size() > max) {
            next.subList(0, next.size() - max).clear();
        }
        return next;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
