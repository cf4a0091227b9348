package timelines.contracts.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a catalog YAML file strictly: a mistake is reported with the key that holds it. */
public final class CatalogLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CatalogLoader() {}

    /** A catalog file that cannot be used; the message names the file and the key. */
    public static final class InvalidCatalog extends RuntimeException {
        public InvalidCatalog(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static Catalog load(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidCatalog("cannot read catalog " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(root);
        } catch (IllegalArgumentException e) {
            throw new InvalidCatalog("catalog " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A catalog from its YAML or JSON tree: a file, or a version read from {@code catalog.v1}.
     *
     * @throws IllegalArgumentException naming the key that is wrong
     */
    public static Catalog parse(JsonNode root) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return Catalog.EMPTY;
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the top level must be a map with defaults, services, rules");
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!Set.of("defaults", "services", "rules").contains(k)) {
                throw new IllegalArgumentException("unknown key '" + k + "' (expected defaults, services, rules)");
            }
        });
        String env = root.path("defaults").path("env").asText(null);
        List<Catalog.Service> services = new ArrayList<>();
        JsonNode s = root.path("services");
        if (!s.isMissingNode() && !s.isNull()) {
            if (!s.isArray()) {
                throw new IllegalArgumentException("'services' must be a list");
            }
            for (int i = 0; i < s.size(); i++) {
                JsonNode n = s.get(i);
                String name = n.path("name").asText(null);
                if (name == null || name.isBlank()) {
                    throw new IllegalArgumentException("services[" + i + "].name is missing");
                }
                List<String> deps = new ArrayList<>();
                JsonNode d = n.path("dependsOn");
                if (!d.isMissingNode() && !d.isNull()) {
                    if (!d.isArray()) {
                        throw new IllegalArgumentException("services[" + i + "].dependsOn must be a list of names");
                    }
                    d.forEach(x -> deps.add(x.asText()));
                }
                services.add(new Catalog.Service(name, deps));
            }
        }
        List<Rule> rules = new ArrayList<>();
        JsonNode r = root.path("rules");
        if (!r.isMissingNode() && !r.isNull()) {
            if (!r.isArray()) {
                throw new IllegalArgumentException("'rules' must be a list");
            }
            for (int i = 0; i < r.size(); i++) {
                rules.add(rule(r.get(i), "rules[" + i + "]"));
            }
        }
        return new Catalog(env, services, rules);
    }

    private static Rule rule(JsonNode n, String where) {
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + " must be a map with match and set");
        }
        n.fieldNames().forEachRemaining(k -> {
            if (!k.equals("match") && !k.equals("set")) {
                throw new IllegalArgumentException(where + "." + k + " is not a rule key (match, set)");
            }
        });
        Map<String, String> match = strings(n.path("match"), where + ".match");
        Map<String, String> set = strings(n.path("set"), where + ".set");
        try {
            return Rule.of(match, set);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + e.getMessage(), e);
        }
    }

    private static Map<String, String> strings(JsonNode n, String where) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isMissingNode() || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new IllegalArgumentException(where + " must be a map");
        }
        n.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                throw new IllegalArgumentException(where + "." + f.getKey() + " has no value");
            }
            if (!f.getValue().isValueNode()) {
                throw new IllegalArgumentException(where + "." + f.getKey() + " must be a single value");
            }
            out.put(f.getKey(), f.getValue().asText());
        });
        return out;
    }
}
