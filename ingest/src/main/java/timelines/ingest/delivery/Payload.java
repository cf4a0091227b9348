package timelines.ingest.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import timelines.contracts.IsoInstants;

/**
 * Reading vendor payloads: each miss throws {@link Invalid} with a message that names the field,
 * which becomes the 400 answer and the rejection reason.
 */
public final class Payload {
    /** What one digit of a fraction of a second is worth, by the number of digits. */
    private Payload() {}

    /** A payload that is JSON but not the expected shape; the message names what is wrong. */
    public static final class Invalid extends RuntimeException {
        public Invalid(String message) {
            super(message);
        }
    }

    public static String requiredText(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            throw new Invalid("missing required field '" + field + "'" + where);
        }
        if (!v.isValueNode()) {
            throw new Invalid("field '" + field + "'" + where + " must be a string");
        }
        return v.asText();
    }

    public static String optionalText(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || !v.isValueNode()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    public static Instant optionalInstant(JsonNode node, String field, String where) {
        String text = optionalText(node, field);
        if (text == null) {
            return null;
        }
        try {
            return parseInstant(text);
        } catch (DateTimeParseException e) {
            throw new Invalid("field '" + field + "'" + where + " is not an ISO-8601 time: " + text);
        }
    }

    /** ISO-8601 with a zone ({@code Z} or an offset). */
    public static Instant parseInstant(String text) {
        Instant utc = parseUtc(text);
        if (utc != null) {
            return utc;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    /** See {@link IsoInstants#parseUtc}: the common shape without a formatter, else null. */
    static Instant parseUtc(String t) {
        return IsoInstants.parseUtc(t);
    }

    /** A required JSON object field; its absence or another type is named. */
    public static JsonNode requiredObject(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new Invalid("missing required field '" + field + "'" + where);
        }
        if (!v.isObject()) {
            throw new Invalid("field '" + field + "'" + where + " must be an object");
        }
        return v;
    }

    /** Adds a label only when there is a value for it. */
    public static void putIfPresent(Map<String, String> labels, String key, String value) {
        if (value != null) {
            labels.put(key, value);
        }
    }

    public static Map<String, String> stringMap(JsonNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(f -> {
                if (f.getValue().isValueNode() && !f.getValue().isNull()) {
                    out.put(f.getKey(), f.getValue().asText());
                }
            });
        }
        return out;
    }
}
