package timelines.ingest.probe;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
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
 * The deliveries {@link ProbeRunner} publishes (source {@code probe}): one transition of one
 * probe, {@code {"probe", "kind", "service", "env", "state", "at", "reason", "alerting"}}, becomes
 * one FAILING or RECOVERED signal whose check is the probe's name (DESIGN section 4). Probes
 * observe: {@code alerting} is false unless the body says otherwise. A probe that fails is
 * {@code critical} (DESIGN 5a), and so is its recovery, the same check's.
 */
public final class ProbeNormalizer implements Normalizer {
    public static final String SOURCE = "probe";

    private final String defaultEnv;

    public ProbeNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected a probe result object");
        }
        try {
            return Normalization.signals(List.of(read(body, delivery.receivedAt())));
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Signal read(JsonNode body, Instant receivedAt) {
        String name = Payload.requiredText(body, "probe", "");
        String kind = Payload.requiredText(body, "kind", "");
        String service = Payload.requiredText(body, "service", "");
        String state = Payload.requiredText(body, "state", "");
        SignalType type = switch (state) {
            case "FAILING" -> SignalType.FAILING;
            case "RECOVERED" -> SignalType.RECOVERED;
            default -> throw new Payload.Invalid("field 'state' must be FAILING or RECOVERED; was '" + state + "'");
        };
        String atText = Payload.requiredText(body, "at", "");
        Instant at;
        try {
            at = Payload.parseInstant(atText);
        } catch (DateTimeParseException e) {
            throw new Payload.Invalid("field 'at' is not an ISO-8601 time: " + atText);
        }
        JsonNode alertingNode = body.get("alerting");
        if (alertingNode != null && !alertingNode.isNull() && !alertingNode.isBoolean()) {
            throw new Payload.Invalid("field 'alerting' must be true or false");
        }
        boolean alerting = alertingNode != null && alertingNode.asBoolean(false);
        String env = Payload.optionalText(body, "env");
        String reason = Payload.optionalText(body, "reason");
        String summary = reason != null ? reason
                : name + (type == SignalType.FAILING ? " failing" : " ok");
        String id = Ids.of(SOURCE, name, type.name(), at.toString());
        return new Signal(id, SOURCE, type, env != null ? env : defaultEnv, service, name, at, receivedAt, alerting,
                Severity.CRITICAL.wire(), summary, null, Map.of("kind", kind), false);
    }
}
