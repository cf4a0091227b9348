package timelines.contracts.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import timelines.contracts.Json;

/**
 * One publication of the catalog on {@code catalog.v1}: the catalog in its canonical JSON form
 * (the YAML's keys, what {@link CatalogLoader} reads), the version id, and from when it is in force.
 *
 * <p>The version id is a hash of the canonical form, not of the file: two files that differ only in
 * comments, spacing or the order of a rule's keys are one version, and two instances that load the
 * same catalog name it alike. Decisions depend on the version id and on {@code effectiveFrom}, never
 * on {@code publishedAt} or {@code publishedBy}, which say for people when and by whom it was sent.
 *
 * @param version the first 16 hex digits of the SHA-256 of the canonical catalog JSON
 * @param effectiveFrom from this instant of event time on, the topology decides with this version
 *     (until a later one takes effect); also the Kafka timestamp of the record
 * @param publishedAt the publisher's wall clock when it sent the record
 * @param publishedBy who loaded the file: {@code streams}, {@code ingest}, {@code replay}, ...
 * @param catalog the canonical catalog: {@code defaults}, {@code services}, {@code rules}
 */
public record CatalogVersion(String version, Instant effectiveFrom, Instant publishedAt, String publishedBy,
        JsonNode catalog) {

    /** A publication of a loaded catalog. */
    public static CatalogVersion of(Catalog catalog, Instant effectiveFrom, Instant publishedAt, String publishedBy) {
        JsonNode canonical = canonical(catalog);
        return new CatalogVersion(versionOf(canonical), effectiveFrom, publishedAt, publishedBy, canonical);
    }

    /** The version id a catalog would be published under. */
    public static String versionOf(Catalog catalog) {
        return versionOf(canonical(catalog));
    }

    /** The record key: one per publication, so compaction keeps the whole history of versions. */
    public String key() {
        return effectiveFrom + "|" + version;
    }

    /**
     * The catalog itself, checked as strictly as a file.
     *
     * @throws IllegalArgumentException naming the key that is wrong (a version written by a newer
     *     release that this one cannot read)
     */
    public Catalog parsed() {
        return CatalogLoader.parse(catalog);
    }

    /**
     * The catalog as a tree in a fixed order: services and rules in their order (which matters:
     * rules apply in order), a rule's {@code match} and {@code set} keys sorted (their order does
     * not matter), so the same catalog always has the same bytes and the same version.
     */
    static JsonNode canonical(Catalog catalog) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.putObject("defaults").put("env", catalog.defaultEnv());
        ArrayNode services = root.putArray("services");
        for (Catalog.Service s : catalog.services()) {
            ObjectNode n = services.addObject().put("name", s.name());
            ArrayNode deps = n.putArray("dependsOn");
            s.dependsOn().forEach(deps::add);
        }
        ArrayNode rules = root.putArray("rules");
        for (Rule r : catalog.rules()) {
            ObjectNode n = rules.addObject();
            sorted(n.putObject("match"), r.match());
            sorted(n.putObject("set"), r.set());
        }
        return root;
    }

    private static void sorted(ObjectNode into, Map<String, String> values) {
        new TreeMap<>(values).forEach(into::put);
    }

    private static String versionOf(JsonNode canonical) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(Json.mapper().writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                hex.append(String.format("%02x", digest[i]));
            }
            return hex.toString();
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
