package timelines.streams.episodes;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.streams.CorrelationSettings;
import timelines.streams.InputCheck;
import timelines.streams.MetricLabels;
import timelines.streams.incidents.StageInput;
import timelines.streams.DeadlineIndex;

/**
 * Stage 1. Reads signals keyed {@code env|service}; keeps an {@link EpisodeState} per key in the
 * episodes store and a {@link HeartbeatState} per heartbeat in the heartbeats store; forwards to
 * stage 2, keyed by env, as {@link StageInput}s: every changed {@link Episode}, every change and
 * warning signal, every monitoring silence that starts or ends, and ticks, so stage 2 sees time
 * move too.
 *
 * <p>"Now" is the task's stream time, never the wall clock. Before any input is applied, every
 * episode whose end became due by then is closed (a {@link DeadlineIndex} says which), so stage 2
 * always sees the world as of the input's time and the output depends only on the input order.
 */
public final class EpisodeTracker implements Processor<String, Signal, String, Object> {
    /** States kept as objects beside the store: one per {@code env|service}; bounds a flood of made-up services. */
    static final int WRITTEN_KEYS = 100_000;

    private final String storeName;
    private final String heartbeatStoreName;
    private final MetricLabels labels;
    private KeyValueStore<String, HeartbeatState> heartbeats;
    /** When each heartbeat's silence is due, by {@code env|name|source}. */
    private DeadlineIndex silence = new DeadlineIndex();
    private final CorrelationSettings settings;
    private final MeterRegistry meters;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, EpisodeState> store;
    private final DeadlineIndex closing = new DeadlineIndex();
    /** Counters looked up once: a registry lookup per signal was a few per cent of the stream thread. */
    private final Map<String, Counter> signalsCounted = new HashMap<>();
    private final Map<SignalOutcome, Counter> outcomesCounted = new EnumMap<>(SignalOutcome.class);
    /**
     * The states this processor last put, as objects: reading each back from the store on every
     * signal (deserializing it) was a quarter of the topology's time. The processor is the store's
     * only writer, so what it last put is what the store holds; emptied on every
     * (re)initialisation, when the store may have been restored.
     */
    private final Map<String, EpisodeState> written = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, EpisodeState> eldest) {
            return size() > WRITTEN_KEYS;
        }
    };

    public EpisodeTracker(String storeName, String heartbeatStoreName, CorrelationSettings settings,
            MeterRegistry meters, MetricLabels labels) {
        this.labels = labels;
        this.storeName = storeName;
        this.heartbeatStoreName = heartbeatStoreName;
        this.settings = settings;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        this.heartbeats = context.getStateStore(heartbeatStoreName);
        written.clear();
        silence = new DeadlineIndex();
        try (KeyValueIterator<String, HeartbeatState> all = heartbeats.all()) {
            while (all.hasNext()) {
                KeyValue<String, HeartbeatState> kv = all.next();
                indexHeartbeat(kv.key, kv.value);
            }
        }
        try (KeyValueIterator<String, EpisodeState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, EpisodeState> kv = all.next();
                index(kv.key, kv.value);
            }
        }
    }

    private void index(String key, EpisodeState state) {
        Instant at = state.open() == null ? null : EpisodeRules.earliestClose(state.open(), settings);
        closing.set(key, at == null ? null : DeadlineIndex.millisAtOrAfter(at));
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal signal = record.value();
        if (signal == null) {
            return;
        }
        Instant now = Instant.ofEpochMilli(Math.max(context.currentStreamTimeMs(), record.timestamp()));
        closeDue(now, record);
        judgeHeartbeats(now, signal.isEndOfInput(), record);
        if (signal.isTick()) {
            context.forward(record.withKey("").withValue(new StageInput.Tick(signal.observedAt())));
            return;
        }
        InputCheck.Verdict usable = InputCheck.verdict(signal);
        if (usable != InputCheck.Verdict.USABLE) {
            // Before any state is read or written: the handler dead-letters the input and counts it.
            throw new InputCheck.UnusableInput(usable, "signal " + signal.id() + " from " + signal.source());
        }
        String key = record.key() != null ? record.key() : signal.key();
        EpisodeState state = load(key);
        if (state == null) {
            state = EpisodeState.EMPTY;
        }
        if (ImpactRules.isHeartbeat(signal, settings)) {
            arrive(signal, record);
        }
        EpisodeRules.Step applied = EpisodeRules.apply(state, signal, now, settings);
        put(key, applied.state());
        index(key, applied.state());
        String source = labels.source(signal.source());
        signalsCounted.computeIfAbsent(source + '|' + signal.type().name(), k -> meters.counter(
                "timelines_signals_total", "source", source, "type", signal.type().name())).increment();
        outcomesCounted.computeIfAbsent(applied.outcome(), o -> meters.counter(
                "timelines_episode_signal_outcomes_total", "outcome", o.name())).increment();
        if (isLate(state, applied.outcome(), signal)) {
            meters.counter("timelines_signals_late_total").increment();
        }
        if (signal.type() == SignalType.CHANGE && applied.outcome() != SignalOutcome.DUPLICATE
                && applied.outcome() != SignalOutcome.BEYOND_HORIZON) {
            // Stage 2 keeps the env's changes: a dependency's deploy is a trigger candidate too.
            context.forward(record.withKey(signal.env()).withValue(new StageInput.Changed(
                    new TriggerCandidate(signal.observedAt(), signal.service(), signal.summary()))));
        }
        if (signal.type().isFailureEvidence() && signal.type() != SignalType.REPORT
                && applied.outcome() != SignalOutcome.DUPLICATE && applied.outcome() != SignalOutcome.BEYOND_HORIZON
                && applied.outcome() != SignalOutcome.HEARTBEAT && !ImpactRules.isImpact(signal, settings)) {
            // Stage 2 keeps the env's warnings too: an outage that follows lists them as early warnings.
            context.forward(record.withKey(signal.env()).withValue(new StageInput.Warned(new WarningStart(
                    signal.observedAt(), signal.source(), signal.service(), severityOf(signal), signal.summary()))));
        }
        for (Episode e : applied.changed()) {
            context.forward(record.withKey(e.env()).withValue(new StageInput.EpisodeChanged(e)));
        }
    }

    private EpisodeState load(String key) {
        EpisodeState state = written.get(key);
        return state != null ? state : store.get(key);
    }

    private void put(String key, EpisodeState state) {
        store.put(key, state);
        written.put(key, state);
    }

    @Override
    public void close() {
        written.clear();
    }

    private static String severityOf(Signal s) {
        var severity = ImpactRules.severityOf(s);
        return severity == null ? null : severity.wire();
    }

    private static String heartbeatKey(Signal s, String name) {
        return s.env() + "|" + name + "|" + s.source();
    }

    private void indexHeartbeat(String key, HeartbeatState h) {
        Instant due = HeartbeatRules.dueAt(h, settings);
        silence.set(key, due == null ? null : DeadlineIndex.millisAtOrAfter(due));
    }

    private void arrive(Signal signal, Record<String, Signal> input) {
        String name = signal.labels().get("alertname");
        String key = heartbeatKey(signal, name);
        HeartbeatRules.Step step = HeartbeatRules.arrive(heartbeats.get(key), signal, name);
        heartbeat(key, step, input);
    }

    private void judgeHeartbeats(Instant now, boolean endOfInput, Record<String, Signal> input) {
        for (DeadlineIndex.Due due : silence.pollDue(now.toEpochMilli())) {
            HeartbeatState h = heartbeats.get(due.key());
            if (h != null) {
                heartbeat(due.key(), HeartbeatRules.judge(h, now, endOfInput, settings), input);
            }
        }
    }

    private void heartbeat(String key, HeartbeatRules.Step step, Record<String, Signal> input) {
        meters.counter("timelines_heartbeats_total", "verdict", step.verdict().name()).increment();
        heartbeats.put(key, step.state());
        indexHeartbeat(key, step.state());
        MonitoringSilence s = step.silence();
        if (s != null) {
            context.forward(input.withKey(s.env()).withValue(new StageInput.Silenced(s)));
        }
    }

    /** Late: it amended an episode that had ended, or moved an open episode's BEGIN earlier. */
    static boolean isLate(EpisodeState before, SignalOutcome outcome, Signal signal) {
        if (outcome == SignalOutcome.AMENDED_CLOSED_EPISODE || outcome == SignalOutcome.REOPENED_EPISODE) {
            return true;
        }
        return outcome == SignalOutcome.APPLIED && before.open() != null && signal.type().isFailureEvidence()
                && signal.observedAt().isBefore(before.open().begin());
    }

    private void closeDue(Instant now, Record<String, Signal> input) {
        for (DeadlineIndex.Due due : closing.pollDue(now.toEpochMilli())) {
            EpisodeState state = load(due.key());
            if (state == null) {
                continue;
            }
            EpisodeRules.Step step = EpisodeRules.closeIfDue(state, now, settings);
            index(due.key(), step.state());
            if (step.changed().isEmpty()) {
                continue;
            }
            put(due.key(), step.state());
            for (Episode e : step.changed()) {
                meters.counter("timelines_episodes_closed_total", "verdict", e.verdict().name()).increment();
                context.forward(input.withKey(e.env()).withValue(new StageInput.EpisodeChanged(e)));
            }
        }
    }
}
