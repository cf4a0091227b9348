package timelines.ingest.newrelic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;
import timelines.ingest.times.EventTime;

/**
 * New Relic alert notifications, in two shapes:
 * <ul>
 *   <li>a workflow's webhook destination with the default payload template
 *       (https://docs.newrelic.com/docs/alerts/get-notified/custom-variables-incident-workflows/):
 *       {@code id} (the issue), {@code state}, {@code trigger}, {@code priority},
 *       {@code impactedEntities}, {@code createdAt} and {@code updatedAt} in epoch milliseconds.
 *       CREATED and ACTIVATED are FAILING at {@code createdAt} (both notifications of one issue get
 *       one id, so the second is a duplicate); ACKNOWLEDGED, or an ACTIVATED issue notified for a
 *       {@code USER_ACTION} (how the default template, which has no acknowledgement field, announces
 *       one), or {@code isAcknowledged} where a template adds it, is an ACK at {@code updatedAt};
 *       CLOSED is RECOVERED at {@code updatedAt}.</li>
 *   <li>the legacy alert webhook channel: {@code incident_id}, {@code current_state}
 *       open/acknowledged/closed (FAILING/ACK/RECOVERED), {@code timestamp} in milliseconds,
 *       {@code severity}, {@code targets}; a channel test ({@code current_state} test) is ignored.</li>
 * </ul>
 * check = the issue or incident id; service = the first impacted entity (legacy: target), else
 * the condition's name; env = the catalog's default. The id hashes the issue id, the type and the
 * time, which a redelivery keeps.
 *
 * <p>Severity (DESIGN 5a): the issue's {@code priority} CRITICAL/HIGH/MEDIUM/LOW as
 * critical/error/warning/info; a legacy {@code severity} CRITICAL/WARNING/INFO likewise. Kept as
 * {@code severity.raw}.
 */
public final class NewRelicNormalizer implements Normalizer {
    public static final String SOURCE = "newrelic";

    private static final Map<String, Severity> PRIORITIES = Map.of(
            "critical", Severity.CRITICAL,
            "high", Severity.ERROR,
            "medium", Severity.WARNING,
            "warning", Severity.WARNING,
            "warn", Severity.WARNING,
            "low", Severity.INFO,
            "info", Severity.INFO);

    private final String defaultEnv;

    public NewRelicNormalizer(String defaultEnv) {
        this.defaultEnv = defaultEnv;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        JsonNode body = delivery.body();
        if (body == null || !body.isObject()) {
            return Normalization.rejected("expected a New Relic workflow notification ('id', 'state') or a legacy "
                    + "alert webhook ('incident_id', 'current_state')");
        }
        try {
            if (body.has("current_state") || body.has("incident_id")) {
                return legacy(body, delivery.receivedAt());
            }
            if (body.has("state") || body.has("issueUrl")) {
                return workflow(body, delivery.receivedAt());
            }
            throw new Payload.Invalid("missing required field 'state' (workflow) or 'current_state' (legacy "
                    + "webhook): not a New Relic alert notification");
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Normalization workflow(JsonNode body, Instant receivedAt) {
        String issueId = Payload.requiredText(body, "id", " (the issue id)");
        String state = Payload.requiredText(body, "state", "").trim().toUpperCase(Locale.ROOT);
        String trigger = Payload.optionalText(body, "trigger");
        SignalType type = switch (state) {
            case "CREATED", "ACTIVATED" -> acknowledged(body, trigger) ? SignalType.ACK : SignalType.FAILING;
            case "ACKNOWLEDGED" -> SignalType.ACK;
            case "CLOSED" -> SignalType.RECOVERED;
            default -> null;
        };
        if (type == null) {
            return Normalization.ignored("New Relic issue state '" + state + "' is neither open, acknowledged nor "
                    + "closed");
        }
        Instant observedAt = type == SignalType.FAILING
                ? EventTime.epochMillis(body, "createdAt", "")
                : EventTime.epochMillis(body, "updatedAt", "");
        if (observedAt == null) {
            observedAt = receivedAt;
        }
        String condition = first(body.get("alertConditionNames"));
        String title = Payload.optionalText(body, "title");
        String service = first(body.get("impactedEntities"));
        if (service == null) {
            service = first(body.path("entitiesData").get("names"));
        }
        if (service == null) {
            service = condition != null ? condition : title;
        }
        if (service == null) {
            throw new Payload.Invalid("missing required field 'impactedEntities', 'alertConditionNames' or 'title'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "state", state);
        Payload.putIfPresent(labels, "trigger", trigger);
        Payload.putIfPresent(labels, "policy", first(body.get("alertPolicyNames")));
        Payload.putIfPresent(labels, "condition", condition);
        Payload.putIfPresent(labels, "workflow", Payload.optionalText(body, "workflowName"));
        Payload.putIfPresent(labels, "owner", Payload.optionalText(body, "owner"));
        String priority = Payload.optionalText(body, "priority");
        Payload.putIfPresent(labels, "priority", priority);
        return signal(issueId, type, service, observedAt, receivedAt, priority,
                title != null ? title : "New Relic issue " + issueId, Payload.optionalText(body, "issueUrl"), labels);
    }

    /** How an acknowledgement reaches a workflow with the default template (see the class comment). */
    private static boolean acknowledged(JsonNode body, String trigger) {
        JsonNode flag = body.get("isAcknowledged");
        if (flag != null && (flag.asBoolean(false) || "true".equalsIgnoreCase(flag.asText()))) {
            return true;
        }
        return "USER_ACTION".equalsIgnoreCase(trigger) && !"CREATED".equalsIgnoreCase(Payload.optionalText(body, "state"));
    }

    private Normalization legacy(JsonNode body, Instant receivedAt) {
        String state = Payload.requiredText(body, "current_state", "").trim().toLowerCase(Locale.ROOT);
        SignalType type = switch (state) {
            case "open" -> SignalType.FAILING;
            case "acknowledged" -> SignalType.ACK;
            case "closed" -> SignalType.RECOVERED;
            default -> null;
        };
        if (type == null) {
            return Normalization.ignored("New Relic incident state '" + state + "' is neither open, acknowledged nor "
                    + "closed" + ("test".equals(state) ? " (a channel test)" : ""));
        }
        String incidentId = Payload.requiredText(body, "incident_id", "");
        Instant observedAt = EventTime.epochMillis(body, "timestamp", "");
        if (observedAt == null) {
            observedAt = receivedAt;
        }
        String condition = Payload.optionalText(body, "condition_name");
        JsonNode targets = body.get("targets");
        String target = targets != null && targets.isArray() && !targets.isEmpty()
                ? Payload.optionalText(targets.get(0), "name") : null;
        String service = target != null ? target
                : condition != null ? condition : Payload.optionalText(body, "policy_name");
        if (service == null) {
            throw new Payload.Invalid("missing required field 'targets', 'condition_name' or 'policy_name'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "state", state);
        Payload.putIfPresent(labels, "policy", Payload.optionalText(body, "policy_name"));
        Payload.putIfPresent(labels, "condition", condition);
        Payload.putIfPresent(labels, "account", Payload.optionalText(body, "account_name"));
        String details = Payload.optionalText(body, "details");
        String summary = condition != null && details != null ? condition + ": " + details
                : condition != null ? condition : details != null ? details : "New Relic incident " + incidentId;
        return signal(incidentId, type, service, observedAt, receivedAt, Payload.optionalText(body, "severity"), summary,
                Payload.optionalText(body, "incident_url"), labels);
    }

    private Normalization signal(String issueId, SignalType type, String service, Instant observedAt,
            Instant receivedAt, String priority, String summary, String link, Map<String, String> labels) {
        Payload.putIfPresent(labels, Signal.RAW_SEVERITY_LABEL, priority);
        Severity severity = priority == null ? null : PRIORITIES.get(priority.trim().toLowerCase(Locale.ROOT));
        String id = Ids.of(SOURCE, issueId, type.name(), observedAt.toString());
        return Normalization.signals(List.of(new Signal(id, SOURCE, type, defaultEnv, service, issueId, observedAt,
                receivedAt, true, severity == null ? null : severity.wire(), summary, link, labels, false)));
    }

    /** The first text of a JSON array of strings (or the text itself); null when there is none. */
    private static String first(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isValueNode() && !item.isNull() && !item.asText().isBlank()) {
                    return item.asText();
                }
            }
            return null;
        }
        return node.isValueNode() && !node.asText().isBlank() ? node.asText() : null;
    }
}
