package timelines.ingest.probe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the probes YAML strictly; a mistake is reported with the key that holds it
 * ({@code probes[1].url is missing}):
 *
 * <pre>
 * probes:
 *   - name: esr-api-health          # required, unique; the signal's check
 *     kind: http                    # required: http or amqp
 *     url: https://esr.example.org/health
 *     expectStatus: "200-399"       # or a single status; default 200-399
 *     interval: PT30S               # ISO-8601; default PT30S
 *     timeout: PT5S                 # ISO-8601; default PT5S
 *     failuresBeforeFailing: 2      # default 2
 *     service: esr-api              # required
 *     env: prod                     # default: ingest's default env
 *     alerting: false               # default false
 *   - name: esr-vhost
 *     kind: amqp
 *     uri: amqp://esr:${ESR_AMQP_PASSWORD}@mq.internal:5672/esr   # the path is the vhost
 *     queue: esr.files              # optional: passive-declared on every check
 *     service: esr
 * </pre>
 *
 * <p>{@code ${NAME}} in any value is replaced by that environment variable, so credentials stay
 * out of the file; an unset one is an error naming the key.
 */
public final class ProbeSettingsLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
    private static final Set<String> COMMON_KEYS = Set.of("name", "kind", "interval", "timeout",
            "failuresBeforeFailing", "service", "env", "alerting");
    private static final Map<String, List<String>> KIND_KEYS = Map.of(
            ProbeSettings.Http.KIND, List.of("url", "expectStatus"),
            ProbeSettings.Amqp.KIND, List.of("uri", "queue"));

    private ProbeSettingsLoader() {}

    /** A probes file that cannot be used; the message names the file and the key. */
    public static final class InvalidProbeSettings extends RuntimeException {
        public InvalidProbeSettings(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Reads {@code file}, with {@code ${NAME}} taken from the process environment. */
    public static List<ProbeSettings> load(Path file) {
        return load(file, System::getenv);
    }

    public static List<ProbeSettings> load(Path file, Function<String, String> environment) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InvalidProbeSettings("cannot read probe settings " + file + ": " + e.getMessage(), e);
        }
        try {
            return parse(text, environment);
        } catch (InvalidProbeSettings e) {
            throw new InvalidProbeSettings("probe settings " + file + ": " + e.getMessage(), e);
        }
    }

    public static List<ProbeSettings> parse(String yaml, Function<String, String> environment) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidProbeSettings("not valid YAML: " + e.getOriginalMessage(), e);
        }
        try {
            return parse(root, environment);
        } catch (IllegalArgumentException e) {
            throw new InvalidProbeSettings(e.getMessage(), e);
        }
    }

    private static List<ProbeSettings> parse(JsonNode root, Function<String, String> environment) {
        if (root == null || root.isNull() || root.isMissingNode()) {
            return List.of();
        }
        if (!root.isObject()) {
            throw new IllegalArgumentException("the top level must be a map with the key probes");
        }
        root.fieldNames().forEachRemaining(k -> {
            if (!k.equals("probes")) {
                throw new IllegalArgumentException("unknown key '" + k + "' (expected probes)");
            }
        });
        JsonNode list = root.path("probes");
        if (list.isMissingNode() || list.isNull()) {
            return List.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("probes must be a list");
        }
        List<ProbeSettings> probes = new ArrayList<>();
        Map<String, Integer> names = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "probes[" + i + "]";
            ProbeSettings probe = probe(new Entry(list.get(i), where, environment));
            Integer earlier = names.putIfAbsent(probe.name(), i);
            if (earlier != null) {
                throw new IllegalArgumentException(where + ".name '" + probe.name() + "' is already used by probes["
                        + earlier + "]");
            }
            probes.add(probe);
        }
        return List.copyOf(probes);
    }

    private static ProbeSettings probe(Entry e) {
        if (!e.node.isObject()) {
            throw new IllegalArgumentException(e.where + " must be a map with name, kind, ...");
        }
        String kind = e.required("kind");
        List<String> kindKeys = KIND_KEYS.get(kind);
        if (kindKeys == null) {
            throw new IllegalArgumentException(e.where + ".kind must be http or amqp; was '" + kind + "'");
        }
        Set<String> allowed = new LinkedHashSet<>(List.of("name", "kind"));
        allowed.addAll(kindKeys);
        allowed.addAll(COMMON_KEYS);
        e.node.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                throw new IllegalArgumentException(e.where + "." + k + " is not a key of an " + kind + " probe ("
                        + String.join(", ", allowed) + ")");
            }
        });
        String name = e.required("name");
        ProbeSettings.Target target = kind.equals(ProbeSettings.Http.KIND) ? http(e) : amqp(e);
        return new ProbeSettings(
                name,
                e.duration("interval", ProbeSettings.DEFAULT_INTERVAL),
                e.duration("timeout", ProbeSettings.DEFAULT_TIMEOUT),
                e.positiveInt("failuresBeforeFailing", ProbeSettings.DEFAULT_FAILURES_BEFORE_FAILING),
                e.required("service"),
                e.optional("env"),
                e.bool("alerting", ProbeSettings.DEFAULT_ALERTING),
                target);
    }

    private static ProbeSettings.Http http(Entry e) {
        URI url = e.uri("url", Set.of("http", "https"), true);
        String expect = e.optional("expectStatus");
        ProbeSettings.StatusRange range;
        try {
            range = expect == null ? ProbeSettings.DEFAULT_EXPECT_STATUS : ProbeSettings.StatusRange.parse(expect);
        } catch (IllegalArgumentException x) {
            throw new IllegalArgumentException(e.where + ".expectStatus: " + x.getMessage());
        }
        return new ProbeSettings.Http(url, range);
    }

    private static ProbeSettings.Amqp amqp(Entry e) {
        return new ProbeSettings.Amqp(e.uri("uri", Set.of("amqp", "amqps"), false), e.optional("queue"));
    }

    /** One element of {@code probes}, read key by key with its position for the messages. */
    private record Entry(JsonNode node, String where, Function<String, String> environment) {

        String optional(String key) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isValueNode()) {
                throw new IllegalArgumentException(where + "." + key + " must be a single value");
            }
            String text = expand(key, v.asText());
            return text.isBlank() ? null : text.strip();
        }

        String required(String key) {
            String v = optional(key);
            if (v == null) {
                throw new IllegalArgumentException(where + "." + key + " is missing");
            }
            return v;
        }

        Duration duration(String key, Duration fallback) {
            String v = optional(key);
            if (v == null) {
                return fallback;
            }
            Duration d;
            try {
                d = Duration.parse(v);
            } catch (DateTimeParseException x) {
                throw new IllegalArgumentException(where + "." + key + " is not an ISO-8601 duration such as PT30S: '"
                        + v + "'");
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(where + "." + key + " must be positive; was " + v);
            }
            return d;
        }

        int positiveInt(String key, int fallback) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < 1) {
                throw new IllegalArgumentException(where + "." + key + " must be a whole number of at least 1; was '"
                        + v.asText() + "'");
            }
            return v.asInt();
        }

        boolean bool(String key, boolean fallback) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return fallback;
            }
            if (!v.isBoolean()) {
                throw new IllegalArgumentException(where + "." + key + " must be true or false; was '" + v.asText()
                        + "'");
            }
            return v.asBoolean();
        }

        /** The value is not echoed: an AMQP URI carries a password. */
        URI uri(String key, Set<String> schemes, boolean showValue) {
            String v = required(key);
            URI uri;
            try {
                uri = new URI(v);
            } catch (URISyntaxException x) {
                throw new IllegalArgumentException(where + "." + key + " is not a URI"
                        + (showValue ? ": '" + v + "'" : ""));
            }
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(where + "." + key + " must start with "
                        + String.join(":// or ", schemes.stream().sorted().toList()) + "://");
            }
            if (uri.getHost() == null) {
                throw new IllegalArgumentException(where + "." + key + " names no host");
            }
            return uri;
        }

        private String expand(String key, String text) {
            Matcher m = VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = environment.apply(m.group(1));
                if (value == null) {
                    throw new IllegalArgumentException(where + "." + key + " refers to ${" + m.group(1)
                            + "}, which is not set");
                }
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }
    }
}
