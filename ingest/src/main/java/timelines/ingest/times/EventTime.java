package timelines.ingest.times;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import timelines.contracts.IsoInstants;
import timelines.ingest.delivery.Payload;

/**
 * Reading an event time in the shapes vendors publish it, so each normalizer does not grow its
 * own parser: epoch seconds and milliseconds as JSON numbers or strings of digits, and date-time
 * text with {@code Z}, an offset with or without a colon ({@code +00:00}, {@code +0000}), a space
 * instead of {@code T} and before the offset ({@code 2025-05-02 12:30:19 +0000}), and fractions of up to nine digits (Azure writes seven). Each miss throws
 * {@link Payload.Invalid} naming the field, which becomes the 400 answer.
 *
 * <p>Absent values (missing, null, blank) are null: the caller decides whether that means the
 * receipt time or a rejection. {@link TimeFields} says where each source keeps its times and
 * {@link WrittenTime} writes text of these same shapes back, moved.
 */
public final class EventTime {
    /** A date, {@code T} or a space, a time, a fraction, then {@code Z} or an offset, perhaps after a space. */
    private static final Pattern TEXT = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}:\\d{2})(?:[.,](\\d{1,9}))? ?"
                    + "(Z|z|[+-]\\d{2}(?::?\\d{2})?)");
    private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
    private static final Pattern DECIMAL = Pattern.compile("\\d{1,15}(?:\\.\\d{1,9})?");

    private EventTime() {}

    /** Text of one of the shapes above; null when absent. */
    public static Instant text(JsonNode node, String field, String where) {
        JsonNode v = node == null ? null : node.get(field);
        if (absent(v)) {
            return null;
        }
        if (!v.isTextual()) {
            throw new Payload.Invalid("field '" + field + "'" + where + " must be a date and time as text");
        }
        Instant t = parseText(v.asText().trim());
        if (t == null) {
            throw new Payload.Invalid("field '" + field + "'" + where + " is not a date and time with a zone: "
                    + v.asText());
        }
        return t;
    }

    /** Whole epoch milliseconds, a JSON integer or a string of digits; null when absent. */
    public static Instant epochMillis(JsonNode node, String field, String where) {
        Long ms = whole(node, field, where, "epoch milliseconds");
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    /**
     * Epoch seconds, a JSON number (a fraction allowed) or a string of them; null when absent.
     * Zero is absent too: Cloud Monitoring's test notification and an open incident's
     * {@code ended_at} say 0 or null for "no time".
     */
    public static Instant epochSeconds(JsonNode node, String field, String where) {
        JsonNode v = node == null ? null : node.get(field);
        if (absent(v)) {
            return null;
        }
        BigDecimal seconds = null;
        if (v.isNumber()) {
            seconds = v.decimalValue();
        } else if (v.isTextual() && DECIMAL.matcher(v.asText().trim()).matches()) {
            seconds = new BigDecimal(v.asText().trim());
        }
        if (seconds == null || seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(253_402_300_799L)) > 0) {
            throw new Payload.Invalid("field '" + field + "'" + where + " must be epoch seconds; was " + v);
        }
        if (seconds.signum() == 0) {
            return null;
        }
        long whole = seconds.setScale(0, RoundingMode.FLOOR).longValueExact();
        int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).setScale(0, RoundingMode.HALF_UP)
                .intValueExact();
        return Instant.ofEpochSecond(whole, nanos);
    }

    /** The instant the text names, or null when it is none of the shapes above. */
    public static Instant parseText(String text) {
        Instant utc = IsoInstants.parseUtc(text);
        if (utc != null) {
            return utc;
        }
        Matcher m = TEXT.matcher(text);
        if (!m.matches()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(m.group(1));
            LocalTime time = LocalTime.parse(m.group(2));
            String fraction = m.group(3) == null ? "" : m.group(3);
            int nanos = fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
            String zone = m.group(4);
            ZoneOffset offset = switch (zone) {
                case "Z", "z" -> ZoneOffset.UTC;
                default -> ZoneOffset.of(zone.length() == 5 && zone.indexOf(':') < 0
                        ? zone.substring(0, 3) + ":" + zone.substring(3)
                        : zone);
            };
            return date.atTime(time).withNano(nanos).toInstant(offset);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static Long whole(JsonNode node, String field, String where, String unit) {
        JsonNode v = node == null ? null : node.get(field);
        if (absent(v)) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong() && v.longValue() >= 0) {
            return v.longValue();
        }
        if (v.isTextual() && DIGITS.matcher(v.asText().trim()).matches()) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                // falls through to the rejection below
            }
        }
        throw new Payload.Invalid("field '" + field + "'" + where + " must be " + unit + "; was " + v);
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || (v.isTextual() && v.asText().isBlank());
    }
}
