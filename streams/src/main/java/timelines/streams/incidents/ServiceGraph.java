package timelines.streams.incidents;

/**
 * Which services are connected through the catalog's {@code dependsOn} (either direction,
 * transitively). A service is always connected to itself; unknown services to nothing else.
 */
@FunctionalInterface
public interface ServiceGraph {
    boolean connected(String a, String b);

    ServiceGraph NONE = String::equals;
}
