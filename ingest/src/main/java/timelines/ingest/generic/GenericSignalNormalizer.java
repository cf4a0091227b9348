package timelines.ingest.generic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * The project's own signal format ({@code POST /v1/signals}, capture source {@code signals}): one
 * object or an array of them, {@code type}, {@code service} and {@code summary} required
 * (DESIGN section 4). {@code source} may name the monitor the signal is relayed from; it
 * defaults to {@code generic}. Every field is read as the type it is documented as: a string is a
 * JSON string (a number or an array in its place is refused, not read as text or as absent),
 * {@code alerting} a boolean, {@code labels} an object.
 */
public final class GenericSignalNormalizer implements Normalizer {
    public static final String SOURCE = "signals";

    private final String defaultEnv;

    public GenericSignalNormalizer(String defaultEnv) {
        this.defaultEnv = defaultEnv;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        JsonNode body = delivery.body();
        if (body == null || !(body.isObject() || body.isArray())) {
            return Normalization.rejected("expected a signal object or an array of them");
        }
        if (body.isArray() && body.isEmpty()) {
            return Normalization.rejected("empty array: no signals");
        }
        List<Signal> signals = new ArrayList<>();
        try {
            if (body.isObject()) {
                signals.add(read(body, "", delivery.receivedAt()));
            } else {
                for (int i = 0; i < body.size(); i++) {
                    JsonNode item = body.get(i);
                    String where = " (item " + i + ")";
                    if (!item.isObject()) {
                        throw new Payload.Invalid("item " + i + " is not an object");
                    }
                    signals.add(read(item, where, delivery.receivedAt()));
                }
            }
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
        return Normalization.signals(signals);
    }

    private Signal read(JsonNode n, String where, Instant receivedAt) {
        String typeText = Payload.requiredString(n, "type", where);
        SignalType type;
        try {
            type = SignalType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            type = null;
        }
        if (type == null || type == SignalType.TICK) {
            throw new Payload.Invalid("field 'type'" + where + " must be one of FAILING, RECOVERED, ERROR, CHANGE, "
                    + "REPORT, ACK; was '" + typeText + "'");
        }
        String service = Payload.requiredString(n, "service", where);
        String summary = Payload.requiredString(n, "summary", where);
        String source = orDefault(Payload.optionalString(n, "source", where), "generic");
        String env = orDefault(Payload.optionalString(n, "env", where), defaultEnv);
        String check = Payload.optionalString(n, "check", where);
        Instant observedAt = orDefault(Payload.optionalInstant(n, "observedAt", where), receivedAt);
        JsonNode alertingNode = n.get("alerting");
        if (alertingNode != null && !alertingNode.isNull() && !alertingNode.isBoolean()) {
            throw new Payload.Invalid("field 'alerting'" + where + " must be true or false");
        }
        boolean alerting = alertingNode != null && alertingNode.asBoolean(false);
        String identity = orDefault(Payload.optionalString(n, "id", where),
                service + "\u0000" + check + "\u0000" + summary);
        String id = Ids.of(source, identity, type.name(), observedAt.toString());
        return new Signal(id, source, type, env, service, check, observedAt, receivedAt, alerting,
                Payload.optionalString(n, "severity", where), summary, Payload.optionalString(n, "link", where),
                Payload.labels(n, "labels", where), false);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
