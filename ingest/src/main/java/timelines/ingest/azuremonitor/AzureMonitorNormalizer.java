package timelines.ingest.azuremonitor;

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
 * Azure Monitor alerts posted by an action group's webhook, in
 * <ul>
 *   <li>the common alert schema (https://learn.microsoft.com/azure/azure-monitor/alerts/alerts-common-schema),
 *       {@code schemaId} azureMonitorCommonAlertSchema: {@code data.essentials} with
 *       {@code monitorCondition} Fired (FAILING at {@code firedDateTime}) or Resolved (RECOVERED at
 *       {@code resolvedDateTime}), {@code severity} Sev0–Sev4, {@code alertId},
 *       {@code alertRule}, {@code configurationItems}, {@code alertTargetIDs};</li>
 *   <li>the older metric-alert shapes: {@code schemaId} AzureMonitorMetricAlert ({@code data.status}
 *       Activated or Resolved/Deactivated, {@code data.context} with {@code timestamp},
 *       {@code severity} "0"–"4", {@code resourceName}) and the classic metric alert
 *       (the same {@code status} and {@code context} at the top, no severity).</li>
 * </ul>
 * Activity-log alerts and log alerts of the old (V1) schema carry no fired/resolved state and are
 * ignored with a reason that says to turn on the common schema. Times are ISO-8601 with Azure's
 * seven-digit fractions.
 *
 * <p>check = the alert's {@code alertId} (common schema: the one alert instance that fires and
 * resolves), else the rule's id; service = the first configuration item (the affected
 * resource's name), else the last segment of the first target id, else the rule's name; env = the
 * catalog's default (the subscription and resource group are labels). The id hashes the alert
 * id, the condition and its time, which a retry keeps.
 *
 * <p>Severity (DESIGN 5a): Sev0 critical, Sev1 error, Sev2 warning, Sev3 and Sev4 info, kept as
 * {@code severity.raw}.
 */
public final class AzureMonitorNormalizer implements Normalizer {
    public static final String SOURCE = "azure-monitor";
    static final String COMMON_SCHEMA = "azureMonitorCommonAlertSchema";
    static final String METRIC_ALERT_SCHEMA = "AzureMonitorMetricAlert";

    private static final Map<String, Severity> SEVERITIES = Map.of(
            "sev0", Severity.CRITICAL, "0", Severity.CRITICAL,
            "sev1", Severity.ERROR, "1", Severity.ERROR,
            "sev2", Severity.WARNING, "2", Severity.WARNING,
            "sev3", Severity.INFO, "3", Severity.INFO,
            "sev4", Severity.INFO, "4", Severity.INFO);

    private final String defaultEnv;

    public AzureMonitorNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected an Azure Monitor alert object (common alert schema: 'schemaId' "
                    + "and 'data.essentials')");
        }
        try {
            String schema = Payload.optionalText(body, "schemaId");
            if (COMMON_SCHEMA.equalsIgnoreCase(schema)) {
                return common(Payload.requiredObject(Payload.requiredObject(body, "data", ""), "essentials",
                        " in 'data'"), delivery.receivedAt());
            }
            if (METRIC_ALERT_SCHEMA.equalsIgnoreCase(schema)) {
                JsonNode data = Payload.requiredObject(body, "data", "");
                return metricAlert(data, " in 'data'", delivery.receivedAt());
            }
            if (schema != null) {
                return Normalization.ignored("Azure Monitor schema '" + schema + "' carries no fired or resolved "
                        + "alert state; turn on the common alert schema in the action group");
            }
            if (body.has("status") && body.has("context")) {
                return metricAlert(body, "", delivery.receivedAt());
            }
            if (body.has("AlertRuleName")) {
                return Normalization.ignored("an Azure log alert in the old (V1) schema carries no fired or resolved "
                        + "state; turn on the common alert schema in the action group");
            }
            throw new Payload.Invalid("missing required field 'schemaId' (or a classic alert's 'status' and "
                    + "'context'): not an Azure Monitor alert");
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Normalization common(JsonNode essentials, Instant receivedAt) {
        String where = " in 'data.essentials'";
        String condition = Payload.requiredText(essentials, "monitorCondition", where);
        SignalType type = switch (condition.trim().toLowerCase(Locale.ROOT)) {
            case "fired" -> SignalType.FAILING;
            case "resolved" -> SignalType.RECOVERED;
            default -> null;
        };
        if (type == null) {
            return Normalization.ignored("Azure Monitor condition '" + condition + "' is neither Fired nor Resolved");
        }
        String rule = Payload.optionalText(essentials, "alertRule");
        String alertId = firstNonNull(Payload.optionalText(essentials, "alertId"), rule);
        if (alertId == null) {
            throw new Payload.Invalid("missing required field 'alertId' or 'alertRule'" + where);
        }
        Instant observedAt = EventTime.text(essentials,
                type == SignalType.FAILING ? "firedDateTime" : "resolvedDateTime", where);
        String target = first(essentials.get("alertTargetIDs"));
        String service = firstNonNull(first(essentials.get("configurationItems")), lastSegment(target), rule);
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "rule", rule);
        Payload.putIfPresent(labels, "signal_type", Payload.optionalText(essentials, "signalType"));
        Payload.putIfPresent(labels, "monitoring_service", Payload.optionalText(essentials, "monitoringService"));
        resourceLabels(target, labels);
        String description = Payload.optionalText(essentials, "description");
        String summary = rule == null ? "Azure Monitor alert " + alertId
                : rule + " " + condition + (description != null ? ": " + description : "");
        return signal(alertId, condition, type, service, observedAt, receivedAt,
                Payload.optionalText(essentials, "severity"), summary, null, labels);
    }

    /** The metric-alert schema's {@code data}, or the classic alert's body: {@code status} and {@code context}. */
    private Normalization metricAlert(JsonNode holder, String where, Instant receivedAt) {
        String status = Payload.requiredText(holder, "status", where);
        SignalType type = switch (status.trim().toLowerCase(Locale.ROOT)) {
            case "activated" -> SignalType.FAILING;
            case "resolved", "deactivated" -> SignalType.RECOVERED;
            default -> null;
        };
        if (type == null) {
            return Normalization.ignored("Azure Monitor alert status '" + status + "' is neither Activated nor "
                    + "Resolved");
        }
        String contextWhere = where.isEmpty() ? " in 'context'" : " in 'data.context'";
        JsonNode context = Payload.requiredObject(holder, "context", where);
        String name = Payload.optionalText(context, "name");
        String ruleId = firstNonNull(Payload.optionalText(context, "id"), name);
        if (ruleId == null) {
            throw new Payload.Invalid("missing required field 'id' or 'name'" + contextWhere);
        }
        Instant observedAt = EventTime.text(context, "timestamp", contextWhere);
        String resourceId = Payload.optionalText(context, "resourceId");
        String service = firstNonNull(Payload.optionalText(context, "resourceName"), lastSegment(resourceId), name);
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "rule", name);
        Payload.putIfPresent(labels, "resource_type", Payload.optionalText(context, "resourceType"));
        Payload.putIfPresent(labels, "region", Payload.optionalText(context, "resourceRegion"));
        resourceLabels(resourceId, labels);
        Payload.putIfPresent(labels, "subscription", Payload.optionalText(context, "subscriptionId"));
        Payload.putIfPresent(labels, "resource_group", Payload.optionalText(context, "resourceGroupName"));
        String description = Payload.optionalText(context, "description");
        String summary = (name != null ? name : ruleId) + " " + status + (description != null ? ": " + description : "");
        return signal(ruleId, status, type, service, observedAt, receivedAt, Payload.optionalText(context, "severity"),
                summary, Payload.optionalText(context, "portalLink"), labels);
    }

    private Normalization signal(String check, String condition, SignalType type, String service, Instant observedAt,
            Instant receivedAt, String rawSeverity, String summary, String link, Map<String, String> labels) {
        Instant at = observedAt != null ? observedAt : receivedAt;
        Payload.putIfPresent(labels, Signal.RAW_SEVERITY_LABEL, rawSeverity);
        Severity severity = rawSeverity == null ? null : SEVERITIES.get(rawSeverity.trim().toLowerCase(Locale.ROOT));
        String id = Ids.of(SOURCE, check + "\u0000" + condition.toLowerCase(Locale.ROOT), type.name(), at.toString());
        return Normalization.signals(List.of(new Signal(id, SOURCE, type, defaultEnv, service, check, at, receivedAt,
                true, severity == null ? null : severity.wire(), summary, link, labels, false)));
    }

    /** The subscription and resource group an Azure resource id names. */
    private static void resourceLabels(String resourceId, Map<String, String> labels) {
        if (resourceId == null) {
            return;
        }
        String[] parts = resourceId.split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equalsIgnoreCase("subscriptions")) {
                labels.putIfAbsent("subscription", parts[i + 1]);
            } else if (parts[i].equalsIgnoreCase("resourceGroups")) {
                labels.putIfAbsent("resource_group", parts[i + 1]);
            }
        }
    }

    private static String lastSegment(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        String trimmed = resourceId.endsWith("/") ? resourceId.substring(0, resourceId.length() - 1) : resourceId;
        String last = trimmed.substring(trimmed.lastIndexOf('/') + 1);
        return last.isBlank() ? null : last;
    }

    private static String first(JsonNode array) {
        if (array == null || !array.isArray()) {
            return null;
        }
        for (JsonNode item : array) {
            if (item.isTextual() && !item.asText().isBlank()) {
                return item.asText();
            }
        }
        return null;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
