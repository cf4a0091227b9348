package timelines.ingest.gcpmonitoring;

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
 * Google Cloud Monitoring webhook notifications
 * (https://cloud.google.com/monitoring/support/notification-options#webhooks), schema
 * {@code version} 1.2 and the older 1.1: one {@code incident} per request. State {@code open} is
 * FAILING at {@code started_at}, {@code closed} RECOVERED at {@code ended_at} (both epoch
 * seconds; receipt where absent); an {@code acknowledged} incident carries no time of its
 * acknowledgement and is ignored, as is the console's test notification ({@code version} test).
 *
 * <p>check = {@code incident_id} (its opening and closing share it); service = the policy's user
 * label {@code service}, else the resource's {@code service_name} (Cloud Run) or {@code host}
 * (uptime checks) label, else {@code resource_display_name}, else the policy's name; env = the
 * policy's user label {@code env} or {@code environment}. The id hashes the incident id, the state
 * and its time, which a retry keeps.
 *
 * <p>Severity (DESIGN 5a): {@code severity} CRITICAL/ERROR/WARNING (any case, as 1.2 writes it
 * when the policy sets one); {@code no severity} or absent leaves it absent; kept as
 * {@code severity.raw}.
 */
public final class GcpMonitoringNormalizer implements Normalizer {
    public static final String SOURCE = "gcp-monitoring";

    private static final Map<String, Severity> SEVERITIES = Map.of(
            "critical", Severity.CRITICAL,
            "error", Severity.ERROR,
            "warning", Severity.WARNING);

    private final String defaultEnv;

    public GcpMonitoringNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected a Cloud Monitoring notification object with 'incident' and "
                    + "'version'");
        }
        try {
            JsonNode incident = Payload.requiredObject(body, "incident", "");
            String version = Payload.optionalText(body, "version");
            if ("test".equalsIgnoreCase(version)) {
                return Normalization.ignored("a Cloud Monitoring test notification (version 'test'), not an incident");
            }
            String state = Payload.requiredText(incident, "state", " in 'incident'").trim().toLowerCase(Locale.ROOT);
            SignalType type = switch (state) {
                case "open" -> SignalType.FAILING;
                case "closed" -> SignalType.RECOVERED;
                default -> null;
            };
            if (type == null) {
                return Normalization.ignored("Cloud Monitoring incident state '" + state + "' is neither open nor "
                        + "closed");
            }
            return Normalization.signals(List.of(read(incident, version, state, type, delivery.receivedAt())));
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Signal read(JsonNode incident, String version, String state, SignalType type, Instant receivedAt) {
        String where = " in 'incident'";
        String incidentId = Payload.requiredText(incident, "incident_id", where);
        Instant observedAt = EventTime.epochSeconds(incident, type == SignalType.FAILING ? "started_at" : "ended_at",
                where);
        if (observedAt == null) {
            observedAt = receivedAt;
        }
        Map<String, String> userLabels = new LinkedHashMap<>(Payload.stringMap(incident.get("policy_user_labels")));
        Payload.stringMap(incident.path("metadata").get("user_labels")).forEach(userLabels::putIfAbsent);
        JsonNode resourceLabels = incident.path("resource").get("labels");
        String policy = Payload.optionalText(incident, "policy_name");
        String service = firstNonNull(userLabels.get("service"), Payload.optionalText(resourceLabels, "service_name"),
                Payload.optionalText(resourceLabels, "host"), Payload.optionalText(incident, "resource_display_name"),
                policy, Payload.optionalText(incident, "condition_name"));
        if (service == null) {
            throw new Payload.Invalid("missing required field 'policy_name'" + where);
        }
        String env = firstNonNull(userLabels.get("env"), userLabels.get("environment"), defaultEnv);

        String raw = Payload.optionalText(incident, "severity");
        Severity severity = raw == null ? null : SEVERITIES.get(raw.trim().toLowerCase(Locale.ROOT));

        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "version", version);
        Payload.putIfPresent(labels, "project", firstNonNull(Payload.optionalText(incident, "scoping_project_id"),
                Payload.optionalText(resourceLabels, "project_id")));
        Payload.putIfPresent(labels, "policy", policy);
        Payload.putIfPresent(labels, "condition", Payload.optionalText(incident, "condition_name"));
        Payload.putIfPresent(labels, "resource_type", Payload.optionalText(incident.get("resource"), "type"));
        Payload.putIfPresent(labels, "resource", Payload.optionalText(incident, "resource_name"));
        Payload.putIfPresent(labels, "metric", Payload.optionalText(incident.get("metric"), "type"));
        Payload.putIfPresent(labels, Signal.RAW_SEVERITY_LABEL, raw);

        String summary = firstNonNull(Payload.optionalText(incident, "summary"), policy, "Cloud Monitoring incident "
                + incidentId);
        String id = Ids.of(SOURCE, incidentId + "\u0000" + state, type.name(), observedAt.toString());
        return new Signal(id, SOURCE, type, env, service, incidentId, observedAt, receivedAt, true,
                severity == null ? null : severity.wire(), summary, Payload.optionalText(incident, "url"), labels,
                false);
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
