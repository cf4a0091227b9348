package timelines.streams.incidents;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Ids;
import timelines.contracts.Incident;
import timelines.contracts.JsonSerde;
import timelines.contracts.Record;
import timelines.streams.CorrelationSettings;
import timelines.streams.DeadlineIndex;
import timelines.streams.episodes.Episode;

/**
 * Stages 2 and 3. Reads episodes (from stage 1), records (from {@code records.v1}) and ticks, all
 * keyed by env; keeps an {@link EnvState} per env in the incidents store; emits a new revision of
 * an incident to {@code incidents.v1} whenever its content changes, and RAISED/CLEARED alerts to
 * {@code alerts.v1} for outages nobody recorded.
 *
 * <p>Before any input is applied, every env with an unrecorded-outage check due by then is judged
 * at its due time (a {@link DeadlineIndex} says which), so an alert fires on the same input
 * whether stream time got there by a tick or by a signal.
 */
public final class IncidentAssembler implements Processor<String, Object, String, Object> {
    private static final JsonSerde<Incident> INCIDENT_JSON = JsonSerde.of(Incident.class);

    private final String storeName;
    private final String incidentsChild;
    private final String alertsChild;
    private final CorrelationSettings settings;
    private final ServiceGraph graph;
    private final MeterRegistry meters;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, EnvState> store;
    private final DeadlineIndex checks = new DeadlineIndex();

    public IncidentAssembler(String storeName, String incidentsChild, String alertsChild,
            CorrelationSettings settings, ServiceGraph graph, MeterRegistry meters) {
        this.storeName = storeName;
        this.incidentsChild = incidentsChild;
        this.alertsChild = alertsChild;
        this.settings = settings;
        this.graph = graph;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        try (KeyValueIterator<String, EnvState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, EnvState> kv = all.next();
                index(kv.key, kv.value);
            }
        }
    }

    /** The env's next unrecorded-outage check: the earliest due time of an incident not yet judged. */
    private void index(String env, EnvState state) {
        Long next = null;
        for (IncidentState inc : state.incidents()) {
            if (inc.unrecordedChecked() || inc.unrecordedDeferred() || inc.unrecordedAlertAt() != null) {
                continue;
            }
            Instant begin = inc.episodes().stream().map(Episode::begin).min(Instant::compareTo).orElseThrow();
            long due = begin.plus(settings.recordGrace().compareTo(settings.minDuration()) >= 0
                    ? settings.recordGrace() : settings.minDuration()).toEpochMilli();
            next = next == null ? due : Math.min(next, due);
        }
        checks.set(env, next);
    }

    private void put(String env, EnvState state) {
        store.put(env, state);
        index(env, state);
    }

    @Override
    public void process(org.apache.kafka.streams.processor.api.Record<String, Object> in) {
        Instant now = Instant.ofEpochMilli(Math.max(context.currentStreamTimeMs(), in.timestamp()));
        // Judging one incident re-indexes its env at the next due time, which may also have passed.
        for (var due = checks.pollDue(now.toEpochMilli()); !due.isEmpty(); due = checks.pollDue(now.toEpochMilli())) {
            for (DeadlineIndex.Due d : due) {
                EnvState state = store.get(d.key());
                if (state != null) {
                    put(d.key(), settle(d.key(), state, Instant.ofEpochMilli(d.at()), in));
                }
            }
        }
        Object value = in.value();
        if (value instanceof Episode episode) {
            EnvState state = attach(orEmpty(store.get(episode.env())), episode);
            put(episode.env(), settle(episode.env(), state, now, in));
        } else if (value instanceof Record record) {
            if (record.env() == null || record.id() == null) {
                meters.counter("timelines_records_ignored_total", "reason", "missing_env_or_id").increment();
                return;
            }
            EnvState state = orEmpty(store.get(record.env()));
            List<Record> records = new ArrayList<>(state.records());
            records.removeIf(r -> r.id().equals(record.id()));
            records.add(record);
            records.sort(Comparator.comparing(Record::id));
            put(record.env(), settle(record.env(), new EnvState(state.incidents(), records), now, in));
        }
        // A tick needs nothing more: moving stream time forward ran the due checks above.
    }

    /**
     * Puts an episode into the incident that already holds it, else into an incident of a
     * connected service that it overlaps (or comes within {@code gap} of), else a new incident.
     */
    EnvState attach(EnvState state, Episode episode) {
        List<IncidentState> incidents = new ArrayList<>(state.incidents());
        for (int i = 0; i < incidents.size(); i++) {
            IncidentState inc = incidents.get(i);
            List<Episode> eps = new ArrayList<>(inc.episodes());
            if (eps.removeIf(e -> e.id().equals(episode.id()))) {
                eps.add(episode);
                incidents.set(i, withEpisodes(inc, eps));
                return new EnvState(incidents, state.records());
            }
        }
        for (int i = 0; i < incidents.size(); i++) {
            IncidentState inc = incidents.get(i);
            if (joins(inc, episode)) {
                List<Episode> eps = new ArrayList<>(inc.episodes());
                eps.add(episode);
                incidents.set(i, withEpisodes(inc, eps));
                return new EnvState(incidents, state.records());
            }
        }
        incidents.add(new IncidentState(Ids.of("incident", episode.env(), episode.id()), List.of(episode), 0, null,
                null, null, false, false));
        return new EnvState(incidents, state.records());
    }

    private boolean joins(IncidentState inc, Episode episode) {
        boolean connected = inc.episodes().stream().anyMatch(e -> graph.connected(e.service(), episode.service()));
        if (!connected) {
            return false;
        }
        Instant begin = null;
        Instant end = null;
        boolean open = false;
        for (Episode e : inc.episodes()) {
            begin = begin == null || e.begin().isBefore(begin) ? e.begin() : begin;
            if (e.open()) {
                open = true;
            } else if (end == null || e.end().isAfter(end)) {
                end = e.end();
            }
        }
        boolean startsInReach = open || !episode.begin().isAfter(end.plus(settings.gap()));
        boolean endsInReach = episode.open() || !begin.isAfter(episode.end().plus(settings.gap()));
        return startsInReach && endsInReach;
    }

    /** Rebuilds every incident of the env, emits changed revisions and alerts, prunes old ones. */
    private EnvState settle(String env, EnvState state, Instant now,
            org.apache.kafka.streams.processor.api.Record<String, Object> in) {
        List<IncidentState> kept = new ArrayList<>();
        for (IncidentState inc : state.incidents()) {
            Incident built = IncidentBuilder.build(inc.id(), inc.episodes(), state.records(), inc.unrecordedAlertAt(),
                    settings);
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
                built = IncidentBuilder.build(inc.id(), inc.episodes(), state.records(), raisedAt, settings);
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
                Incident revised = withRevision(built, revision);
                context.forward(in.withKey(built.id()).withValue((Object) revised), incidentsChild);
            }
            IncidentState next = new IncidentState(inc.id(), inc.episodes(), revision, digest, raisedAt, clearedAt,
                    checked, deferred);
            if (built.end() != null && built.end().plus(settings.amendHorizon()).isBefore(now)) {
                meters.counter("timelines_incidents_retired_total").increment();
                continue;
            }
            kept.add(next);
        }
        List<Record> records = state.records().stream()
                .filter(r -> r.openedAt() == null
                        || !r.openedAt().plus(settings.amendHorizon()).plus(settings.lookback()).isBefore(now)
                        || (r.end() != null && !r.end().plus(settings.amendHorizon()).isBefore(now)))
                .toList();
        return new EnvState(kept, records);
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

    private void emitAlert(AlertType type, Incident incident, Instant at, String reason,
            org.apache.kafka.streams.processor.api.Record<String, Object> in) {
        Alert alert = new Alert(type, incident.id(), incident.env(), incident.services(), at, incident.begin(), reason);
        context.forward(in.withKey(incident.id()).withValue((Object) alert).withTimestamp(at.toEpochMilli()),
                alertsChild);
    }

    private static IncidentState withEpisodes(IncidentState inc, List<Episode> episodes) {
        episodes.sort(Comparator.comparing(Episode::begin).thenComparing(Episode::id));
        return new IncidentState(inc.id(), episodes, inc.revision(), inc.contentDigest(), inc.unrecordedAlertAt(),
                inc.alertClearedAt(), inc.unrecordedChecked(), inc.unrecordedDeferred());
    }

    private static Incident withRevision(Incident i, long revision) {
        return new Incident(i.id(), revision, i.env(), i.title(), i.status(), i.planned(), i.services(), i.begin(),
                i.detect(), i.ack(), i.recorded(), i.end(), i.endInferred(), i.timeToDetectSeconds(),
                i.timeToAcknowledgeSeconds(), i.timeToRecordSeconds(), i.timeToRecoverSeconds(), i.detectedBy(),
                i.unrecordedAlertAt(), i.triggerCandidates(), i.entries(), i.entriesOmitted());
    }

    private static EnvState orEmpty(EnvState s) {
        return s == null ? EnvState.EMPTY : s;
    }
}
