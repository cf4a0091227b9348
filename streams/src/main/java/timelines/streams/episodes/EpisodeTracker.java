package timelines.streams.episodes;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import timelines.contracts.Signal;
import timelines.streams.CorrelationSettings;

/**
 * Stage 1. Reads signals keyed {@code env|service}; keeps an {@link EpisodeState} per key in the
 * episodes store; forwards every changed {@link Episode}, keyed by env, to stage 2. A tick closes
 * every episode that is due at its stream time and is passed on, so stage 2 sees time move too.
 *
 * <p>"Now" is the task's stream time, never the wall clock; due episodes of a key are closed
 * before that key's next signal is applied, so the outcome depends only on the input order.
 */
public final class EpisodeTracker implements Processor<String, Signal, String, Object> {
    private final String storeName;
    private final CorrelationSettings settings;
    private final MeterRegistry meters;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, EpisodeState> store;

    public EpisodeTracker(String storeName, CorrelationSettings settings, MeterRegistry meters) {
        this.storeName = storeName;
        this.settings = settings;
        this.meters = meters;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, Signal> record) {
        Signal signal = record.value();
        if (signal == null) {
            return;
        }
        Instant now = Instant.ofEpochMilli(Math.max(context.currentStreamTimeMs(), record.timestamp()));
        if (signal.isTick()) {
            closeDue(now, record);
            context.forward(record.withKey("").withValue(signal));
            return;
        }
        String key = record.key() != null ? record.key() : signal.key();
        EpisodeState state = store.get(key);
        if (state == null) {
            state = EpisodeState.EMPTY;
        }
        EpisodeRules.Step closing = EpisodeRules.closeIfDue(state, now, settings);
        EpisodeRules.Step applied = EpisodeRules.apply(closing.state(), signal, now, settings);
        store.put(key, applied.state());
        meters.counter("timelines_signals_total", "source", signal.source(), "type", signal.type().name()).increment();
        meters.counter("timelines_episode_signal_outcomes_total", "outcome", applied.outcome().name()).increment();
        if (signal.observedAt().toEpochMilli() < context.currentStreamTimeMs()) {
            meters.counter("timelines_signals_late_total").increment();
        }
        List<Episode> changed = new ArrayList<>(closing.changed());
        for (Episode e : applied.changed()) {
            changed.removeIf(c -> c.id().equals(e.id()));
            changed.add(e);
        }
        for (Episode e : changed) {
            context.forward(record.withKey(e.env()).withValue(e));
        }
    }

    private void closeDue(Instant now, Record<String, Signal> tick) {
        List<KeyValue<String, EpisodeState>> updates = new ArrayList<>();
        List<Episode> closed = new ArrayList<>();
        try (KeyValueIterator<String, EpisodeState> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<String, EpisodeState> kv = all.next();
                EpisodeRules.Step step = EpisodeRules.closeIfDue(kv.value, now, settings);
                if (!step.changed().isEmpty()) {
                    updates.add(KeyValue.pair(kv.key, step.state()));
                    closed.addAll(step.changed());
                }
            }
        }
        for (KeyValue<String, EpisodeState> kv : updates) {
            store.put(kv.key, kv.value);
        }
        for (Episode e : closed) {
            meters.counter("timelines_episodes_closed_total", "verdict", e.verdict().name()).increment();
            context.forward(tick.withKey(e.env()).withValue(e));
        }
    }
}
