package timelines.ingest.catalog;

import java.util.Locale;
import java.util.Map;
import timelines.contracts.Signal;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.Rule;

/**
 * Applies the catalog's rules to a normalized signal (DESIGN section 6): in order, every rule
 * whose {@code match} holds sets its keys; a rule that sets {@code ignore} drops the signal.
 */
public final class CatalogRules {
    private CatalogRules() {}

    /** The rewritten signal, or null when a rule ignores it. */
    public static Signal apply(Catalog catalog, Signal s) {
        Signal current = s;
        for (Rule rule : catalog.rules()) {
            if (!matches(rule, current)) {
                continue;
            }
            if (rule.ignores()) {
                return null;
            }
            current = set(rule.set(), current);
        }
        return current;
    }

    static boolean matches(Rule rule, Signal s) {
        for (Map.Entry<String, String> m : rule.match().entrySet()) {
            String key = m.getKey();
            String want = m.getValue();
            boolean ok = switch (key) {
                case "source" -> want.equals(s.source());
                case "env" -> want.equals(s.env());
                case "service" -> want.equals(s.service());
                case "check" -> want.equals(s.check());
                case "type" -> want.toUpperCase(Locale.ROOT).equals(s.type().name());
                case "summary" -> s.summary() != null && rule.summaryPattern().matcher(s.summary()).find();
                default -> key.startsWith("labels.") && want.equals(s.labels().get(key.substring("labels.".length())));
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static Signal set(Map<String, String> set, Signal s) {
        return new Signal(s.id(), s.source(), s.type(),
                set.getOrDefault("env", s.env()),
                set.getOrDefault("service", s.service()),
                s.check(), s.observedAt(), s.receivedAt(),
                set.containsKey("alerting") ? Boolean.parseBoolean(set.get("alerting")) : s.alerting(),
                set.getOrDefault("severity", s.severity()),
                s.summary(), s.link(), s.labels(), s.skewed());
    }
}
