package timelines.ingest.catalog;

import java.util.HashMap;
import java.util.Map;
import timelines.contracts.Signal;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.Rule;
import timelines.contracts.catalog.Template;

/**
 * Applies the catalog's rules to a normalized signal (DESIGN section 6): in order, every rule
 * whose {@code match} holds sets its keys, each on the signal as the rules before it left it, so a
 * later rule overrides what an earlier one set; a rule that sets {@code ignore} drops the signal.
 * A rule whose template names something the signal lacks does not apply at all: it neither sets
 * its other keys nor ignores.
 */
public final class CatalogRules {
    private CatalogRules() {}

    /** What one rule makes of one signal. */
    enum Verdict {
        APPLIES,
        NO_MATCH,
        /** It matches, but a {@code set} template names a label or field the signal does not have. */
        TEMPLATE_LACKS_VALUE
    }

    /** The rewritten signal, or null when a rule ignores it. */
    public static Signal apply(Catalog catalog, Signal s) {
        Signal current = s;
        for (Rule rule : catalog.rules()) {
            if (!matches(rule, current)) {
                continue;
            }
            Map<String, String> values = rendered(rule, current);
            if (values == null) {
                continue;
            }
            if (rule.ignores()) {
                return null;
            }
            current = set(rule.set(), values, current);
        }
        return current;
    }

    /** Whether and why one rule applies to a signal; the same decision {@link #apply} takes. */
    static Verdict judge(Rule rule, Signal s) {
        if (!matches(rule, s)) {
            return Verdict.NO_MATCH;
        }
        return rendered(rule, s) == null ? Verdict.TEMPLATE_LACKS_VALUE : Verdict.APPLIES;
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
                case "type" -> want.equals(s.type().name());
                case "severity" -> want.equals(s.severity());
                case "summary" -> s.summary() != null && rule.patterns().get(key).matcher(s.summary()).find();
                default -> labelMatches(rule, key, s);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A label match is a regular expression the whole value matches; an absent label matches nothing. */
    private static boolean labelMatches(Rule rule, String key, Signal s) {
        String value = s.labels().get(key.substring(Rule.LABELS_PREFIX.length()));
        return value != null && rule.patterns().get(key).matcher(value).matches();
    }

    /** The templated values of the rule for this signal, or null when one names something it lacks. */
    private static Map<String, String> rendered(Rule rule, Signal s) {
        if (rule.templates().isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        for (Map.Entry<String, Template> t : rule.templates().entrySet()) {
            String v = t.getValue().render(name -> field(s, name));
            if (v == null) {
                return null;
            }
            out.put(t.getKey(), v);
        }
        return out;
    }

    private static String field(Signal s, String name) {
        if (name.startsWith(Template.LABEL_PREFIX)) {
            return s.labels().get(name.substring(Template.LABEL_PREFIX.length()));
        }
        return switch (name) {
            case "service" -> s.service();
            case "env" -> s.env();
            case "check" -> s.check();
            case "source" -> s.source();
            default -> null;
        };
    }

    private static Signal set(Map<String, String> set, Map<String, String> rendered, Signal s) {
        return new Signal(s.id(), s.source(), s.type(),
                rendered.getOrDefault("env", s.env()),
                rendered.getOrDefault("service", s.service()),
                s.check(), s.observedAt(), s.receivedAt(),
                set.containsKey("alerting") ? Boolean.parseBoolean(set.get("alerting")) : s.alerting(),
                set.getOrDefault("severity", s.severity()),
                s.summary(), s.link(), s.labels(), s.skewed(),
                set.containsKey("impact") ? Boolean.valueOf(set.get("impact")) : s.impact());
    }
}
