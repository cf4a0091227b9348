package timelines.contracts.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A catalog rule's {@code set} value that may take fields of the signal in braces (DESIGN 6):
 * {@code "{labels.container}"}, {@code "{service}"}, {@code "kube-{labels.namespace}"}. A value
 * without braces is plain text and renders as itself.
 *
 * @param text as written in the catalog
 * @param parts the literal text and the references, in order
 */
public record Template(String text, List<Part> parts) {
    /** The fields of a signal a template may name, besides {@code labels.<name>}. */
    public static final Set<String> FIELDS = Set.of("service", "env", "check", "source");
    public static final String LABEL_PREFIX = "labels.";

    public Template {
        parts = List.copyOf(parts);
    }

    /** One piece of a template. */
    public sealed interface Part permits Literal, Reference {}

    public record Literal(String text) implements Part {}

    /** A field of the signal ({@code service}) or one of its labels ({@code labels.container}). */
    public record Reference(String name) implements Part {}

    /**
     * Reads a {@code set} value.
     *
     * @throws IllegalArgumentException saying what is wrong (an unclosed brace, an unknown field)
     */
    public static Template parse(String text) {
        List<Part> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int open = text.indexOf('{', i);
            int close = text.indexOf('}', i);
            if (close >= 0 && (open < 0 || close < open)) {
                throw new IllegalArgumentException("'}' at position " + close + " closes no '{' in \"" + text + "\"");
            }
            if (open < 0) {
                parts.add(new Literal(text.substring(i)));
                break;
            }
            if (open > i) {
                parts.add(new Literal(text.substring(i, open)));
            }
            if (close < 0) {
                throw new IllegalArgumentException("'{' at position " + open + " is not closed in \"" + text + "\"");
            }
            String name = text.substring(open + 1, close).trim();
            if (!FIELDS.contains(name) && !(name.startsWith(LABEL_PREFIX) && name.length() > LABEL_PREFIX.length())) {
                throw new IllegalArgumentException("{" + name + "} names no field of a signal (expected "
                        + "{labels.<name>}, {service}, {env}, {check} or {source})");
            }
            parts.add(new Reference(name));
            i = close + 1;
        }
        return new Template(text, parts);
    }

    /** Whether it names nothing, so renders as its text whatever the signal. */
    public boolean isPlain() {
        return parts.stream().noneMatch(p -> p instanceof Reference);
    }

    /**
     * The value for one signal, given how to look up a reference; null when a reference has no
     * value (absent or blank): the rule then does not apply, rather than set a half-made name.
     */
    public String render(Function<String, String> lookup) {
        StringBuilder out = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof Reference r) {
                String v = lookup.apply(r.name());
                if (v == null || v.isBlank()) {
                    return null;
                }
                out.append(v);
            }
        }
        return out.toString();
    }
}
