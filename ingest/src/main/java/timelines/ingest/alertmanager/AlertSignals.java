package timelines.ingest.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import timelines.contracts.Heartbeats;
import timelines.contracts.OwnAlerts;
import timelines.contracts.Ids;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Payload;

/**
 * Derives signals from the {@code alerts[]} of an Alertmanager-shaped notification: Alertmanager's
 * own webhook (version 4) and Grafana's unified alerting webhook, which is the same document with
 * extra fields. One signal per alert, judged by the alert's own {@code status} (a group's status
 * says only whether any alert in it still fires):
 *
 * <ul>
 *   <li>{@code firing}: FAILING at {@code startsAt}. Alertmanager sets a firing alert's
 *       {@code endsAt} to a future expiry (or the zero time), which says nothing about recovery.
 *   <li>{@code resolved}: RECOVERED at {@code endsAt}, the moment the rule stopped matching. Its
 *       summary says the alert resolved ({@code alert CheckoutDown resolved (was: checkout target
 *       is down)}), not the firing annotation alone, which a resolved alert still carries.
 * </ul>
 *
 * check = {@code fingerprint} (the hash of the label set, stable across notifications); service =
 * label {@code service}, else {@code job}, else {@code alertname}; env = label {@code env} or
 * {@code environment}. The id hashes the fingerprint, the type and the time, so Alertmanager's
 * repeat notifications and retries of the same firing yield the same id.
 *
 * <p>Severity (DESIGN 5a, see {@link AlertSeverity}): the word of label {@code severity}, else
 * {@code priority}, else {@code level}, normalized, and kept as label {@code severity.raw}. A
 * resolved alert carries the labels it fired with, so its recovery has its failure's severity. An
 * alert of severity {@code none} that is not a heartbeat is left out; a heartbeat ({@code Watchdog},
 * {@code DeadMansSwitch}, or the names given) is kept whatever its word, without a severity when
 * the word is {@code none}.
 */
public final class AlertSignals {
    /** Go's zero {@code time.Time}: what Alertmanager and Grafana write for "no end yet". */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final String source;
    private final String defaultEnv;
    private final List<String> linkFields;
    private final Set<String> heartbeats;

    /**
     * @param linkFields per-alert URL fields to use as the signal's link, first present wins
     * @param heartbeats the alertnames of heartbeats ({@code correlation.heartbeats})
     */
    public AlertSignals(String source, String defaultEnv, List<String> linkFields, Collection<String> heartbeats) {
        this.source = source;
        this.defaultEnv = defaultEnv;
        this.linkFields = List.copyOf(linkFields);
        this.heartbeats = Set.copyOf(heartbeats);
    }

    /**
     * The signals of the alerts in {@code body.alerts}, in order; ignored, with the reason, when it
     * holds none, or only alerts that are not signals. One alert that is not a signal leaves the
     * others of its group their signals: Alertmanager groups by labels such as {@code namespace},
     * so an {@code InfoInhibitor} shares a notification with the alerts of its namespace.
     *
     * @throws Payload.Invalid naming the field and the alert index when one is not of the shape
     */
    public Normalization normalize(JsonNode body, Instant receivedAt) {
        JsonNode alerts = body.get("alerts");
        if (alerts == null || alerts.isNull()) {
            throw new Payload.Invalid("missing required field 'alerts'");
        }
        if (!alerts.isArray()) {
            throw new Payload.Invalid("field 'alerts' must be an array of alerts");
        }
        List<Signal> signals = new ArrayList<>();
        List<String> notSignals = new ArrayList<>();
        List<String> own = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode alert = alerts.get(i);
            String where = " (alert " + i + ")";
            if (!alert.isObject()) {
                throw new Payload.Invalid("alert " + i + " is not an object");
            }
            Map<String, String> labels = Payload.stringMap(alert.get("labels"));
            if (OwnAlerts.isOwn(labels)) {
                // This product's own alert, routed back to it: talking to itself, not evidence (no feedback loop).
                own.add(labels.get(Heartbeats.ALERTNAME_LABEL) + " " + labels.get(OwnAlerts.ID_LABEL));
                continue;
            }
            Signal s = readAlert(alert, where, receivedAt);
            if (s == null) {
                String name = Payload.stringMap(alert.get("labels")).get(Heartbeats.ALERTNAME_LABEL);
                notSignals.add(name == null ? "alert " + i : name);
            } else {
                signals.add(s);
            }
        }
        if (!signals.isEmpty()) {
            return Normalization.signals(signals);
        }
        if (!own.isEmpty()) {
            return Normalization.ignored(String.join(", ", own) + ": this pipeline's own alert"
                    + (own.size() > 1 ? "s" : "") + " coming back, never evidence of an outage"
                    + (notSignals.isEmpty() ? "" : "; " + String.join(", ", notSignals) + ": severity 'none'"));
        }
        if (notSignals.isEmpty()) {
            return Normalization.ignored("the notification holds no alerts");
        }
        return Normalization.ignored(String.join(", ", notSignals) + ": severity '" + Severity.NONE
                + "' and not a heartbeat (" + String.join(", ", heartbeats.stream().sorted().toList())
                + "), so not a signal");
    }

    /** The alert's signal, or null when its severity says it is not one. */
    private Signal readAlert(JsonNode alert, String where, Instant receivedAt) {
        String status = Payload.requiredText(alert, "status", where);
        Map<String, String> labels = Payload.stringMap(alert.get("labels"));
        Map<String, String> annotations = Payload.stringMap(alert.get("annotations"));
        String fingerprint = Payload.optionalText(alert, "fingerprint");
        if (fingerprint == null) {
            // Older Alertmanager releases sent no fingerprint; the label set is what it hashes anyway.
            if (labels.isEmpty()) {
                throw new Payload.Invalid("missing required field 'fingerprint'" + where + " (and no labels to identify it)");
            }
            fingerprint = "labels:" + Ids.of(new TreeMap<>(labels).entrySet().stream()
                    .flatMap(e -> Stream.of(e.getKey(), e.getValue()))
                    .toArray(String[]::new));
        }
        String alertname = blankToNull(labels.get(Heartbeats.ALERTNAME_LABEL));
        String word = AlertSeverity.word(labels);
        if (AlertSeverity.judge(word, alertname, heartbeats) == AlertSeverity.Verdict.NOT_A_SIGNAL) {
            return null;
        }
        String service = firstNonBlank(labels.get("service"), labels.get("job"), alertname);
        if (service == null) {
            throw new Payload.Invalid("missing required label 'service', 'job' or 'alertname' in 'labels'" + where);
        }
        String env = firstNonBlank(labels.get("env"), labels.get("environment"), defaultEnv);

        SignalType type;
        Instant observedAt;
        switch (status) {
            case "firing" -> {
                type = SignalType.FAILING;
                observedAt = requiredTime(alert, "startsAt", where);
            }
            case "resolved" -> {
                type = SignalType.RECOVERED;
                Instant endsAt = optionalTime(alert, "endsAt", where);
                observedAt = endsAt != null ? endsAt : receivedAt;
            }
            default -> throw new Payload.Invalid("field 'status'" + where + " must be 'firing' or 'resolved'; was '"
                    + status + "'");
        }
        String said = firstNonBlank(annotations.get("summary"), annotations.get("description"), alertname, service);
        String summary = type == SignalType.RECOVERED ? resolvedSummary(alertname, said) : said;
        String link = null;
        for (String field : linkFields) {
            link = Payload.optionalText(alert, field);
            if (link != null) {
                break;
            }
        }
        String id = Ids.of(source, fingerprint, type.name(), observedAt.toString());
        Severity severity = Severity.ofLabelWord(word);
        Map<String, String> kept = new LinkedHashMap<>(labels);
        if (word != null) {
            kept.put(Signal.RAW_SEVERITY_LABEL, word);
        }
        return new Signal(id, source, type, env, service, fingerprint, observedAt, receivedAt, true,
                severity == null ? null : severity.wire(), summary, link, kept, false);
    }

    /**
     * What a resolved alert's line says: that the alert resolved, naming it. A resolved alert
     * carries the annotations it fired with, so its own summary still says what was wrong ("checkout
     * target is down"), which on a recovery line reads as the opposite of what happened. The firing
     * summary stays, marked as what it was.
     */
    static String resolvedSummary(String alertname, String firingSummary) {
        String name = alertname != null ? "alert " + alertname : "the alert";
        if (firingSummary == null || firingSummary.equals(alertname)) {
            return name + " resolved";
        }
        return name + " resolved (was: " + firingSummary + ")";
    }

    private static Instant requiredTime(JsonNode alert, String field, String where) {
        Instant t = optionalTime(alert, field, where);
        if (t == null) {
            throw new Payload.Invalid("missing required field '" + field + "'" + where);
        }
        return t;
    }

    /** An RFC 3339 time, or null when absent or Go's zero time. */
    private static Instant optionalTime(JsonNode alert, String field, String where) {
        String text = Payload.optionalText(alert, field);
        if (text == null) {
            return null;
        }
        Instant t;
        try {
            t = Payload.parseInstant(text);
        } catch (DateTimeParseException e) {
            throw new Payload.Invalid("field '" + field + "'" + where + " is not an RFC 3339 time: " + text);
        }
        return t.equals(GO_ZERO_TIME) ? null : t;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
