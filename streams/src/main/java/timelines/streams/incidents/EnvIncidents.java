package timelines.streams.incidents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import timelines.contracts.Incident;
import timelines.streams.episodes.Episode;

/**
 * One env's incidents as stage 2 works on them, in memory beside the stores: the stored state of
 * each incident, which incident holds each episode, and each incident's span in time, indexed so
 * that an episode finds the few incidents it can join without looking at all the others. Derived
 * from the stores (rebuilt in {@code init}), so it needs no changelog of its own; the last built
 * {@link Incident} of each is kept only to know an unchanged rebuild without serializing it.
 */
final class EnvIncidents {
    /** An incident's extent: from its earliest BEGIN to its last episode's end, or open. */
    record Span(Instant begin, Instant end) {
        static Span of(List<Episode> episodes) {
            Instant begin = null;
            Instant end = null;
            boolean open = false;
            for (Episode e : episodes) {
                begin = begin == null || e.begin().isBefore(begin) ? e.begin() : begin;
                if (e.open()) {
                    open = true;
                } else if (end == null || e.end().isAfter(end)) {
                    end = e.end();
                }
            }
            return new Span(begin, open ? null : end);
        }

        boolean open() {
            return end == null;
        }
    }

    private final Map<String, IncidentState> states = new HashMap<>();
    private final Map<String, Span> spans = new HashMap<>();
    private final Map<String, String> holders = new HashMap<>();
    private final Map<String, Incident> built = new HashMap<>();
    private final Set<String> open = new TreeSet<>();
    private final NavigableMap<Instant, Set<String>> closedByEnd = new TreeMap<>();
    private EnvContext context = EnvContext.EMPTY;

    EnvContext context() {
        return context;
    }

    void context(EnvContext next) {
        context = next;
    }

    IncidentState get(String id) {
        return states.get(id);
    }

    Span span(String id) {
        return spans.get(id);
    }

    /** The incident that holds this episode, or null. */
    String holderOf(String episodeId) {
        return holders.get(episodeId);
    }

    Incident lastBuilt(String id) {
        return built.get(id);
    }

    void built(Incident incident) {
        built.put(incident.id(), incident);
    }

    int openCount() {
        return open.size();
    }

    boolean isEmpty() {
        return states.isEmpty();
    }

    void put(IncidentState state) {
        unindex(state.id());
        states.put(state.id(), state);
        Span span = Span.of(state.episodes());
        spans.put(state.id(), span);
        state.episodes().forEach(e -> holders.put(e.id(), state.id()));
        if (span.open()) {
            open.add(state.id());
        } else {
            closedByEnd.computeIfAbsent(span.end(), t -> new TreeSet<>()).add(state.id());
        }
    }

    void remove(String id) {
        unindex(id);
        states.remove(id);
        spans.remove(id);
        built.remove(id);
    }

    private void unindex(String id) {
        IncidentState old = states.get(id);
        if (old == null) {
            return;
        }
        old.episodes().forEach(e -> holders.remove(e.id(), id));
        Span span = spans.get(id);
        if (span.open()) {
            open.remove(id);
        } else {
            Set<String> ids = closedByEnd.get(span.end());
            ids.remove(id);
            if (ids.isEmpty()) {
                closedByEnd.remove(span.end());
            }
        }
    }

    /**
     * The incidents whose span the episode overlaps or comes within {@code gap} of (the time half
     * of {@link IncidentJoin#joins}), in no particular order: the caller orders the few that
     * join ({@link #inOrder}) rather than all of them, on every signal. Closed incidents that
     * ended more than {@code gap} before the episode began are never looked at.
     */
    List<String> inReach(Episode episode, Duration gap) {
        List<String> ids = new ArrayList<>();
        Instant episodeEnd = episode.open() ? null : episode.end().plus(gap);
        for (String id : open) {
            if (episodeEnd == null || !spans.get(id).begin().isAfter(episodeEnd)) {
                ids.add(id);
            }
        }
        for (Set<String> ending : closedByEnd.tailMap(episode.begin().minus(gap), true).values()) {
            for (String id : ending) {
                if (episodeEnd == null || !spans.get(id).begin().isAfter(episodeEnd)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    /** Every incident of the env, in incident order. */
    List<String> all() {
        return inOrder(states.keySet());
    }

    /** Incidents whose trigger-candidate lookback or duration covers {@code at}, in incident order. */
    List<String> covering(Instant at, Duration lookback) {
        List<String> ids = new ArrayList<>();
        for (var entry : spans.entrySet()) {
            Span span = entry.getValue();
            if (!at.isBefore(span.begin().minus(lookback)) && (span.open() || !at.isAfter(span.end()))) {
                ids.add(entry.getKey());
            }
        }
        return inOrder(ids);
    }

    /**
     * Incident order: earliest BEGIN first, then id. Derived from the state alone, so a restored
     * task emits what an uninterrupted one would, in the same order.
     */
    List<String> inOrder(Collection<String> ids) {
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(Comparator.comparing((String id) -> spans.get(id).begin()).thenComparing(id -> id));
        return sorted;
    }
}
