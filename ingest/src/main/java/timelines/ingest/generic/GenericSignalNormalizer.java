package timelines.ingest.generic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
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
 * The project's own signal format ({@code POST /v1/signals}, capture source {@code signals}): one
 * object or an array of them, {@code type}, {@code service} and {@code summary} required
 * (DESIGN section 4). {@code source} may name the monitor the signal is relayed from; it
 * defaults to {@code generic}. Every field is read as the type it is documented as: a string is a
 * JSON string (a number or an array in its place is refused, not read as text or as absent),
 * {@code alerting} a boolean, {@code labels} an object.
 *
 * <p>{@code severity} takes the words of DESIGN 5a's first column (critical, page, error, warning,
 * info, p1 ... p5, ...), case-insensitive, normalized, the word kept as label {@code severity.raw}.
 * A word that is not in the table is refused with a 400, since a typo would otherwise make a
 * warning an outage. {@code none} says the item is not a signal, as for an Alertmanager alert: it
 * is left out, and a delivery of nothing else is ignored.
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
        int notSignals = 0;
        try {
            if (body.isObject()) {
                Signal s = read(body, "", delivery.receivedAt());
                if (s == null) {
                    notSignals++;
                } else {
                    signals.add(s);
                }
            } else {
                for (int i = 0; i < body.size(); i++) {
                    JsonNode item = body.get(i);
                    String where = " (item " + i + ")";
                    if (!item.isObject()) {
                        throw new Payload.Invalid("item " + i + " is not an object");
                    }
                    Signal s = read(item, where, delivery.receivedAt());
                    if (s == null) {
                        notSignals++;
                    } else {
                        signals.add(s);
                    }
                }
            }
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
        if (signals.isEmpty() && notSignals > 0) {
            return Normalization.ignored(notSignals == 1 ? "severity 'none': not a signal"
                    : "severity 'none' on all " + notSignals + " items: no signals");
        }
        return Normalization.signals(signals);
    }

    /** The item's signal, or null when its severity is {@code none}. */
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
        String word = Payload.optionalString(n, "severity", where);
        Severity severity = Severity.ofLabelWord(word);
        if (word != null && severity == null) {
            if (Severity.NONE.equalsIgnoreCase(word.trim())) {
                return null;
            }
            throw new Payload.Invalid("field 'severity'" + where + " must be critical, error, warning or info (or "
                    + "a word DESIGN 5a maps to one: page, fatal, major, minor, low, p1 ... p5, ...); was '" + word
                    + "'");
        }
        Map<String, String> labels = new LinkedHashMap<>(Payload.labels(n, "labels", where));
        if (word != null) {
            labels.put(Signal.RAW_SEVERITY_LABEL, word);
        }
        String identity = orDefault(Payload.optionalString(n, "id", where),
                service + "\u0000" + check + "\u0000" + summary);
        String id = Ids.of(source, identity, type.name(), observedAt.toString());
        return new Signal(id, source, type, env, service, check, observedAt, receivedAt, alerting,
                severity == null ? null : severity.wire(), summary, Payload.optionalString(n, "link", where), labels,
                false);
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
