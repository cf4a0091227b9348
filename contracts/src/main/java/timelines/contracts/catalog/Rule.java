package timelines.contracts.catalog;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One catalog rule: when every {@code match} key matches a signal, the {@code set} keys apply.
 * {@code summary} is a regular expression found anywhere in the summary; the other keys compare
 * exactly.
 */
public record Rule(Map<String, String> match, Map<String, String> set, Pattern summaryPattern) {
    public static final java.util.Set<String> MATCH_KEYS = java.util.Set.of("source", "env", "service", "check", "type",
            "summary");
    public static final java.util.Set<String> SET_KEYS = java.util.Set.of("env", "service", "alerting", "severity",
            "ignore");

    public Rule {
        match = Map.copyOf(match);
        set = Map.copyOf(set);
        if (match.containsKey("summary")) {
            Objects.requireNonNull(summaryPattern, "a summary match needs its compiled pattern");
        }
    }

    public boolean ignores() {
        return Boolean.parseBoolean(set.getOrDefault("ignore", "false"));
    }
}
