package timelines.ingest.statuspage;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * Atlassian Statuspage webhook notifications
 * (https://support.atlassian.com/statuspage/docs/enable-webhook-notifications/): each carries
 * {@code meta} and {@code page}, and either an {@code incident} or a {@code component} with its
 * {@code component_update}.
 *
 * <ul>
 *   <li>An incident is what people declared on the status page: an INCIDENT {@link Record} (id
 *       {@code statuspage:<incident id>}, opened at its {@code created_at}, its components' names as
 *       its services, its impact window from {@code started_at} to {@code resolved_at} where given).
 *       Every update re-sends it under the same id, so the latest wins.
 *   <li>A scheduled maintenance is an incident with {@code scheduled_for} (and impact
 *       {@code maintenance}): a MAINTENANCE record whose window is {@code scheduled_for} to
 *       {@code scheduled_until}.
 *   <li>A component update: {@code major_outage}, {@code partial_outage},
 *       {@code degraded_performance} are FAILING critical, error, warning; {@code operational} is
 *       RECOVERED; {@code under_maintenance} is ignored (the maintenance record says it). Time = the
 *       update's {@code created_at}; service = the component's name, check = its id. A person set
 *       it on a public page, so it is alerting: people were told.
 * </ul>
 */
public final class StatuspageNormalizer implements Normalizer {
    public static final String SOURCE = "statuspage";
    static final String RECORD_ID_PREFIX = "statuspage:";

    static final Map<String, Severity> OUTAGES = Map.of(
            "major_outage", Severity.CRITICAL,
            "partial_outage", Severity.ERROR,
            "degraded_performance", Severity.WARNING);

    private final String defaultEnv;

    public StatuspageNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected a Statuspage webhook object with 'incident' or 'component_update'");
        }
        try {
            JsonNode incident = body.get("incident");
            if (incident != null && incident.isObject()) {
                return Normalization.records(List.of(record(incident)));
            }
            JsonNode update = body.get("component_update");
            if (update != null && update.isObject()) {
                return component(Payload.requiredObject(body, "component", ""), update, delivery.receivedAt());
            }
            return Normalization.rejected("a Statuspage webhook carries an 'incident' or a 'component' with its "
                    + "'component_update'; this has neither");
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Record record(JsonNode incident) {
        String id = Payload.requiredText(incident, "id", " in 'incident'");
        Instant createdAt = Payload.optionalInstant(incident, "created_at", " in 'incident'");
        if (createdAt == null) {
            throw new Payload.Invalid("missing required field 'created_at' in 'incident'");
        }
        Instant scheduledFor = Payload.optionalInstant(incident, "scheduled_for", " in 'incident'");
        Instant scheduledUntil = Payload.optionalInstant(incident, "scheduled_until", " in 'incident'");
        List<String> services = new ArrayList<>();
        JsonNode components = incident.get("components");
        if (components != null && components.isArray()) {
            for (JsonNode c : components) {
                String name = Payload.optionalText(c, "name");
                if (name != null && !services.contains(name)) {
                    services.add(name);
                }
            }
        }
        String title = Payload.optionalText(incident, "name");
        String link = Payload.optionalText(incident, "shortlink");
        if (scheduledFor != null) {
            if (scheduledUntil != null && scheduledUntil.isBefore(scheduledFor)) {
                throw new Payload.Invalid("field 'scheduled_until' in 'incident' is before 'scheduled_for'");
            }
            return new Record(RECORD_ID_PREFIX + id, RecordType.MAINTENANCE, defaultEnv, services, createdAt,
                    scheduledFor, scheduledUntil, title, link);
        }
        Instant startedAt = Payload.optionalInstant(incident, "started_at", " in 'incident'");
        Instant resolvedAt = Payload.optionalInstant(incident, "resolved_at", " in 'incident'");
        if (startedAt != null && resolvedAt != null && resolvedAt.isBefore(startedAt)) {
            startedAt = null;
        }
        return new Record(RECORD_ID_PREFIX + id, RecordType.INCIDENT, defaultEnv, services, createdAt, startedAt,
                resolvedAt, title, link);
    }

    private Normalization component(JsonNode component, JsonNode update, Instant receivedAt) {
        String status = Payload.requiredText(update, "new_status", " in 'component_update'").toLowerCase(Locale.ROOT);
        String name = Payload.requiredText(component, "name", " in 'component'");
        String componentId = Payload.requiredText(component, "id", " in 'component'");
        SignalType type;
        Severity severity = OUTAGES.get(status);
        if (severity != null) {
            type = SignalType.FAILING;
        } else if (status.equals("operational")) {
            type = SignalType.RECOVERED;
        } else {
            return Normalization.ignored("component '" + name + "' is now '" + status + "': neither an outage nor "
                    + "operational");
        }
        Instant at = Payload.optionalInstant(update, "created_at", " in 'component_update'");
        Instant observedAt = at != null ? at : receivedAt;
        String updateId = Payload.optionalText(update, "id");

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("status", status);
        Payload.putIfPresent(labels, "old_status", Payload.optionalText(update, "old_status"));
        Payload.putIfPresent(labels, "page", Payload.optionalText(component, "page_id"));
        Payload.putIfPresent(labels, Signal.RAW_SEVERITY_LABEL, severity == null ? null : status);

        String id = Ids.of(SOURCE, componentId + "\u0000" + (updateId != null ? updateId : status), type.name(),
                observedAt.toString());
        return Normalization.signals(List.of(new Signal(id, SOURCE, type, defaultEnv, name, componentId, observedAt,
                receivedAt, true, severity == null ? null : severity.wire(),
                "Statuspage: " + name + " " + status.replace('_', ' '), null, labels, false)));
    }
}
