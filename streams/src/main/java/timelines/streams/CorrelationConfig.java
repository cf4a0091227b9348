package timelines.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reads the {@code correlation:} section of a config file into {@link CorrelationSettings}: every
 * key optional (the defaults are in {@link CorrelationSettings#defaults()}), every mistake named
 * by its key.
 *
 * <pre>
 * correlation:
 *   gap: PT15M
 *   quiet: PT5M
 *   lookback: PT6H
 *   recordGrace: PT15M
 *   minDuration: PT5M
 *   excludedEnvs: [stage, staging, test, dev, qa, sandbox]
 *   maxEntries: 200
 *   amendHorizon: P7D
 *   impactSeverities: [critical, error]
 *   errorBurst: 3
 *   heartbeats: [Watchdog, DeadMansSwitch]
 *   heartbeatTimeout: PT15M   # absent: three times the heartbeat's last interval, at least 15 min
 * </pre>
 */
public final class CorrelationConfig {
    static final Set<String> KEYS = Set.of("gap", "quiet", "lookback", "recordGrace", "minDuration", "excludedEnvs",
            "maxEntries", "amendHorizon", "impactSeverities", "errorBurst", "heartbeats",
            "heartbeatTimeout");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private CorrelationConfig() {}

    /** A config file that cannot be used; the message names the file and the key. */
    public static final class InvalidConfig extends RuntimeException {
        public InvalidConfig(String message) {
            super(message);
        }
    }

    public static CorrelationSettings read(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InvalidConfig("cannot read config " + file + ": " + e.getMessage());
        }
        try {
            return parse(root == null ? null : root.get("correlation"));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfig("config " + file + ": " + e.getMessage());
        }
    }

    /**
     * The {@code correlation:} section already read (null: absent), for a caller that reads the
     * rest of the file itself; a mistake is an {@link IllegalArgumentException} naming the key.
     */
    public static CorrelationSettings parse(JsonNode c) {
        CorrelationSettings d = CorrelationSettings.defaults();
        if (c == null || c.isNull() || c.isMissingNode()) {
            return d;
        }
        if (!c.isObject()) {
            throw new IllegalArgumentException("'correlation' must be a map");
        }
        c.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("correlation." + k + " is not a setting (" + String.join(", ",
                        new java.util.TreeSet<>(KEYS)) + ")");
            }
        });
        Set<String> excluded = names(c, "excludedEnvs", "env names", d.excludedEnvs());
        Set<String> impactSeverities = names(c, "impactSeverities", "severities", d.impactSeverities());
        Set<String> heartbeats = names(c, "heartbeats", "alert names", d.heartbeats());
        int errorBurst = d.errorBurst();
        if (c.has("errorBurst")) {
            if (!c.get("errorBurst").canConvertToInt()) {
                throw new IllegalArgumentException("correlation.errorBurst must be a whole number");
            }
            errorBurst = c.get("errorBurst").asInt();
        }
        int maxEntries = d.maxEntries();
        if (c.has("maxEntries")) {
            if (!c.get("maxEntries").canConvertToInt()) {
                throw new IllegalArgumentException("correlation.maxEntries must be a whole number");
            }
            maxEntries = c.get("maxEntries").asInt();
        }
        try {
            return new CorrelationSettings(
                    duration(c, "gap", d.gap()), duration(c, "quiet", d.quiet()), duration(c, "lookback", d.lookback()),
                    duration(c, "recordGrace", d.recordGrace()), duration(c, "minDuration", d.minDuration()), excluded,
                    maxEntries, duration(c, "amendHorizon", d.amendHorizon()), impactSeverities, errorBurst, heartbeats,
                    duration(c, "heartbeatTimeout", d.heartbeatTimeout()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("correlation." + e.getMessage());
        }
    }

    private static Set<String> names(JsonNode c, String key, String what, Set<String> fallback) {
        if (!c.has(key)) {
            return fallback;
        }
        JsonNode list = c.get(key);
        if (!list.isArray()) {
            throw new IllegalArgumentException("correlation." + key + " must be a list of " + what);
        }
        Set<String> read = new LinkedHashSet<>();
        list.forEach(x -> read.add(x.asText()));
        return read;
    }

    private static Duration duration(JsonNode c, String key, Duration fallback) {
        if (!c.has(key)) {
            return fallback;
        }
        String text = c.get(key).asText();
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " is not an ISO-8601 duration (like PT15M or P7D): " + text);
        }
    }
}
