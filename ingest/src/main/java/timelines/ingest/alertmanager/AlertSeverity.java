package timelines.ingest.alertmanager;

import java.util.List;
import java.util.Map;
import java.util.Set;
import timelines.contracts.Severity;

/**
 * What an Alertmanager-shaped alert's severity word makes of it (DESIGN 5a). The word is the label
 * {@code severity}, else {@code priority}, else {@code level}, mapped by {@link Severity#ofLabelWord}.
 * The word {@code none} is how an alert rule says it is not a failure: kube-prometheus gives it to
 * {@code Watchdog}, which fires for ever to prove the pipeline alive, and to {@code InfoInhibitor},
 * which exists only to mute info alerts inside Alertmanager.
 */
final class AlertSeverity {
    /** The labels that carry the word, first present wins. */
    static final List<String> WORD_LABELS = List.of("severity", "priority", "level");

    private AlertSeverity() {}

    enum Verdict {
        /** A failure signal; its severity is the word's, or absent for a word not in the table. */
        SIGNAL,
        /** A heartbeat (by its alertname): kept as a signal whatever its word, so its arrivals are tracked. */
        HEARTBEAT,
        /** Severity {@code none} and not a heartbeat: not a signal, kept on the raw topic only. */
        NOT_A_SIGNAL
    }

    /** The vendor's word, or null when no label carries one. */
    static String word(Map<String, String> labels) {
        for (String label : WORD_LABELS) {
            String v = labels.get(label);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    static Verdict judge(String word, String alertname, Set<String> heartbeats) {
        if (alertname != null && heartbeats.contains(alertname)) {
            return Verdict.HEARTBEAT;
        }
        return Severity.NONE.equalsIgnoreCase(word) ? Verdict.NOT_A_SIGNAL : Verdict.SIGNAL;
    }
}
