package timelines.contracts;

import java.util.Locale;
import java.util.Map;

/**
 * The normalized severity of a signal (DESIGN section 5a), written on the wire in lower case.
 * Absent (null) when the source says nothing, which is not the same as low: a team that labels
 * nothing pages on everything.
 */
public enum Severity {
    CRITICAL,
    ERROR,
    WARNING,
    INFO;

    /** The word an alert rule uses to say it is not a signal at all (kube-prometheus's {@code InfoInhibitor}). */
    public static final String NONE = "none";

    /**
     * The words of DESIGN 5a's first column (Alertmanager and Grafana label {@code severity}, else
     * {@code priority} or {@code level}; the generic formats' {@code severity}), case-insensitive.
     */
    private static final Map<String, Severity> LABEL_WORDS = Map.ofEntries(
            Map.entry("critical", CRITICAL), Map.entry("page", CRITICAL), Map.entry("fatal", CRITICAL),
            Map.entry("emergency", CRITICAL), Map.entry("alert", CRITICAL), Map.entry("high", CRITICAL),
            Map.entry("p1", CRITICAL),
            Map.entry("error", ERROR), Map.entry("major", ERROR), Map.entry("p2", ERROR),
            Map.entry("warning", WARNING), Map.entry("warn", WARNING), Map.entry("medium", WARNING),
            Map.entry("minor", WARNING), Map.entry("p3", WARNING),
            Map.entry("info", INFO), Map.entry("informational", INFO), Map.entry("notice", INFO),
            Map.entry("low", INFO), Map.entry("debug", INFO), Map.entry("p4", INFO), Map.entry("p5", INFO));

    /** As written on the wire. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A label word mapped by DESIGN 5a's first column; null for an unknown word, for {@code none} and for null. */
    public static Severity ofLabelWord(String word) {
        return word == null ? null : LABEL_WORDS.get(word.trim().toLowerCase(Locale.ROOT));
    }

    /** The wire form read back; null when absent or not one of the four. */
    public static Severity ofWire(String wire) {
        if (wire == null) {
            return null;
        }
        try {
            return valueOf(wire.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The more severe of two, either possibly null. */
    public static Severity higher(Severity a, Severity b) {
        return a == null ? b : b == null ? a : a.ordinal() <= b.ordinal() ? a : b;
    }
}
