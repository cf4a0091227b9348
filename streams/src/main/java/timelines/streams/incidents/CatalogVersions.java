package timelines.streams.incidents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogVersion;

/**
 * The catalog versions a task can see (the global store fed by {@code catalog.v1}), and the pure
 * decision of which one is in force at an instant of stream time: the version with the latest
 * {@code effectiveFrom} at or before it (equal instants: the greater version id, so every instance
 * picks the same one). Before the first version takes effect, no catalog is in force: services
 * are connected to nothing, as with an empty catalog.
 *
 * <p>The answer depends only on the versions and the instant, never on when a version reached
 * this instance, which is what lets two instances and a replay decide the same merges. It keeps
 * every version, not the newest only: a task that restarts behind the newest version's time
 * decides its inputs with the version that was in force at their time.
 */
public final class CatalogVersions {
    public static final CatalogVersions NONE = new CatalogVersions(List.of());

    /** Why a version is the one in force. */
    public enum Reason {
        /** The latest version whose {@code effectiveFrom} is at or before the instant. */
        LATEST_EFFECTIVE,
        /** No version has taken effect by the instant: no catalog, nothing connected. */
        NONE_YET
    }

    /** The catalog in force at an instant: its version id (null with none) and its graph. */
    public record InForce(String version, ServiceGraph graph, Reason reason) {
        static final InForce NONE_YET = new InForce(null, ServiceGraph.NONE, Reason.NONE_YET);
    }

    private static final Comparator<CatalogVersion> ORDER = Comparator.comparing(CatalogVersion::effectiveFrom)
            .thenComparing(CatalogVersion::version);

    /** Ascending by effectiveFrom, then version. */
    private final List<CatalogVersion> versions;
    private final Set<String> keys = new HashSet<>();
    private final Map<String, ServiceGraph> graphs = new HashMap<>();

    private CatalogVersions(List<CatalogVersion> versions) {
        this.versions = versions;
        for (CatalogVersion v : versions) {
            keys.add(v.key());
            // One graph per version id: publications of the same content share it.
            graphs.computeIfAbsent(v.version(), id -> graphOf(v.parsed()));
        }
    }

    /**
     * The usable versions among those given; one whose catalog cannot be read (written by a newer
     * release) is left out, as {@link CatalogKeeper} leaves it out of the store.
     */
    public static CatalogVersions of(Collection<CatalogVersion> published) {
        List<CatalogVersion> usable = new ArrayList<>();
        for (CatalogVersion v : published) {
            if (readable(v)) {
                usable.add(v);
            }
        }
        usable.sort(ORDER);
        return new CatalogVersions(List.copyOf(usable));
    }

    static boolean readable(CatalogVersion v) {
        if (v == null || v.version() == null || v.effectiveFrom() == null || v.catalog() == null) {
            return false;
        }
        try {
            v.parsed();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The version in force at {@code at}. */
    public InForce at(Instant at) {
        for (int i = versions.size() - 1; i >= 0; i--) {
            CatalogVersion v = versions.get(i);
            if (!v.effectiveFrom().isAfter(at)) {
                return new InForce(v.version(), graphs.get(v.version()), Reason.LATEST_EFFECTIVE);
            }
        }
        return InForce.NONE_YET;
    }

    /**
     * The graph of a version by its id, for rebuilding a revision decided under it; a null id (no
     * catalog was in force) or an id no longer known is the empty graph.
     */
    public ServiceGraph graph(String version) {
        ServiceGraph g = version == null ? null : graphs.get(version);
        return g == null ? ServiceGraph.NONE : g;
    }

    /** Whether a version id is known here. */
    public boolean knows(String version) {
        return graphs.containsKey(version);
    }

    /**
     * The versions here that {@code before} did not have and that took effect at or before
     * {@code decidedUpTo}: inputs up to that instant were already decided without them, and a
     * replay or another instance that had them in time would decide those inputs differently.
     * Empty when nothing was decided yet (a start or a restore).
     */
    public List<CatalogVersion> arrivedLate(CatalogVersions before, Instant decidedUpTo) {
        if (decidedUpTo == null) {
            return List.of();
        }
        List<CatalogVersion> late = new ArrayList<>();
        for (CatalogVersion v : versions) {
            if (!before.keys.contains(v.key()) && !v.effectiveFrom().isAfter(decidedUpTo)) {
                late.add(v);
            }
        }
        return late;
    }

    public int size() {
        return versions.size();
    }

    private static ServiceGraph graphOf(Catalog catalog) {
        return ServiceGraph.of(() -> catalog);
    }
}
