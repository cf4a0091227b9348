package timelines.streams.incidents;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Incident;
import timelines.contracts.catalog.CatalogVersion;
import timelines.streams.CommitOutbox;
import timelines.streams.CorrelationSettings;
import timelines.streams.DeadlineIndex;
import timelines.streams.InputCheck;
import timelines.streams.MetricLabels;
import timelines.streams.episodes.Episode;
import timelines.streams.episodes.MonitoringSilence;

/**
 * Stages 2 and 3, the shell around {@link IncidentRules}. Reads {@link StageInput}s keyed by env
 * (episodes, changes, warnings, monitoring silences and ticks from stage 1; records from {@code
 * records.v1}). Keeps one {@link IncidentState} per incident in the incidents store (key {@code
 * env|incident id}) and one {@link EnvContext} per env in the context store. Sends to {@code
 * alerts.v1} at once the RAISED/CLEARED alerts of outages nobody recorded and the SILENT/CLEARED
 * of heartbeats that stopped, and to {@code incidents.v1}, at each commit, the latest revision of
 * every incident that changed since the last (a tombstone when it merged into another). What to do
 * is decided by the pure rules; this reads the stores, applies, writes, sends and counts.
 *
 * <p>An input judges and writes only the incidents it can change: an episode, the incident
 * that holds it and those it joins; a change or warning, the incidents whose lookback or duration
 * covers it; a record or silence, the env's incidents. So the cost of a signal does not grow with the incidents an env
 * keeps for late amendments. (Version 1 kept all of them in one value per env and rewrote it on
 * every signal.) Decisions use the incident's header; its timeline, the costly part, is built
 * once per commit for the revision sent.
 *
 * <p>Before any input is applied, every incident whose unrecorded-outage check is due by then is
 * judged at its due time, and every incident past the amend horizon is retired ({@link
 * DeadlineIndex}es say which), so an alert fires on the same input whether stream time got there
 * by a tick or by a signal.
 *
 * <p>The catalog is an input too: the global catalog store ({@code catalog.v1}) holds its
 * versions, and each decision uses the version in force at the input's stream time ({@link
 * CatalogVersions#at}). A revision records the version it was decided under ({@code
 * catalogVersion}) and is built, at the commit and after a restore, with that version's graph.
 */
public final class IncidentAssembler implements Processor<String, Object, String, Object> {
    private static final Logger log = LoggerFactory.getLogger(IncidentAssembler.class);
    private final String incidentsStoreName;
    private final String contextStoreName;
    private final String outboxName;
    private final String incidentsChild;
    private final String alertsChild;
    private final CorrelationSettings settings;
    private final String catalogStoreName;
    private final MeterRegistry meters;
    private final IncidentMetrics incidentMetrics;
    private final MetricLabels labels;
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
    private ReadOnlyKeyValueStore<String, CatalogVersion> catalogStore;
    private CatalogVersions catalogs = CatalogVersions.NONE;
    private long catalogCount = -1;
    /** The latest stream time a decision was taken at: a version effective by then arrived late. */
    private Instant decidedUpTo;

    public IncidentAssembler(String incidentsStoreName, String contextStoreName, String outboxName,
            String catalogStoreName, String incidentsChild, String alertsChild, CorrelationSettings settings,
            MeterRegistry meters, MetricLabels labels, IncidentMetrics incidentMetrics) {
        this.labels = labels;
        this.incidentsStoreName = incidentsStoreName;
        this.contextStoreName = contextStoreName;
        this.outboxName = outboxName;
        this.incidentsChild = incidentsChild;
        this.alertsChild = alertsChild;
        this.settings = settings;
        this.catalogStoreName = catalogStoreName;
        this.meters = meters;
        this.incidentMetrics = incidentMetrics;
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
        catalogStore = context.getStateStore(catalogStoreName);
        catalogs = CatalogVersions.NONE;
        catalogCount = -1;
        decidedUpTo = null;
        refreshCatalogs();
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
            e.built(build(inc, e.context(), inc.unrecordedAlertAt(), catalogs.graph(inc.catalogVersion())));
        }));
        envs.forEach((env, e) -> incidentMetrics.openIncidents(env, e.openCount()));
    }

    @Override
    public void process(Record<String, Object> in) {
        StageInput input = StageInput.of(in.value());
        if (input == null) {
            return;
        }
        Instant now = Instant.ofEpochMilli(Math.max(context.currentStreamTimeMs(), in.timestamp()));
        // Judging one incident re-indexes it at its next due time, which is always after now: the loop ends.
        for (var due = checks.pollDue(now.toEpochMilli()); !due.isEmpty(); due = checks.pollDue(now.toEpochMilli())) {
            for (DeadlineIndex.Due d : due) {
                settle(envOf(d.key()), List.of(idOf(d.key())), IncidentRules.Input.DUE_CHECK, null,
                        Instant.ofEpochMilli(d.at()), in);
            }
        }
        for (DeadlineIndex.Due d : retirements.pollDue(now.toEpochMilli())) {
            retire(envOf(d.key()), idOf(d.key()));
        }
        if (input instanceof StageInput.Declared declared) {
            InputCheck.Verdict usable = InputCheck.verdict(declared.record());
            if (declared.record().env() == null || declared.record().id() == null) {
                meters.counter("timelines_records_ignored_total", "reason", "missing_env_or_id").increment();
                return;
            }
            if (usable != InputCheck.Verdict.USABLE) {
                throw new InputCheck.UnusableInput(usable, "record " + declared.record().id());
            }
        }
        String env = input instanceof StageInput.Declared declared ? declared.record().env() : in.key();
        EnvIncidents e = env(env);
        if (input instanceof StageInput.EpisodeChanged changed) {
            Episode episode = changed.episode();
            String id = attach(env(episode.env()), episode, in, now);
            settle(episode.env(), List.of(id), IncidentRules.Input.EPISODE, null, now, in);
            return;
        }
        EnvContext before = e.context();
        EnvContext after = switch (input.kind()) {
            case RECORD -> before.with(((StageInput.Declared) input).record());
            case CHANGE -> before.with(((StageInput.Changed) input).change());
            case WARNING -> before.with(((StageInput.Warned) input).warning());
            case SILENCE -> before.with(((StageInput.Silenced) input).silence());
            case EPISODE, TICK -> before;
        };
        if (after == before) {
            // A tick, or a change or warning already known: moving stream time forward ran the due checks above.
            return;
        }
        if (input instanceof StageInput.Declared declared && !replaces(before, declared.record())
                && after.records().size() == before.records().size()) {
            // The env's records were full: the one least likely to mark an open incident went.
            meters.counter("timelines_records_ignored_total", "reason", "env_records_full").increment();
        }
        if (input instanceof StageInput.Silenced silenced) {
            emitSilence(silenced.silence(), in);
        }
        putContext(env, after, now);
        List<String> judged = switch (input.kind()) {
            // A record can record, clear or plan any incident of its env; a silence shows on any it overlaps.
            case RECORD, SILENCE -> e.all();
            case CHANGE -> e.covering(((StageInput.Changed) input).change().at(), settings.lookback());
            case WARNING -> e.covering(((StageInput.Warned) input).warning().at(), settings.lookback());
            case EPISODE, TICK -> List.of();
        };
        settle(env, judged, IncidentRules.Input.CONTEXT, ContextChange.between(before, e.context()), now, in);
    }

    /**
     * Puts an episode where {@link IncidentRules#attach} says, removing the incidents it merged;
     * returns the incident that now holds it.
     */
    private String attach(EnvIncidents e, Episode episode, Record<String, Object> in, Instant now) {
        ServiceGraph graph = catalogAt(now).graph();
        IncidentRules.Attachment a = IncidentRules.attach(e, episode, graph, settings);
        if (a.refusedFull() > 0) {
            meters.counter("timelines_incident_joins_refused_total", "reason", "INCIDENT_FULL")
                    .increment(a.refusedFull());
        }
        for (IncidentState absorbed : a.absorbed()) {
            absorb(e, absorbed, a.incident(), episode.env(), in);
        }
        e.put(a.incident());
        return a.incident().id();
    }

    /** The absorbed incident's drafts go away: its signals now live in the survivor. */
    private void absorb(EnvIncidents e, IncidentState inc, IncidentState survivor, String env, Record<String, Object> in) {
        meters.counter("timelines_incidents_merged_total").increment();
        unsent.remove(key(env, inc.id()));
        revisions.send(in.withKey(inc.id()).withValue(null), incidentsChild);
        Alert cleared = IncidentRules.clearedByMerge(inc, survivor, Instant.ofEpochMilli(in.timestamp()));
        if (cleared != null) {
            context.forward(in.withKey(inc.id()).withValue((Object) cleared).withTimestamp(cleared.at().toEpochMilli()),
                    alertsChild);
        }
        e.remove(inc.id());
        incidents.delete(key(env, inc.id()));
        checks.set(key(env, inc.id()), null);
        retirements.set(key(env, inc.id()), null);
    }

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
    private void settle(String env, List<String> ids, IncidentRules.Input input, ContextChange contextChange,
            Instant now, Record<String, Object> in) {
        EnvIncidents e = env(env);
        CatalogVersions.InForce catalog = ids.isEmpty() ? null : catalogAt(now);
        for (String id : ids) {
            IncidentState inc = e.get(id);
            if (inc == null) {
                continue;
            }
            EnvContext ctx = e.context();
            ServiceGraph graph = catalog.graph();
            IncidentRules.Judgement j = IncidentRules.judge(inc, raisedAt -> header(inc, ctx, raisedAt), input,
                    () -> contextChange.mayChange(inc.episodes(), graph)
                            && !build(inc, contextChange.before(), inc.unrecordedAlertAt(), graph)
                                    .equals(build(inc, ctx, inc.unrecordedAlertAt(), graph)),
                    now, settings);
            checksCounted.computeIfAbsent(j.verdict(), v -> meters.counter("timelines_unrecorded_checks_total",
                    "verdict", v.name())).increment();
            if (j.alert() != null) {
                context.forward(in.withKey(id).withValue((Object) j.alert()).withTimestamp(j.alert().at().toEpochMilli()),
                        alertsChild);
                if (j.verdict() == UnrecordedVerdict.RAISE) {
                    incidentMetrics.unrecorded(labels.env(env)).increment();
                }
            }
            Incident header = j.header();
            // Detection lag is measured for outages only; a warning incident is counted, once.
            List<String> measured = header.isOutage() ? incidentMetrics.measure(header, inc.measured())
                    : incidentMetrics.warning(header, inc.measured());
            IncidentState next = j.next().withMeasured(measured);
            if (j.revised()) {
                // The revision is decided under the version in force now, and built with it at the commit.
                next = next.withCatalogVersion(catalog.version());
            }
            if (input == IncidentRules.Input.EPISODE || !next.equals(inc)) {
                incidents.put(key(env, id), next);
                e.put(next);
            }
            if (j.revised()) {
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
        Incident built = build(inc, e.context(), inc.unrecordedAlertAt(), catalogs.graph(inc.catalogVersion()));
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

    private static boolean replaces(EnvContext context, timelines.contracts.Record record) {
        return context.records().stream().anyMatch(r -> r.id().equals(record.id()));
    }

    private void putContext(String env, EnvContext next, Instant now) {
        EnvContext kept = next.keptAt(now, settings);
        contexts.put(env, kept);
        env(env).context(kept);
    }

    private Incident header(IncidentState inc, EnvContext ctx, Instant raisedAt) {
        return IncidentBuilder.header(inc.id(), inc.episodes(), ctx.records(), raisedAt, settings);
    }

    private Incident build(IncidentState inc, EnvContext ctx, Instant raisedAt, ServiceGraph graph) {
        return IncidentBuilder.build(inc.id(), inc.episodes(), ctx, graph, raisedAt, settings)
                .withCatalogVersion(inc.catalogVersion());
    }

    /**
     * The catalog version in force at {@code now}. The store is read again only when its count of
     * versions moved (versions are never rewritten under a key); a version that arrives effective
     * at or before a stream time already decided is counted and logged: those decisions were taken
     * without it, and a replay would take them with it.
     */
    private CatalogVersions.InForce catalogAt(Instant now) {
        refreshCatalogs();
        if (decidedUpTo == null || now.isAfter(decidedUpTo)) {
            decidedUpTo = now;
        }
        return catalogs.at(now);
    }

    /** At zero from the start (see TopologyMetrics), so the first late version counts. */
    public static io.micrometer.core.instrument.Counter lateCatalogVersions(MeterRegistry meters) {
        return io.micrometer.core.instrument.Counter.builder("timelines_catalog_versions_late_total")
                .description("Catalog versions that arrived after stream time had passed their time (a replay would "
                        + "decide those inputs with them)").register(meters);
    }

    private void refreshCatalogs() {
        long count = catalogStore.approximateNumEntries();
        if (count == catalogCount) {
            return;
        }
        List<CatalogVersion> all = new ArrayList<>();
        try (KeyValueIterator<String, CatalogVersion> it = catalogStore.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        CatalogVersions next = CatalogVersions.of(all);
        for (CatalogVersion late : next.arrivedLate(catalogs, decidedUpTo)) {
            lateCatalogVersions(meters).increment();
            log.warn("catalog version {} (in force from {}) arrived after stream time {} had been decided "
                    + "without it: a replay would decide those inputs with it", late.version(),
                    late.effectiveFrom(), decidedUpTo);
        }
        catalogs = next;
        catalogCount = count;
    }

    /**
     * The incident's next deadlines: its unrecorded-outage check, unless already judged; and its
     * retirement, once the amend horizon has passed its end.
     */
    private void index(String env, IncidentState inc, Incident header, Instant now) {
        String key = key(env, inc.id());
        Instant due = IncidentRules.nextCheck(inc,
                header != null ? header : header(inc, env(env).context(), inc.unrecordedAlertAt()), now, settings);
        checks.set(key, due == null ? null : DeadlineIndex.millisAtOrAfter(due));
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
                        + " may be blind" : what + " arrived again at " + m.to(), new Alert.Heartbeat(m.name(), m.source()));
        meters.counter("timelines_monitoring_silences_total", "env", labels.env(m.env()), "state", silent ? "silent" : "back")
                .increment();
        context.forward(in.withKey(m.id()).withValue((Object) alert).withTimestamp(at.toEpochMilli()), alertsChild);
    }

}
