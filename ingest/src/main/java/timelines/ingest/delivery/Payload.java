package timelines.ingest.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reading vendor payloads: each miss throws {@link Invalid} with a message that names the field,
 * which becomes the 400 answer and the rejection reason.
 */
public final class Payload {
    /** What one digit of a fraction of a second is worth, by the number of digits. */
    private static final int[] NANOS_PER_DIGIT = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
        10, 1};

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

    /**
     * The shape nearly every timestamp has, {@code 2024-03-04T05:06:07[.1-9 digits]Z}, read
     * without {@code DateTimeFormatter}, which took half the time of normalizing a generic signal.
     * Null for anything else (offsets, leap seconds, 24:00, impossible dates, other digits), which
     * then goes to {@code Instant.parse} as before, so every answer and error stays its own.
     */
    static Instant parseUtc(String t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T'
                || t.charAt(13) != ':' || t.charAt(16) != ':' || t.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 2);
        int day = digits(t, 8, 2);
        int hour = digits(t, 11, 2);
        int minute = digits(t, 14, 2);
        int second = digits(t, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21;
            if (t.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            int value = digits(t, 20, fraction);
            if (value < 0) {
                return null;
            }
            nanos = value * NANOS_PER_DIGIT[fraction];
        }
        if (day > 28 && day > YearMonth.of(year, month).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
    }

    /** The ASCII digits at {@code from} as a number, or -1 if one is not an ASCII digit. */
    private static int digits(String t, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
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
