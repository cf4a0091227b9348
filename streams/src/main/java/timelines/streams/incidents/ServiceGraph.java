package timelines.streams.incidents;

import java.util.Set;
import java.util.function.Supplier;
import timelines.contracts.catalog.Catalog;

/**
 * Which services are connected through the catalog's {@code dependsOn} (either direction,
 * transitively). A service is always connected to itself; unknown services to nothing else.
 */
@FunctionalInterface
public interface ServiceGraph {
    boolean connected(String a, String b);

    /** What a service depends on, transitively: their changes are trigger candidates too. */
    default Set<String> dependenciesOf(String service) {
        return Set.of();
    }

    ServiceGraph NONE = String::equals;

    /**
     * The graph of whatever catalog is in force when asked (the catalog may be reloaded). Stage 2
     * asks for every incident of an env on every input, so the answers are worked out once per
     * catalog instead of walking the whole catalog on each call.
     */
    static ServiceGraph of(Supplier<Catalog> catalog) {
        return new ServiceGraph() {
            private volatile CatalogGraph compiled;

            private CatalogGraph current() {
                Catalog now = catalog.get();
                CatalogGraph c = compiled;
                if (c == null || !c.isOf(now)) {
                    c = new CatalogGraph(now);
                    compiled = c;
                }
                return c;
            }

            @Override
            public boolean connected(String a, String b) {
                return current().connected(a, b);
            }

            @Override
            public Set<String> dependenciesOf(String service) {
                return current().dependenciesOf(service);
            }
        };
    }
}
