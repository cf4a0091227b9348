package timelines.ingest.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import timelines.contracts.Ids;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
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
 *   <li>{@code resolved}: RECOVERED at {@code endsAt}, the moment the rule stopped matching.
 * </ul>
 *
 * check = {@code fingerprint} (the hash of the label set, stable across notifications); service =
 * label {@code service}, else {@code job}, else {@code alertname}; env = label {@code env} or
 * {@code environment}. The id hashes the fingerprint, the type and the time, so Alertmanager's
 * repeat notifications and retries of the same firing yield the same id.
 */
public final class AlertSignals {
    /** Go's zero {@code time.Time}: what Alertmanager and Grafana write for "no end yet". */
    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");

    private final String source;
    private final String defaultEnv;
    private final List<String> linkFields;

    /**
     * @param linkFields per-alert URL fields to use as the signal's link, first present wins
     */
    public AlertSignals(String source, String defaultEnv, List<String> linkFields) {
        this.source = source;
        this.defaultEnv = defaultEnv;
        this.linkFields = List.copyOf(linkFields);
    }

    /**
     * The signals of every alert in {@code body.alerts}, in order.
     *
     * @throws Payload.Invalid naming the field and the alert index when one is not of the shape
     */
    public List<Signal> read(JsonNode body, Instant receivedAt) {
        JsonNode alerts = body.get("alerts");
        if (alerts == null || alerts.isNull()) {
            throw new Payload.Invalid("missing required field 'alerts'");
        }
        if (!alerts.isArray()) {
            throw new Payload.Invalid("field 'alerts' must be an array of alerts");
        }
        List<Signal> signals = new ArrayList<>();
        for (int i = 0; i < alerts.size(); i++) {
            JsonNode alert = alerts.get(i);
            String where = " (alert " + i + ")";
            if (!alert.isObject()) {
                throw new Payload.Invalid("alert " + i + " is not an object");
            }
            signals.add(readAlert(alert, where, receivedAt));
        }
        return signals;
    }

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
        String alertname = blankToNull(labels.get("alertname"));
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
        String summary = firstNonBlank(annotations.get("summary"), annotations.get("description"), alertname, service);
        String link = null;
        for (String field : linkFields) {
            link = Payload.optionalText(alert, field);
            if (link != null) {
                break;
            }
        }
        String id = Ids.of(source, fingerprint, type.name(), observedAt.toString());
        return new Signal(id, source, type, env, service, fingerprint, observedAt, receivedAt, true,
                blankToNull(labels.get("severity")), summary, link, labels, false);
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
