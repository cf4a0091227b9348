package timelines.ingest.pagerduty;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

/**
 * PagerDuty v3 webhooks (https://developer.pagerduty.com/docs/webhooks/v3-overview/): one
 * {@code event} per request. Only the incident's state changes become signals:
 * {@code incident.triggered} FAILING, {@code incident.acknowledged} ACK (a person took the page),
 * {@code incident.resolved} RECOVERED. Every other event type (annotated, priority_updated,
 * escalated, service.*, ...) is ignored with its type as the reason.
 *
 * <p>service = {@code event.data.service.summary}, check = the incident id, observedAt =
 * {@code event.occurred_at}, link = {@code event.data.html_url}. The id hashes PagerDuty's own
 * {@code event.id}, which a redelivery keeps.
 *
 * <p>Severity (DESIGN 5a): the incident's {@code urgency}, high critical and low warning, kept as
 * label {@code severity.raw}; every event of an incident carries it, so its acknowledgement and
 * resolution have its trigger's severity.
 */
public final class PagerDutyNormalizer implements Normalizer {
    public static final String SOURCE = "pagerduty";

    private static final Map<String, SignalType> TYPES = Map.of(
            "incident.triggered", SignalType.FAILING,
            "incident.acknowledged", SignalType.ACK,
            "incident.resolved", SignalType.RECOVERED);

    /** PagerDuty's two urgencies: high pages at once, low waits for working hours. */
    private static final Map<String, Severity> URGENCIES = Map.of(
            "high", Severity.CRITICAL,
            "low", Severity.WARNING);

    private final String defaultEnv;

    public PagerDutyNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected a PagerDuty v3 webhook object with 'event'");
        }
        try {
            JsonNode event = Payload.requiredObject(body, "event", "");
            String eventType = Payload.requiredText(event, "event_type", " in 'event'");
            SignalType type = TYPES.get(eventType);
            if (type == null) {
                return Normalization.ignored("PagerDuty event type '" + eventType + "' is not an incident state change");
            }
            return Normalization.signals(List.of(read(event, type, delivery.receivedAt())));
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Signal read(JsonNode event, SignalType type, Instant receivedAt) {
        String eventId = Payload.requiredText(event, "id", " in 'event'");
        String occurredAt = Payload.requiredText(event, "occurred_at", " in 'event'");
        Instant observedAt;
        try {
            observedAt = Payload.parseInstant(occurredAt);
        } catch (DateTimeParseException e) {
            throw new Payload.Invalid("field 'occurred_at' in 'event' is not an ISO-8601 time: " + occurredAt);
        }
        JsonNode incident = Payload.requiredObject(event, "data", " in 'event'");
        String incidentId = Payload.requiredText(incident, "id", " in 'event.data'");
        JsonNode serviceRef = Payload.requiredObject(incident, "service", " in 'event.data'");
        String service = Payload.requiredText(serviceRef, "summary", " in 'event.data.service'");
        String title = Payload.optionalText(incident, "title");

        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "incident_number", Payload.optionalText(incident, "number"));
        Payload.putIfPresent(labels, "urgency", Payload.optionalText(incident, "urgency"));
        Payload.putIfPresent(labels, "priority", Payload.optionalText(incident.get("priority"), "summary"));
        Payload.putIfPresent(labels, "escalation_policy", Payload.optionalText(incident.get("escalation_policy"), "summary"));
        Payload.putIfPresent(labels, "agent", Payload.optionalText(event.get("agent"), "summary"));

        String urgency = Payload.optionalText(incident, "urgency");
        Payload.putIfPresent(labels, Signal.RAW_SEVERITY_LABEL, urgency);
        Severity severity = urgency == null ? null : URGENCIES.get(urgency.trim().toLowerCase(Locale.ROOT));

        String summary = title != null ? title : "PagerDuty incident " + incidentId;
        String id = Ids.of(SOURCE, eventId, type.name(), observedAt.toString());
        return new Signal(id, SOURCE, type, defaultEnv, service, incidentId, observedAt, receivedAt, true,
                severity == null ? null : severity.wire(), summary, Payload.optionalText(incident, "html_url"), labels,
                false);
    }


}
