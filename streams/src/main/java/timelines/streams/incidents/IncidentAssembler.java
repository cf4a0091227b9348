package timelines.streams.incidents;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import timelines.streams.CommitOutbox;
import timelines.streams.CorrelationSettings;
import timelines.streams.StateBudget;
import timelines.streams.DeadlineIndex;
import timelines.streams.InputCheck;
import timelines.streams.episodes.Episode;
import timelines.streams.episodes.MonitoringSilence;
import timelines.streams.episodes.WarningStart;

/**
 * Stages 2 and 3. Reads episodes and changes (from stage 1), records (from {@code records.v1})
 * and ticks, all keyed by env. Keeps one {@link IncidentState} per incident in the incidents store
 * (key {@code env|incident id}) and one {@link EnvContext} per env (records and recent changes)
 * in the context store. Sends RAISED/CLEARED alerts to {@code alerts.v1} at once for outages
 * nobody recorded, and to {@code incidents.v1}, at each commit, the latest revision of every
 * incident that changed since the last (a tombstone when it merged into another).
 *
 * <p>An input judges and writes only the incidents it can change: an episode, the incident
 * that holds it and those it joins; a change, the incidents whose lookback or duration covers it;
 * a record, the env's incidents. So the cost of a signal does not grow with the incidents an env
 * keeps for late amendments. (Version 1 kept all of them in one value per env and rewrote it on
 * every signal.) Decisions use the incident's header; its timeline, the costly part, is built
 * once per commit for the revision sent.
 *
 * <p>Before any input is applied, every incident whose unrecorded-outage check is due by then is
 * judged at its due time, and every incident past the amend horizon is retired ({@link
 * DeadlineIndex}es say which), so an alert fires on the same input whether stream time got there
 * by a tick or by a signal.
 */
public final class IncidentAssembler implements Processor<String, Object, String, Object> {
    /** Changes kept per env for dependency trigger candidates. */
    static final int ENV_CHANGES = 500;
    /** Warnings kept per env for early warnings: a week of a busy cluster's, most of which repeat. */
    static final int ENV_WARNINGS = 1_000;
    /** Monitoring silences kept per env. */
    static final int ENV_SILENCES = 100;
    private static final Comparator<WarningStart> WARNING_ORDER = Comparator.comparing(WarningStart::at)
            .thenComparing(WarningStart::service).thenComparing(w -> w.source() == null ? "" : w.source())
            .thenComparing(w -> w.summary() == null ? "" : w.summary());

    private final String incidentsStoreName;
    private final String contextStoreName;
    private final String outboxName;
    private final String incidentsChild;
    private final String alertsChild;
    private final CorrelationSettings settings;
    private final ServiceGraph graph;
    private final MeterRegistry meters;
    private final IncidentMetrics incidentMetrics;
    private final Map<String, EnvIncidents> envs = new HashMap<>();
    private final Map<UnrecordedVerdict, Counter> checksCounted = new EnumMap<>(UnrecordedVerdict.class);
    /**
     * Incidents ({@code env|id}) whose revision counter moved since the last commit, with the
     * input that last moved it (its timestamp goes with the revision): built in full and sent at
     * the commit.
     */
    private final Map<String, Record<String, Object>> unsent = new LinkedHashMap<>();
    private DeadlineIndex checks = new DeadlineIndex();
    private DeadlineIndex retirements = new DeadlineIndex();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, IncidentState> incidents;
    private KeyValueStore<String, EnvContext> contexts;
    private CommitOutbox<String, Object> revisions;

    public IncidentAssembler(String incidentsStoreName, String contextStoreName, String outboxName,
            String incidentsChild, String alertsChild, CorrelationSettings settings, ServiceGraph graph,
            MeterRegistry meters) {
        this.incidentsStoreName = incidentsStoreName;
        this.contextStoreName = contextStoreName;
        this.outboxName = outboxName;
        this.incidentsChild = incidentsChild;
        this.alertsChild = alertsChild;
        this.settings = settings;
        this.graph = graph;
        this.meters = meters;
        this.incidentMetrics = new IncidentMetrics(meters);
    }

    /**
     * The working set is derived from the stores, which may just have been restored. What each
     * incident's last revision said is its rebuild from the restored state: the state and the
     * revisions it produced were committed in one transaction.
     */
    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.incidents = context.getStateStore(incidentsStoreName);
        this.contexts = context.getStateStore(contextStoreName);
        this.revisions = context.getStateStore(outboxName);
        revisions.bind(context, this::sendUnsent);
        unsent.clear();
        envs.clear();
        checks = new DeadlineIndex();
        retirements = new DeadlineIndex();
        try (KeyValueIterator<String, EnvContext> all = contexts.all()) {
            while (all.hasNext()) {
                KeyValue<String, EnvContext> kv = all.next();
                env(kv.key).context(kv.value);
            }
        }
        try (KeyValueIterator<String, IncidentState> all = incidents.all()) {
            while (all.hasNext()) {
                KeyValue<String, IncidentState> kv = all.next();
                String env = kv.key.substring(0, kv.key.lastIndexOf('|'));
                env(env).put(kv.value);
                index(env, kv.value, null, null);
            }
        }
        envs.values().forEach(e -> e.all().forEach(id -> {
            IncidentState inc = e.get(id);
            e.built(build(inc, e.context(), inc.unrecordedAlertAt()));
        }));
        envs.forEach((env, e) -> incidentMetrics.openIncidents(env, e.openCount()));
    }

    @Override
    public void process(Record<String, Object> in) {
        Instant now = Instant.ofEpochMilli(Math.max(context.currentStreamTimeMs(), in.timestamp()));
        // Judging one incident re-indexes it at its next due time, which may also have passed.
        for (var due = checks.pollDue(now.toEpochMilli()); !due.isEmpty(); due = checks.pollDue(now.toEpochMilli())) {
            for (DeadlineIndex.Due d : due) {
                String env = envOf(d.key());
                settle(env, List.of(idOf(d.key())), Input.DUE_CHECK, null, Instant.ofEpochMilli(d.at()), in);
            }
        }
        for (DeadlineIndex.Due d : retirements.pollDue(now.toEpochMilli())) {
            retire(envOf(d.key()), idOf(d.key()));
        }
        Object value = in.value();
        if (value instanceof Episode episode) {
            String id = attach(env(episode.env()), episode, in);
            settle(episode.env(), List.of(id), Input.EPISODE, null, now, in);
        } else if (value instanceof timelines.contracts.Record record) {
            if (record.env() == null || record.id() == null) {
                meters.counter("timelines_records_ignored_total", "reason", "missing_env_or_id").increment();
                return;
            }
            InputCheck.Verdict usable = InputCheck.verdict(record);
            if (usable != InputCheck.Verdict.USABLE) {
                throw new InputCheck.UnusableInput(usable, "record " + record.id());
            }
            EnvIncidents e = env(record.env());
            EnvContext before = e.context();
            List<timelines.contracts.Record> records = new ArrayList<>(e.context().records());
            records.removeIf(r -> r.id().equals(record.id()));
            records.add(record);
            int kept = records.size();
            records = StateBudget.capRecords(records);
            if (records.size() < kept) {
                meters.counter("timelines_records_ignored_total", "reason", "env_records_full").increment();
            }
            records.sort(Comparator.comparing(timelines.contracts.Record::id));
            putContext(record.env(), e.context().withRecords(records), now);
            // A record can record, clear or plan any incident of its env.
            settle(record.env(), e.all(), Input.CONTEXT, ContextChange.between(before, e.context()), now, in);
        } else if (value instanceof TriggerCandidate change) {
            String env = in.key();
            EnvIncidents e = env(env);
            EnvContext before = e.context();
            List<TriggerCandidate> changes = new ArrayList<>(e.context().changes());
            if (!changes.contains(change)) {
                changes.add(change);
                changes.sort(Comparator.comparing(TriggerCandidate::at).thenComparing(TriggerCandidate::service)
                        .thenComparing(c -> c.summary() == null ? "" : c.summary()));
                if (changes.size() > ENV_CHANGES) {
                    changes.subList(0, changes.size() - ENV_CHANGES).clear();
                }
                putContext(env, e.context().withChanges(changes), now);
                settle(env, e.covering(change.at(), settings.lookback()), Input.CONTEXT,
                        ContextChange.between(before, e.context()), now, in);
            }
        } else if (value instanceof WarningStart warning) {
            String env = in.key();
            EnvIncidents e = env(env);
            EnvContext before = e.context();
            List<WarningStart> warnings = new ArrayList<>(e.context().warnings());
            if (!warnings.contains(warning)) {
                warnings.add(warning);
                warnings.sort(WARNING_ORDER);
                if (warnings.size() > ENV_WARNINGS) {
                    warnings.subList(0, warnings.size() - ENV_WARNINGS).clear();
                }
                putContext(env, e.context().withWarnings(warnings), now);
                settle(env, e.covering(warning.at(), settings.lookback()), Input.CONTEXT,
                        ContextChange.between(before, e.context()), now, in);
            }
        } else if (value instanceof MonitoringSilence silence) {
            String env = in.key();
            EnvIncidents e = env(env);
            EnvContext before = e.context();
            List<MonitoringSilence> silences = new ArrayList<>(e.context().silences());
            silences.removeIf(m -> m.id().equals(silence.id()));
            silences.add(silence);
            silences.sort(Comparator.comparing(MonitoringSilence::from).thenComparing(MonitoringSilence::id));
            if (silences.size() > ENV_SILENCES) {
                silences.subList(0, silences.size() - ENV_SILENCES).clear();
            }
            putContext(env, e.context().withSilences(silences), now);
            emitSilence(silence, in);
            settle(env, e.all(), Input.CONTEXT, ContextChange.between(before, e.context()), now, in);
        }
        // A tick needs nothing more: moving stream time forward ran the due checks above.
    }

    /**
     * Puts an episode into the incident that already holds it, else into the incidents of
     * connected services it overlaps (or comes within {@code gap} of), merging them when it joins
     * several, else into a new incident. Returns the incident that now holds it.
     */
    private String attach(EnvIncidents e, Episode episode, Record<String, Object> in) {
        String holder = e.holderOf(episode.id());
        // Every incident this episode now touches, the holder included, becomes one.
        List<String> joined = new ArrayList<>();
        for (String id : e.inReach(episode, settings.gap())) {
            if (!id.equals(holder) && e.get(id).episodes().size() >= StateBudget.INCIDENT_EPISODES) {
                // Full: its state would outgrow a changelog record. The episode starts an incident of its own.
                meters.counter("timelines_incident_joins_refused_total", "reason", "INCIDENT_FULL").increment();
                continue;
            }
            if (id.equals(holder) || IncidentJoin.joins(e.get(id).episodes(), episode, graph, settings.gap())) {
                joined.add(id);
            }
        }
        if (holder != null && !joined.contains(holder)) {
            joined.add(holder);
        }
        joined = e.inOrder(joined);
        if (joined.isEmpty()) {
            IncidentState created = new IncidentState(Ids.of("incident", episode.env(), episode.id()),
                    List.of(episode), 0, null, null, false, false, List.of());
            e.put(created);
            return created.id();
        }
        IncidentState survivor = null;
        for (String id : joined) {
            IncidentState candidate = e.get(id);
            if (survivor == null || IncidentJoin.earliestBegin(candidate).isBefore(IncidentJoin.earliestBegin(survivor))
                    || (IncidentJoin.earliestBegin(candidate).equals(IncidentJoin.earliestBegin(survivor))
                            && candidate.id().compareTo(survivor.id()) < 0)) {
                survivor = candidate;
            }
        }
        List<Episode> episodes = new ArrayList<>();
        IncidentState merged = survivor;
        for (String id : joined) {
            IncidentState inc = e.get(id);
            for (Episode ep : inc.episodes()) {
                if (!ep.id().equals(episode.id())) {
                    episodes.add(ep);
                }
            }
            if (inc != survivor) {
                absorb(e, inc, survivor, episode.env(), in);
                merged = mergeAlertState(merged, inc);
            }
        }
        episodes.add(episode);
        episodes.sort(Comparator.comparing(Episode::begin).thenComparing(Episode::id));
        e.put(merged.withEpisodes(StateBudget.fitIncident(episodes)));
        return merged.id();
    }

    /** The absorbed incident's drafts go away: its signals now live in the survivor. */
    private void absorb(EnvIncidents e, IncidentState inc, IncidentState survivor, String env, Record<String, Object> in) {
        meters.counter("timelines_incidents_merged_total").increment();
        unsent.remove(key(env, inc.id()));
        revisions.send(in.withKey(inc.id()).withValue(null), incidentsChild);
        if (inc.unrecordedAlertAt() != null && inc.alertClearedAt() == null) {
            // Its alert would otherwise fire for ever; the survivor carries the outage on.
            Instant at = inc.unrecordedAlertAt();
            at = at.isAfter(Instant.ofEpochMilli(in.timestamp())) ? at : Instant.ofEpochMilli(in.timestamp());
            Alert cleared = new Alert(AlertType.CLEARED, inc.id(), env,
                    inc.episodes().stream().map(Episode::service).distinct().sorted().toList(), at,
                    IncidentJoin.earliestBegin(inc), "merged into incident " + survivor.id());
            context.forward(in.withKey(inc.id()).withValue((Object) cleared).withTimestamp(at.toEpochMilli()),
                    alertsChild);
        }
        e.remove(inc.id());
        incidents.delete(key(env, inc.id()));
        checks.set(key(env, inc.id()), null);
        retirements.set(key(env, inc.id()), null);
    }

    private static IncidentState mergeAlertState(IncidentState into, IncidentState from) {
        Instant raised = earlier(into.unrecordedAlertAt(), from.unrecordedAlertAt());
        Instant cleared = into.unrecordedAlertAt() != null ? into.alertClearedAt() : from.alertClearedAt();
        return new IncidentState(into.id(), into.episodes(), into.revision(), raised, cleared,
                into.unrecordedChecked() || from.unrecordedChecked(),
                into.unrecordedDeferred() && from.unrecordedDeferred(), into.measured());
    }

    /** What moved an incident: its episodes, its env's records or changes, or only stream time. */
    private enum Input { EPISODE, CONTEXT, DUE_CHECK }

    /**
     * Judges the given incidents of the env as of {@code now} on their header (the incident
     * without its timeline): emits alerts, counts a revision when the input changed the incident,
     * retires those past the amend horizon, and writes what changed. The revision itself is built
     * in full and sent at the commit ({@link #sendUnsent}).
     *
     * <p>The count does not depend on when commits happen, only on the inputs and their order: an
     * episode input always counts one (its episodes changed); a record or change counts one when
     * the incident built with the env's context before it differs from the incident built with it
     * (built only where {@link ContextChange#mayChange} says it can); a due check counts one when
     * it raised the alert (the timeline gains a line).
     */
    private void settle(String env, List<String> ids, Input input, ContextChange contextChange, Instant now,
            Record<String, Object> in) {
        EnvIncidents e = env(env);
        for (String id : ids) {
            IncidentState inc = e.get(id);
            if (inc == null) {
                continue;
            }
            EnvContext ctx = e.context();
            Incident header = header(inc, ctx, inc.unrecordedAlertAt());
            Instant raisedAt = inc.unrecordedAlertAt();
            Instant clearedAt = inc.alertClearedAt();
            boolean checked = inc.unrecordedChecked();
            boolean deferred = inc.unrecordedDeferred();
            UnrecordedVerdict verdict = UnrecordedCheck.decide(header, raisedAt, clearedAt, checked,
                    lastFailingAt(inc.episodes(), now), now, settings);
            checksCounted.computeIfAbsent(verdict, v -> meters.counter("timelines_unrecorded_checks_total",
                    "verdict", v.name())).increment();
            if (verdict == UnrecordedVerdict.RAISE) {
                // Judged at its due time, unless it was deferred: then it fired on the change that made it long enough.
                raisedAt = deferred ? now : UnrecordedCheck.dueAt(header, settings);
                header = header(inc, ctx, raisedAt);
                emitAlert(AlertType.RAISED, header, raisedAt,
                        "no incident recorded within " + settings.recordGrace().toMinutes() + " min of BEGIN", in);
                meters.counter("timelines_unrecorded_outages_total", "env", env).increment();
            } else if (verdict == UnrecordedVerdict.CLEAR) {
                clearedAt = header.recorded().isAfter(raisedAt) ? header.recorded() : raisedAt;
                emitAlert(AlertType.CLEARED, header, clearedAt, "incident recorded at " + header.recorded(), in);
            }
            checked = checked || verdict.settles();
            deferred = deferred || verdict.defers();

            boolean changed = !Objects.equals(raisedAt, inc.unrecordedAlertAt()) || switch (input) {
                case EPISODE -> true;
                case CONTEXT -> contextChange.mayChange(inc.episodes(), graph)
                        && !build(inc, contextChange.before(), inc.unrecordedAlertAt())
                                .equals(build(inc, ctx, inc.unrecordedAlertAt()));
                case DUE_CHECK -> false;
            };
            long revision = inc.revision() + (changed ? 1 : 0);
            // Detection lag is measured for outages only; a warning incident is counted, once.
            List<String> measured = header.isOutage() ? incidentMetrics.measure(header, inc.measured())
                    : incidentMetrics.warning(header, inc.measured());
            IncidentState next = new IncidentState(inc.id(), inc.episodes(), revision, raisedAt, clearedAt,
                    checked, deferred, measured);
            if (input == Input.EPISODE || !next.equals(inc)) {
                incidents.put(key(env, id), next);
                e.put(next);
            }
            if (changed) {
                unsent.put(key(env, id), in.withKey(id));
            }
            if (header.end() != null && header.end().plus(settings.amendHorizon()).isBefore(now)) {
                retire(env, id);
                continue;
            }
            index(env, next, header, now);
        }
        incidentMetrics.openIncidents(env, e.openCount());
    }

    /**
     * At the commit (and before a retirement): the full build of every incident whose revision
     * counter moved, sent when it differs from the last one sent. Writes no store.
     */
    private void sendUnsent() {
        for (Map.Entry<String, Record<String, Object>> u : unsent.entrySet()) {
            EnvIncidents e = envs.get(envOf(u.getKey()));
            IncidentState inc = e == null ? null : e.get(idOf(u.getKey()));
            if (inc != null) {
                send(e, inc, u.getValue());
            }
        }
        unsent.clear();
    }

    private void send(EnvIncidents e, IncidentState inc, Record<String, Object> movedBy) {
        Incident built = build(inc, e.context(), inc.unrecordedAlertAt());
        if (built.equals(e.lastBuilt(inc.id()))) {
            return;
        }
        e.built(built);
        revisions.send(movedBy.withValue((Object) built.withRevision(inc.revision())), incidentsChild);
    }

    private void retire(String env, String id) {
        EnvIncidents e = envs.get(env);
        if (e == null || e.get(id) == null) {
            return;
        }
        Record<String, Object> movedBy = unsent.remove(key(env, id));
        if (movedBy != null) {
            // Its last revision goes before its state does.
            send(e, e.get(id), movedBy);
        }
        meters.counter("timelines_incidents_retired_total").increment();
        e.remove(id);
        incidents.delete(key(env, id));
        checks.set(key(env, id), null);
        retirements.set(key(env, id), null);
        incidentMetrics.openIncidents(env, e.openCount());
    }

    /** Records, changes and warnings are kept as long as an incident they could belong to may be amended. */
    private void putContext(String env, EnvContext next, Instant now) {
        Instant forgetBefore = now.minus(settings.amendHorizon()).minus(settings.lookback());
        List<timelines.contracts.Record> records = next.records().stream()
                .filter(r -> r.openedAt() == null || !r.openedAt().isBefore(forgetBefore)
                        || (r.end() != null && !r.end().isBefore(forgetBefore)))
                .toList();
        List<TriggerCandidate> changes = next.changes().stream().filter(c -> !c.at().isBefore(forgetBefore)).toList();
        List<WarningStart> warnings = next.warnings().stream().filter(w -> !w.at().isBefore(forgetBefore)).toList();
        List<MonitoringSilence> silences = next.silences().stream()
                .filter(m -> m.to() == null || !m.to().isBefore(forgetBefore)).toList();
        EnvContext kept = new EnvContext(records, changes, warnings, silences);
        contexts.put(env, kept);
        env(env).context(kept);
    }

    private Incident header(IncidentState inc, EnvContext ctx, Instant raisedAt) {
        return IncidentBuilder.header(inc.id(), inc.episodes(), ctx.records(), raisedAt, settings);
    }

    private Incident build(IncidentState inc, EnvContext ctx, Instant raisedAt) {
        return IncidentBuilder.build(inc.id(), inc.episodes(), ctx, graph, raisedAt, settings);
    }

    /**
     * How long the incident's failure has lasted, for {@code minDuration}: now while an impact check
     * is failing, else the latest impact error or recovery (DESIGN 5a); for an incident with no
     * impact evidence (a warning incident, or one people declared), the same over every signal.
     */
    static Instant lastFailingAt(List<Episode> episodes, Instant now) {
        Instant last = null;
        for (Episode e : episodes) {
            if (e.open() && e.checks().values().stream().anyMatch(c -> c.isImpact() && c.failing())) {
                return now;
            }
            if (e.impactView().any()) {
                last = later(later(later(last, e.impactView().begin()), e.impactView().lastErrorAt()), e.impactEnd());
            }
        }
        if (last != null) {
            return last;
        }
        for (Episode e : episodes) {
            if (e.open() && e.anyCheckFailing()) {
                return now;
            }
            for (Instant t : new Instant[] {e.lastErrorAt(), e.lastRecoveryAt(), e.end(), e.begin()}) {
                last = later(last, t);
            }
        }
        return last;
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    /**
     * The incident's next deadlines: its unrecorded-outage check, unless already judged; and its
     * retirement, once the amend horizon has passed its end.
     */
    private void index(String env, IncidentState inc, Incident header, Instant now) {
        String key = key(env, inc.id());
        Long due = null;
        if (!inc.unrecordedChecked() && inc.unrecordedAlertAt() == null) {
            Incident judged = header != null ? header : header(inc, env(env).context(), null);
            // The one formula of stage 3, so the index and the check cannot disagree; and a due time is only ever
            // set after now, so the loop that polls due checks always moves on.
            Instant at = UnrecordedCheck.dueAt(judged, settings);
            if (now == null ? !inc.unrecordedDeferred() : at.isAfter(now)) {
                due = DeadlineIndex.millisAtOrAfter(at);
            }
        }
        checks.set(key, due);
        EnvIncidents.Span span = env(env).span(inc.id());
        retirements.set(key, span == null || span.open() ? null
                : DeadlineIndex.millisAtOrAfter(span.end().plus(settings.amendHorizon())) + 1);
    }

    private EnvIncidents env(String env) {
        return envs.computeIfAbsent(env, x -> new EnvIncidents());
    }

    private static String key(String env, String id) {
        return env + "|" + id;
    }

    private static String envOf(String key) {
        return key.substring(0, key.lastIndexOf('|'));
    }

    private static String idOf(String key) {
        return key.substring(key.lastIndexOf('|') + 1);
    }

    /**
     * A clean close is followed by the task's last flush and commit; the revisions not yet sent go
     * to the outbox first, while the incidents are still here.
     */
    @Override
    public void close() {
        sendUnsent();
        envs.clear();
    }

    /**
     * A heartbeat stopped (SILENT, at the stream time it was found) or came back (CLEARED, at its
     * return), under the silence's own id: the monitoring was blind, whatever incident is open.
     */
    private void emitSilence(MonitoringSilence m, Record<String, Object> in) {
        boolean silent = m.to() == null;
        Instant at = silent ? m.raisedAt() : m.to();
        String what = "heartbeat " + m.name() + " from " + m.source();
        Alert alert = new Alert(silent ? AlertType.SILENT : AlertType.CLEARED, m.id(), m.env(), List.of(), at, m.from(),
                silent ? what + " has not arrived since " + m.from() + ": the monitoring of " + m.env()
                        + " may be blind" : what + " arrived again at " + m.to());
        meters.counter("timelines_monitoring_silences_total", "env", m.env(), "state", silent ? "silent" : "back")
                .increment();
        context.forward(in.withKey(m.id()).withValue((Object) alert).withTimestamp(at.toEpochMilli()), alertsChild);
    }

    private void emitAlert(AlertType type, Incident incident, Instant at, String reason, Record<String, Object> in) {
        Alert alert = new Alert(type, incident.id(), incident.env(), incident.services(), at, incident.begin(), reason);
        context.forward(in.withKey(incident.id()).withValue((Object) alert).withTimestamp(at.toEpochMilli()),
                alertsChild);
    }


    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }
}
