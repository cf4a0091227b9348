package timelines.ingest.delivery;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import timelines.contracts.IsoInstants;
import timelines.contracts.Json;

/**
 * Reading vendor payloads: each miss throws {@link Invalid} with a message that names the field,
 * which becomes the 400 answer and the rejection reason.
 */
public final class Payload {
    /**
     * How bodies are read: one JSON document and nothing after it. Jackson stops at the end of the
     * first value by default, so {@code {...}garbage} and two documents in one body were taken as
     * the first.
     */
    private static final ObjectReader STRICT = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Payload() {}

    /** A body as one JSON document; empty is a {@code MissingNode}. */
    public static JsonNode parse(byte[] body) throws JsonProcessingException {
        try {
            return STRICT.readTree(body);
        } catch (JsonProcessingException e) {
            throw e;
        } catch (java.io.IOException e) {
            // Bytes in memory: no I/O can fail, so this is text Jackson cannot decode, such as a body it
            // takes for UTF-32 from its zero bytes (CharConversionException). Malformed, a 400, not a 500:
            // found by fuzzing (NormalizersFuzzTest, seed body-read-as-utf-32).
            throw new JsonParseException(null, "cannot decode the body as text: " + e.getMessage(), e);
        }
    }

    /** JSON carried as text (SNS posts its JSON as {@code text/plain}), read as strictly. */
    public static JsonNode parse(String text) throws JsonProcessingException {
        return STRICT.readTree(text);
    }

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

    /**
     * A field the project's own formats document as a string: missing, null or blank is null; any
     * other type is refused, never read as text (a number read as text made {@code 1e400} an env
     * named "Infinity").
     */
    public static String optionalString(JsonNode node, String field, String where) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Invalid("field '" + field + "'" + where + " must be a string, was " + typeOf(v));
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    /** As {@link #optionalString}, and its absence is refused too. */
    public static String requiredString(JsonNode node, String field, String where) {
        String s = optionalString(node, field, where);
        if (s == null) {
            throw new Invalid("missing required field '" + field + "'" + where);
        }
        return s;
    }

    /**
     * Labels of the project's own formats: an object whose values are strings, or numbers and
     * booleans (taken as their text); a null value is no label. Anything else is refused, as is a
     * number JSON can write but no double holds ({@code 1e400}).
     */
    public static Map<String, String> labels(JsonNode node, String field, String where) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new Invalid("field '" + field + "'" + where + " must be an object of strings, was " + typeOf(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        v.fields().forEachRemaining(f -> {
            JsonNode value = f.getValue();
            if (value.isNull()) {
                return;
            }
            boolean finite = !value.isFloatingPointNumber() || Double.isFinite(value.doubleValue());
            if (!(value.isTextual() || value.isNumber() || value.isBoolean()) || !finite) {
                throw new Invalid("label '" + f.getKey() + "'" + where + " must be a string, was "
                        + (finite ? typeOf(value) : "a number out of range"));
            }
            out.put(f.getKey(), value.asText());
        });
        return out;
    }

    /** What a JSON value is, as a refusal names it. */
    static String typeOf(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** An ISO-8601 time with a zone; missing, null or blank is null, another type is refused. */
    public static Instant optionalInstant(JsonNode node, String field, String where) {
        JsonNode v = node == null ? null : node.get(field);
        if (v != null && !v.isNull() && !v.isTextual()) {
            throw new Invalid("field '" + field + "'" + where + " must be an ISO-8601 time as a string, was "
                    + typeOf(v));
        }
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
