package timelines.streams.incidents;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import timelines.contracts.catalog.Catalog;

/**
 * The connectivity of one catalog, worked out once: the connected component of every service that has a
 * {@code dependsOn} edge (a service without one is connected to itself only, as in
 * {@link Catalog#connected}), and each service's dependencies ({@link Catalog#dependenciesOf})
 * once asked for. Immutable but for that memo, so stream threads may share it.
 */
final class CatalogGraph {
    private final Catalog catalog;
    private final Map<String, Integer> component = new HashMap<>();
    private final Map<String, Set<String>> dependencies = new ConcurrentHashMap<>();

    CatalogGraph(Catalog catalog) {
        this.catalog = catalog;
        Map<String, Set<String>> undirected = new HashMap<>();
        for (Catalog.Service s : catalog.services()) {
            for (String d : s.dependsOn()) {
                undirected.computeIfAbsent(s.name(), k -> new HashSet<>()).add(d);
                undirected.computeIfAbsent(d, k -> new HashSet<>()).add(s.name());
            }
        }
        int next = 0;
        for (String start : undirected.keySet()) {
            if (component.containsKey(start)) {
                continue;
            }
            int id = next++;
            Deque<String> todo = new ArrayDeque<>();
            todo.add(start);
            while (!todo.isEmpty()) {
                String s = todo.poll();
                if (component.putIfAbsent(s, id) == null) {
                    todo.addAll(undirected.getOrDefault(s, Set.of()));
                }
            }
        }
    }

    boolean isOf(Catalog c) {
        return catalog == c;
    }

    boolean connected(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        Integer ca = component.get(a);
        return ca != null && ca.equals(component.get(b));
    }

    Set<String> dependenciesOf(String service) {
        return dependencies.computeIfAbsent(service,
                s -> Collections.unmodifiableSortedSet(new TreeSet<>(catalog.dependenciesOf(s))));
    }
}
