package timelines.streams;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * When each key next needs attention in stream time. Derived from the state store (rebuilt in a
 * processor's {@code init}, after restoration), so it needs no changelog of its own. Keys due at
 * the same time come out in key order, which keeps the output deterministic.
 */
public final class DeadlineIndex {
    private final TreeMap<Long, TreeSet<String>> byTime = new TreeMap<>();
    private final Map<String, Long> byKey = new HashMap<>();

    /** Sets (or, with null, clears) the key's deadline. */
    public void set(String key, Long at) {
        Long old = byKey.remove(key);
        if (old != null) {
            TreeSet<String> keys = byTime.get(old);
            keys.remove(key);
            if (keys.isEmpty()) {
                byTime.remove(old);
            }
        }
        if (at != null) {
            byKey.put(key, at);
            byTime.computeIfAbsent(at, t -> new TreeSet<>()).add(key);
        }
    }

    /** Removes and returns the keys due at or before {@code now}, earliest first. */
    public List<Due> pollDue(long now) {
        List<Due> due = new ArrayList<>();
        while (!byTime.isEmpty() && byTime.firstKey() <= now) {
            var first = byTime.pollFirstEntry();
            for (String key : first.getValue()) {
                byKey.remove(key);
                due.add(new Due(key, first.getKey()));
            }
        }
        return due;
    }

    public record Due(String key, long at) {}

    /**
     * The first millisecond at or after {@code t}. Stream time is in milliseconds, and signal
     * times may have microseconds (Sentry's do): a deadline rounded down would be judged a
     * fraction of a millisecond early, found not yet due, and set again at the same millisecond,
     * for ever.
     */
    public static long millisAtOrAfter(java.time.Instant t) {
        long millis = t.toEpochMilli();
        return t.getNano() % 1_000_000 == 0 ? millis : millis + 1;
    }

    public int size() {
        return byKey.size();
    }
}
