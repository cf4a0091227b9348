package timelines.streams.incidents;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Ids;
import timelines.contracts.Incident;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.JsonSerde;
import timelines.streams.CorrelationSettings;
import timelines.streams.DeadlineIndex;
import timelines.streams.episodes.Episode;

/**
 * Stages 2 and 3. Reads episodes and changes (from stage 1), records (from {@code records.v1})
 * and ticks, all keyed by env; keeps an {@link EnvState} per env in the incidents store; emits a
 * new revision of an incident to {@code incidents.v1} whenever its content changes (a tombstone
 * when it merged into another), and RAISED/CLEARED alerts to {@code alerts.v1} for outages nobody
 * recorded.
 *
 * <p>Before any input is applied, every env with an unrecorded-outage check due by then is judged
 * at its due time (a {@link DeadlineIndex} says which), so an alert fires on the same input
 * whether stream time got there by a tick or by a signal.
 */
public final class IncidentAssembler implements Processor<String, Object, String, Object> {
    private static final JsonSerde<Incident> INCIDENT_JSON = JsonSerde.of(Incident.class);
    /** Changes kept per env for dependency trigger candidates. */
    static final int ENV_CHANGES = 500;
    /** Env states kept as objects beside the store; envs are few, this only bounds a flood of made-up ones. */
    static final int WRITTEN_ENVS = 1_000;

    private final String storeName;
    private final String incidentsChild;
    private final String alertsChild;
    private final CorrelationSettings settings;
    private final ServiceGraph graph;
    private final MeterRegistry meters;
    private final IncidentMetrics incidentMetrics;
    private final DeadlineIndex checks = new DeadlineIndex();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, EnvState> store;
    /**
     * The env states this processor last put, as objects: an env's state holds all its incidents,
     * and reading it back from the store on every input (deserializing all of them) was most of
     * the topology's time. The processor is the store's only writer, so what it last put is what
     * the store holds; emptied on every (re)initialisation, when the store may have been restored.
     */
    private final Map<String, EnvState> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EnvState> eldest) {
            return size() > WRITTEN_ENVS;
        }
    };

    public IncidentAssembler(String storeName, String incidentsChild, String alertsChild,
            CorrelationSettings settings, ServiceGraph graph, MeterRegistry meters) {
        this.storeName = storeName;
        this.incidentsChild = incidentsChild;
        this.alertsChild = alertsChild;
        this.settings = settings;
        this.graph = graph;
        this.meters = meters;
        this.incidentMetrics = new IncidentMetrics(meters);
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        written.clear();
        try (KeyValueIterator<String, EnvState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, EnvState> kv = all.next();
                index(kv.key, kv.value);
            }
        }
    }

    @Override
    public void process(Record<String, Object> in) {
        Instant now = Instant.ofEpochMilli(Math.max(context.currentStreamTimeMs(), in.timestamp()));
        // Judging one incident re-indexes its env at the next due time, which may also have passed.
        for (var due = checks.pollDue(now.toEpochMilli()); !due.isEmpty(); due = checks.pollDue(now.toEpochMilli())) {
            for (DeadlineIndex.Due d : due) {
                EnvState state = load(d.key());
                if (state != null) {
                    put(d.key(), settle(d.key(), state, Instant.ofEpochMilli(d.at()), in));
                }
            }
        }
        Object value = in.value();
        if (value instanceof Episode episode) {
            EnvState state = attach(orEmpty(load(episode.env())), episode, in);
            put(episode.env(), settle(episode.env(), state, now, in));
        } else if (value instanceof timelines.contracts.Record record) {
            if (record.env() == null || record.id() == null) {
                meters.counter("timelines_records_ignored_total", "reason", "missing_env_or_id").increment();
                return;
            }
            EnvState state = orEmpty(load(record.env()));
            List<timelines.contracts.Record> records = new ArrayList<>(state.records());
            records.removeIf(r -> r.id().equals(record.id()));
            records.add(record);
            records.sort(Comparator.comparing(timelines.contracts.Record::id));
            put(record.env(), settle(record.env(), new EnvState(state.incidents(), records, state.changes()), now, in));
        } else if (value instanceof TriggerCandidate change) {
            String env = in.key();
            EnvState state = orEmpty(load(env));
            List<TriggerCandidate> changes = new ArrayList<>(state.changes());
            if (!changes.contains(change)) {
                changes.add(change);
                changes.sort(Comparator.comparing(TriggerCandidate::at).thenComparing(TriggerCandidate::service)
                        .thenComparing(c -> c.summary() == null ? "" : c.summary()));
                if (changes.size() > ENV_CHANGES) {
                    changes.subList(0, changes.size() - ENV_CHANGES).clear();
                }
                put(env, settle(env, new EnvState(state.incidents(), state.records(), changes), now, in));
            }
        }
        // A tick needs nothing more: moving stream time forward ran the due checks above.
    }

    /**
     * Puts an episode into the incident that already holds it, else into the incidents of
     * connected services it overlaps (or comes within {@code gap} of), merging them when it joins
     * several, else into a new incident.
     */
    private EnvState attach(EnvState state, Episode episode, Record<String, Object> in) {
        List<IncidentState> incidents = new ArrayList<>(state.incidents());
        int holder = -1;
        for (int i = 0; i < incidents.size() && holder < 0; i++) {
            if (incidents.get(i).episodes().stream().anyMatch(e -> e.id().equals(episode.id()))) {
                holder = i;
            }
        }
        // Every incident this episode now touches, the holder included, becomes one.
        List<Integer> joined = new ArrayList<>();
        for (int i = 0; i < incidents.size(); i++) {
            if (i == holder || IncidentJoin.joins(incidents.get(i).episodes(), episode, graph, settings.gap())) {
                joined.add(i);
            }
        }
        if (joined.isEmpty()) {
            incidents.add(new IncidentState(Ids.of("incident", episode.env(), episode.id()), List.of(episode), 0, null,
                    null, null, false, false, List.of()));
            return state.withIncidents(incidents);
        }
        IncidentState survivor = incidents.get(joined.get(0));
        for (int i : joined) {
            IncidentState candidate = incidents.get(i);
            if (IncidentJoin.earliestBegin(candidate).isBefore(IncidentJoin.earliestBegin(survivor))
                    || (IncidentJoin.earliestBegin(candidate).equals(IncidentJoin.earliestBegin(survivor))
                            && candidate.id().compareTo(survivor.id()) < 0)) {
                survivor = candidate;
            }
        }
        List<Episode> episodes = new ArrayList<>();
        List<IncidentState> kept = new ArrayList<>();
        IncidentState merged = survivor;
        boolean absorbedAny = false;
        for (int i = 0; i < incidents.size(); i++) {
            IncidentState inc = incidents.get(i);
            if (!joined.contains(i)) {
                kept.add(inc);
                continue;
            }
            for (Episode e : inc.episodes()) {
                if (!e.id().equals(episode.id())) {
                    episodes.add(e);
                }
            }
            if (inc != survivor) {
                absorbedAny = true;
                meters.counter("timelines_incidents_merged_total").increment();
                // The absorbed incident's drafts go away: its signals now live in the survivor.
                context.forward(in.withKey(inc.id()).withValue(null), incidentsChild);
                if (inc.unrecordedAlertAt() != null && inc.alertClearedAt() == null) {
                    // Its alert would otherwise fire for ever; the survivor carries the outage on.
                    Instant at = inc.unrecordedAlertAt();
                    at = at.isAfter(Instant.ofEpochMilli(in.timestamp())) ? at : Instant.ofEpochMilli(in.timestamp());
                    Alert cleared = new Alert(AlertType.CLEARED, inc.id(), episode.env(),
                            inc.episodes().stream().map(Episode::service).distinct().sorted().toList(), at,
                            IncidentJoin.earliestBegin(inc), "merged into incident " + survivor.id());
                    context.forward(in.withKey(inc.id()).withValue((Object) cleared).withTimestamp(at.toEpochMilli()),
                            alertsChild);
                }
                merged = mergeAlertState(merged, inc);
            }
        }
        episodes.add(episode);
        episodes.sort(Comparator.comparing(Episode::begin).thenComparing(Episode::id));
        kept.add(merged.withEpisodes(episodes));
        if (!absorbedAny && holder >= 0) {
            // Keep incidents in a stable order: the holder stays where it was.
            kept.remove(kept.size() - 1);
            kept.add(Math.min(holder, kept.size()), merged.withEpisodes(episodes));
        }
        return state.withIncidents(kept);
    }

    private static IncidentState mergeAlertState(IncidentState into, IncidentState from) {
        Instant raised = earlier(into.unrecordedAlertAt(), from.unrecordedAlertAt());
        Instant cleared = into.unrecordedAlertAt() != null ? into.alertClearedAt() : from.alertClearedAt();
        return new IncidentState(into.id(), into.episodes(), into.revision(), into.contentDigest(), raised, cleared,
                into.unrecordedChecked() || from.unrecordedChecked(),
                into.unrecordedDeferred() && from.unrecordedDeferred(), into.measured());
    }

    /** Rebuilds every incident of the env, emits changed revisions and alerts, retires old ones. */
    private EnvState settle(String env, EnvState state, Instant now, Record<String, Object> in) {
        List<IncidentState> kept = new ArrayList<>();
        int open = 0;
        for (IncidentState inc : state.incidents()) {
            Incident built = build(inc, state, inc.unrecordedAlertAt());
            Instant raisedAt = inc.unrecordedAlertAt();
            Instant clearedAt = inc.alertClearedAt();
            boolean checked = inc.unrecordedChecked();
            boolean deferred = inc.unrecordedDeferred();
            UnrecordedVerdict verdict = UnrecordedCheck.decide(built, raisedAt, clearedAt, checked,
                    lastFailingAt(inc.episodes(), now), now, settings);
            meters.counter("timelines_unrecorded_checks_total", "verdict", verdict.name()).increment();
            if (verdict == UnrecordedVerdict.RAISE) {
                // Judged at its due time, unless it was deferred: then it fired on the change that made it long enough.
                raisedAt = deferred ? now : UnrecordedCheck.dueAt(built, settings);
                built = build(inc, state, raisedAt);
                emitAlert(AlertType.RAISED, built, raisedAt,
                        "no incident recorded within " + settings.recordGrace().toMinutes() + " min of BEGIN", in);
                meters.counter("timelines_unrecorded_outages_total", "env", env).increment();
            } else if (verdict == UnrecordedVerdict.CLEAR) {
                clearedAt = built.recorded().isAfter(raisedAt) ? built.recorded() : raisedAt;
                emitAlert(AlertType.CLEARED, built, clearedAt, "incident recorded at " + built.recorded(), in);
            }
            checked = checked || verdict.settles();
            deferred = deferred || verdict == UnrecordedVerdict.QUIET_NOT_LONG_ENOUGH_YET;

            String digest = Ids.of(new String(INCIDENT_JSON.serialize(null, built), StandardCharsets.UTF_8));
            long revision = inc.revision();
            if (!digest.equals(inc.contentDigest())) {
                revision++;
                context.forward(in.withKey(built.id()).withValue((Object) withRevision(built, revision)), incidentsChild);
            }
            List<String> measured = incidentMetrics.measure(built, inc.measured());
            if (built.end() != null && built.end().plus(settings.amendHorizon()).isBefore(now)) {
                meters.counter("timelines_incidents_retired_total").increment();
                continue;
            }
            if (built.end() == null) {
                open++;
            }
            kept.add(new IncidentState(inc.id(), inc.episodes(), revision, digest, raisedAt, clearedAt, checked,
                    deferred, measured));
        }
        incidentMetrics.openIncidents(env, open);
        Instant forgetBefore = now.minus(settings.amendHorizon()).minus(settings.lookback());
        List<timelines.contracts.Record> records = state.records().stream()
                .filter(r -> r.openedAt() == null || !r.openedAt().isBefore(forgetBefore)
                        || (r.end() != null && !r.end().isBefore(forgetBefore)))
                .toList();
        List<TriggerCandidate> changes = state.changes().stream().filter(c -> !c.at().isBefore(forgetBefore)).toList();
        return new EnvState(kept, records, changes);
    }

    private Incident build(IncidentState inc, EnvState state, Instant raisedAt) {
        return IncidentBuilder.build(inc.id(), inc.episodes(), state.records(), state.changes(), graph, raisedAt,
                settings);
    }

    /** Now while any check is failing; else the latest error, recovery or end seen. */
    static Instant lastFailingAt(List<Episode> episodes, Instant now) {
        Instant last = null;
        for (Episode e : episodes) {
            if (e.open() && e.anyCheckFailing()) {
                return now;
            }
            for (Instant t : new Instant[] {e.lastErrorAt(), e.lastRecoveryAt(), e.end(), e.begin()}) {
                if (t != null && (last == null || t.isAfter(last))) {
                    last = t;
                }
            }
        }
        return last;
    }

    /** The env's next unrecorded-outage check: the earliest due time of an incident not yet judged. */
    private void index(String env, EnvState state) {
        Duration wait = settings.recordGrace().compareTo(settings.minDuration()) >= 0
                ? settings.recordGrace() : settings.minDuration();
        Long next = null;
        for (IncidentState inc : state.incidents()) {
            if (inc.unrecordedChecked() || inc.unrecordedDeferred() || inc.unrecordedAlertAt() != null) {
                continue;
            }
            long due = IncidentJoin.earliestBegin(inc).plus(wait).toEpochMilli();
            next = next == null ? due : Math.min(next, due);
        }
        checks.set(env, next);
    }

    private EnvState load(String env) {
        EnvState state = written.get(env);
        return state != null ? state : store.get(env);
    }

    private void put(String env, EnvState state) {
        store.put(env, state);
        written.put(env, state);
        index(env, state);
    }

    @Override
    public void close() {
        written.clear();
    }

    private void emitAlert(AlertType type, Incident incident, Instant at, String reason, Record<String, Object> in) {
        Alert alert = new Alert(type, incident.id(), incident.env(), incident.services(), at, incident.begin(), reason);
        context.forward(in.withKey(incident.id()).withValue((Object) alert).withTimestamp(at.toEpochMilli()),
                alertsChild);
    }

    private static Incident withRevision(Incident i, long revision) {
        return new Incident(i.id(), revision, i.env(), i.title(), i.status(), i.planned(), i.services(), i.begin(),
                i.detect(), i.ack(), i.recorded(), i.end(), i.endInferred(), i.timeToDetectSeconds(),
                i.timeToAcknowledgeSeconds(), i.timeToRecordSeconds(), i.timeToRecoverSeconds(), i.detectedBy(),
                i.unrecordedAlertAt(), i.triggerCandidates(), i.entries(), i.entriesOmitted());
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static EnvState orEmpty(EnvState s) {
        return s == null ? EnvState.EMPTY : s;
    }
}
