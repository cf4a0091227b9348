package timelines.contracts.catalog;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import timelines.contracts.Severity;
import timelines.contracts.SignalType;

/**
 * One catalog rule (DESIGN 6): when every {@code match} key matches a signal, the {@code set} keys
 * apply. {@code summary} is a regular expression found anywhere in the summary; {@code labels.<name>}
 * a regular expression the whole label value must match (so a plain value matches itself); the
 * other keys compare exactly. {@code env} and {@code service} may be set from a {@link Template}.
 *
 * <p>Built only by {@link #of}, which checks every key and value and compiles the expressions
 * once, so a catalog that loads cannot fail on a signal.
 *
 * @param match as written, with {@code type} in upper case and {@code severity} in lower case
 * @param set as written, with {@code severity} in lower case
 * @param patterns the compiled {@code summary} and {@code labels.<name>} expressions, by key
 * @param templates the {@code env} and {@code service} values, by key
 */
public record Rule(Map<String, String> match, Map<String, String> set, Map<String, Pattern> patterns,
        Map<String, Template> templates) {
    public static final Set<String> MATCH_KEYS = Set.of("source", "env", "service", "check", "type", "severity",
            "summary");
    public static final String LABELS_PREFIX = "labels.";
    public static final Set<String> SET_KEYS = Set.of("env", "service", "alerting", "severity", "impact", "ignore");
    /** Set keys whose value may take fields of the signal ({@link Template}). */
    static final Set<String> TEMPLATE_KEYS = Set.of("env", "service");
    static final Set<String> BOOLEAN_KEYS = Set.of("alerting", "impact", "ignore");

    private static final String MATCH_KEY_LIST = "source, env, service, check, type, severity, summary, labels.<name>";
    private static final String SET_KEY_LIST = "env, service, alerting, severity, impact, ignore";
    private static final String SEVERITIES = Arrays.stream(Severity.values()).map(Severity::wire)
            .collect(Collectors.joining(", "));

    public Rule {
        match = Map.copyOf(match);
        set = Map.copyOf(set);
        patterns = Map.copyOf(patterns);
        templates = Map.copyOf(templates);
    }

    /**
     * A checked rule.
     *
     * @throws IllegalArgumentException naming the key, relative to the rule ({@code match.labels.pod ...})
     */
    public static Rule of(Map<String, String> match, Map<String, String> set) {
        Map<String, String> m = new LinkedHashMap<>();
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : match.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            String where = "match." + key;
            if (key.startsWith(LABELS_PREFIX)) {
                if (key.length() == LABELS_PREFIX.length()) {
                    throw new IllegalArgumentException(where + " names no label (labels.<name>)");
                }
                patterns.put(key, compile(where, value));
            } else if (!MATCH_KEYS.contains(key)) {
                throw new IllegalArgumentException(where + " is not a match key (" + MATCH_KEY_LIST + ")");
            }
            switch (key) {
                case "summary" -> patterns.put(key, compile(where, value));
                case "type" -> value = signalType(where, value);
                case "severity" -> value = severity(where, value);
                default -> { }
            }
            m.put(key, value);
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("set is missing: a rule must set something");
        }
        Map<String, String> s = new LinkedHashMap<>();
        Map<String, Template> templates = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : set.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            String where = "set." + key;
            if (!SET_KEYS.contains(key)) {
                throw new IllegalArgumentException(where + " is not a set key (" + SET_KEY_LIST + ")");
            }
            if (TEMPLATE_KEYS.contains(key)) {
                if (value == null || value.isBlank()) {
                    throw new IllegalArgumentException(where + " is empty");
                }
                try {
                    templates.put(key, Template.parse(value));
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException(where + ": " + bad.getMessage());
                }
            } else if (BOOLEAN_KEYS.contains(key)) {
                value = bool(where, value);
            } else if (key.equals("severity")) {
                value = severity(where, value);
            }
            s.put(key, value);
        }
        return new Rule(m, s, patterns, templates);
    }

    /** Whether the rule drops the signals it matches. */
    public boolean ignores() {
        return Boolean.parseBoolean(set.getOrDefault("ignore", "false"));
    }

    private static Pattern compile(String where, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(where + " is not a valid regular expression: " + e.getDescription()
                    + " near position " + e.getIndex() + " of \"" + regex + "\"");
        }
    }

    private static String signalType(String where, String value) {
        String upper = value.trim().toUpperCase(Locale.ROOT);
        try {
            SignalType t = SignalType.valueOf(upper);
            if (t != SignalType.TICK) {
                return t.name();
            }
        } catch (IllegalArgumentException e) {
            // named below
        }
        throw new IllegalArgumentException(where + " must be one of FAILING, RECOVERED, ERROR, CHANGE, REPORT, ACK; was '"
                + value + "'");
    }

    private static String severity(String where, String value) {
        Severity s = Severity.ofWire(value);
        if (s == null) {
            throw new IllegalArgumentException(where + " must be one of " + SEVERITIES + "; was '" + value + "'");
        }
        return s.wire();
    }

    private static String bool(String where, String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            throw new IllegalArgumentException(where + " must be true or false; was '" + value + "'");
        }
        return v;
    }
}
