package timelines.contracts.catalog;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The service catalog (DESIGN section 6): the default env, the services and what they depend
 * on, and the rules that rewrite normalized signals. Shared by ingest (rules, default env) and
 * streams (which services are connected).
 */
public record Catalog(String defaultEnv, List<Service> services, List<Rule> rules) {
    public static final String DEFAULT_ENV = "prod";
    public static final Catalog EMPTY = new Catalog(DEFAULT_ENV, List.of(), List.of());

    public Catalog {
        defaultEnv = defaultEnv == null || defaultEnv.isBlank() ? DEFAULT_ENV : defaultEnv;
        services = services == null ? List.of() : List.copyOf(services);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** A service and the services it calls. */
    public record Service(String name, List<String> dependsOn) {
        public Service {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
        }
    }

    /**
     * The envs this catalog names: its default env, and the envs its rules match or set as plain
     * text (an env made from a signal's fields, {@code "{labels.namespace}"}, is not known until a
     * signal comes). Their metrics can exist from the start.
     */
    public Set<String> envs() {
        Set<String> envs = new TreeSet<>();
        envs.add(defaultEnv);
        for (Rule r : rules) {
            String matched = r.match().get("env");
            if (matched != null && !matched.isBlank()) {
                envs.add(matched);
            }
            Template set = r.templates().get("env");
            if (set != null && set.isPlain()) {
                envs.add(set.text());
            }
        }
        return envs;
    }

    /**
     * Whether two services are connected through {@code dependsOn}, in either direction,
     * transitively. A service is connected to itself; one not in the catalog to nothing else.
     */
    public boolean connected(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        Map<String, Set<String>> undirected = new HashMap<>();
        for (Service s : services) {
            for (String d : s.dependsOn()) {
                undirected.computeIfAbsent(s.name(), k -> new HashSet<>()).add(d);
                undirected.computeIfAbsent(d, k -> new HashSet<>()).add(s.name());
            }
        }
        return reachable(a, undirected).contains(b);
    }

    /** Everything the service depends on, directly or through others. */
    public Set<String> dependenciesOf(String service) {
        Map<String, Set<String>> directed = new HashMap<>();
        for (Service s : services) {
            directed.computeIfAbsent(s.name(), k -> new HashSet<>()).addAll(s.dependsOn());
        }
        Set<String> deps = new TreeSet<>(reachable(service, directed));
        deps.remove(service);
        return deps;
    }

    private static Set<String> reachable(String from, Map<String, Set<String>> edges) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        todo.add(from);
        while (!todo.isEmpty()) {
            String s = todo.poll();
            if (seen.add(s)) {
                todo.addAll(edges.getOrDefault(s, Set.of()));
            }
        }
        return seen;
    }
}
