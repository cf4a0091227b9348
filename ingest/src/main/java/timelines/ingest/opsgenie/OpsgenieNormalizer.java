package timelines.ingest.opsgenie;

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

/**
 * Opsgenie's Webhook integration, whose body is Opsgenie's alert action data
 * (https://docs.opsgenie.com/docs/marid-alert-action-data): one {@code action} on one
 * {@code alert} per request. {@code Create} is FAILING, {@code Acknowledge} ACK, {@code Close}
 * RECOVERED; every other action (AddNote, AddTags, Escalate, UnAcknowledge, Delete, ...) is ignored.
 *
 * <p>Opsgenie's two clocks differ in unit: {@code alert.createdAt} is epoch milliseconds (when the
 * alert was created, so the FAILING time), {@code alert.updatedAt} epoch nanoseconds (when this
 * action changed the alert, so the ACK or RECOVERED time). service = {@code alert.entity}, else
 * {@code alert.source}; check = {@code alert.alias} (Opsgenie's de-duplication key; it defaults to
 * the alert id).
 *
 * <p>Severity (DESIGN 5a): the alert's {@code priority}, P1 critical, P2 error, P3 warning, P4 and
 * P5 info (or the bare number, as real deliveries send it), kept as label {@code severity.raw};
 * every action's alert carries it, so a Close has its Create's severity (unless someone changed
 * the priority in between).
 */
public final class OpsgenieNormalizer implements Normalizer {
    public static final String SOURCE = "opsgenie";

    private static final Map<String, SignalType> TYPES = Map.of(
            "Create", SignalType.FAILING,
            "Acknowledge", SignalType.ACK,
            "Close", SignalType.RECOVERED);

    /** Opsgenie's priorities; real deliveries also send them as bare numbers (1 to 5). */
    private static final Map<String, Severity> PRIORITIES = Map.of(
            "p1", Severity.CRITICAL, "1", Severity.CRITICAL,
            "p2", Severity.ERROR, "2", Severity.ERROR,
            "p3", Severity.WARNING, "3", Severity.WARNING,
            "p4", Severity.INFO, "4", Severity.INFO,
            "p5", Severity.INFO, "5", Severity.INFO);

    private final String defaultEnv;

    public OpsgenieNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected an Opsgenie webhook object with 'action' and 'alert'");
        }
        try {
            String action = Payload.requiredText(body, "action", "");
            JsonNode alert = body.get("alert");
            if (alert == null || alert.isNull()) {
                throw new Payload.Invalid("missing required field 'alert'");
            }
            if (!alert.isObject()) {
                throw new Payload.Invalid("field 'alert' must be an object");
            }
            SignalType type = TYPES.get(action);
            if (type == null) {
                return Normalization.ignored("Opsgenie action '" + action + "' does not change whether the alert is open");
            }
            return Normalization.signals(List.of(read(body, alert, action, type, delivery.receivedAt())));
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Signal read(JsonNode body, JsonNode alert, String action, SignalType type, Instant receivedAt) {
        String alertId = Payload.requiredText(alert, "alertId", " in 'alert'");
        String service = firstNonNull(Payload.optionalText(alert, "entity"), Payload.optionalText(alert, "source"));
        if (service == null) {
            throw new Payload.Invalid("missing required field 'entity' or 'source' in 'alert'");
        }
        String check = firstNonNull(Payload.optionalText(alert, "alias"), alertId);
        Instant observedAt = type == SignalType.FAILING
                ? Instant.ofEpochMilli(epoch(alert, "createdAt"))
                : nanos(epoch(alert, "updatedAt"));
        String message = Payload.optionalText(alert, "message");

        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "tinyId", Payload.optionalText(alert, "tinyId"));
        Payload.putIfPresent(labels, "priority", Payload.optionalText(alert, "priority"));
        Payload.putIfPresent(labels, "integration", Payload.optionalText(body, "integrationName"));
        Payload.putIfPresent(labels, "user", Payload.optionalText(alert, "username"));
        JsonNode tags = alert.get("tags");
        if (tags != null && tags.isArray() && !tags.isEmpty()) {
            StringBuilder joined = new StringBuilder();
            tags.forEach(t -> {
                if (t.isValueNode() && !t.isNull()) {
                    joined.append(joined.length() == 0 ? "" : ",").append(t.asText());
                }
            });
            Payload.putIfPresent(labels, "tags", joined.length() == 0 ? null : joined.toString());
        }

        String priority = Payload.optionalText(alert, "priority");
        Payload.putIfPresent(labels, Signal.RAW_SEVERITY_LABEL, priority);
        Severity severity = priority == null ? null : PRIORITIES.get(priority.trim().toLowerCase(Locale.ROOT));

        String id = Ids.of(SOURCE, alertId + "\u0000" + action, type.name(), observedAt.toString());
        return new Signal(id, SOURCE, type, defaultEnv, service, check, observedAt, receivedAt, true,
                severity == null ? null : severity.wire(), message != null ? message : "Opsgenie alert " + check,
                null, labels, false);
    }

    /** A whole-number epoch field, as a JSON number or a string of digits. */
    private static long epoch(JsonNode alert, String field) {
        JsonNode v = alert.get(field);
        if (v == null || v.isNull()) {
            throw new Payload.Invalid("missing required field '" + field + "' in 'alert'");
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual() && v.asText().matches("\\d{1,19}")) {
            try {
                return Long.parseLong(v.asText());
            } catch (NumberFormatException e) {
                // falls through to the rejection below
            }
        }
        throw new Payload.Invalid("field '" + field + "' in 'alert' must be a whole epoch number; was " + v);
    }

    private static Instant nanos(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }

}
