package timelines.ingest.times;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import timelines.ingest.amqp.AmqpNormalizer;
import timelines.ingest.delivery.Payload;

/**
 * How a vendor writes one time field, and how to write it moved by whole seconds in that same
 * form. Each {@link #shift} answers null when the value is not a time of this form (absent, a
 * placeholder, Go's zero time): the field is then left as it was, as its normalizer would have
 * passed it over.
 */
public enum TimeFormat {
    /** A date and time as text, in any shape {@link WrittenTime} keeps (ISO-8601, CloudWatch, Jira, Uptime Kuma, Pingdom). */
    TEXT {
        @Override
        JsonNode shift(JsonNode value, long seconds) {
            if (value == null || !value.isTextual()) {
                return null;
            }
            String moved = WrittenTime.shift(value.asText(), seconds);
            return moved == null ? null : TextNode.valueOf(moved);
        }
    },
    /**
     * RFC 3339 text from Go (Alertmanager, Grafana), where the zero {@code time.Time} means "no
     * time": moving it would turn "not resolved yet" into a real time in year 8.
     */
    GO_TEXT {
        @Override
        JsonNode shift(JsonNode value, long seconds) {
            if (value != null && value.isTextual() && isGoZero(value.asText())) {
                return null;
            }
            return TEXT.shift(value, seconds);
        }
    },
    /** Unix seconds, a JSON integer or a string of digits (Pingdom, UptimeRobot). */
    EPOCH_SECONDS {
        @Override
        JsonNode shift(JsonNode value, long seconds) {
            return wholeNumber(value, seconds, 1);
        }
    },
    /** Unix seconds with a fraction, a JSON number only (Sentry's event {@code timestamp} and {@code received}). */
    EPOCH_SECONDS_FRACTION {
        @Override
        JsonNode shift(JsonNode value, long seconds) {
            if (value == null || !value.isNumber()) {
                return null;
            }
            if (value.isIntegralNumber() && value.canConvertToLong()) {
                return LongNode.valueOf(Math.addExact(value.longValue(), seconds));
            }
            // JSON numbers are read as doubles on the other side too: exact to the millisecond, to about a
            // microsecond beyond (the precision a double has at today's epoch seconds).
            BigDecimal moved = value.decimalValue().add(BigDecimal.valueOf(seconds));
            return DecimalNode.valueOf(moved);
        }
    },
    /**
     * Unix seconds with a fraction as a string (Slack's message {@code ts}, {@code "1355517523.000005"}),
     * or whole seconds as a string or a JSON integer; the fraction is kept digit for digit.
     */
    EPOCH_SECONDS_FRACTION_TEXT {
        @Override
        JsonNode shift(JsonNode value, long seconds) {
            if (value != null && value.isTextual()) {
                Matcher m = SECONDS_FRACTION.matcher(value.asText());
                if (m.matches()) {
                    try {
                        long moved = Math.addExact(Long.parseLong(m.group(1)), seconds);
                        return moved < 0 ? null : TextNode.valueOf(moved + (m.group(2) == null ? "" : m.group(2)));
                    } catch (NumberFormatException | ArithmeticException e) {
                        return null;
                    }
                }
                return null;
            }
            return wholeNumber(value, seconds, 1);
        }
    },
    /** Unix milliseconds, a JSON integer or a string of digits (Opsgenie's {@code createdAt}). */
    EPOCH_MILLIS {
        @Override
        JsonNode shift(JsonNode value, long seconds) {
            return wholeNumber(value, seconds, 1_000L);
        }
    },
    /** Unix nanoseconds, a JSON integer or a string of digits (Opsgenie's {@code updatedAt}). */
    EPOCH_NANOS {
        @Override
        JsonNode shift(JsonNode value, long seconds) {
            return wholeNumber(value, seconds, 1_000_000_000L);
        }
    },
    /** Log text whose entries' headers carry their times (AMQP errors: RabbitMQ and client logs). */
    LOG_TEXT {
        @Override
        JsonNode shift(JsonNode value, long seconds) {
            if (value == null || !value.isTextual()) {
                return null;
            }
            String moved = AmqpNormalizer.shiftLogTimes(value.asText(), seconds);
            return moved.equals(value.asText()) ? null : TextNode.valueOf(moved);
        }
    };

    private static final Instant GO_ZERO_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Pattern DIGITS = Pattern.compile("(\\s*)(\\d{1,19})(\\s*)");
    private static final Pattern SECONDS_FRACTION = Pattern.compile("(\\d{1,12})(\\.\\d{1,9})?");

    /** The value moved by {@code seconds}, in the same form; null when it is not a time of this form. */
    abstract JsonNode shift(JsonNode value, long seconds);

    /** As Alertmanager's reader decides it: the text is an instant, and that instant is Go's zero. */
    private static boolean isGoZero(String text) {
        try {
            return Payload.parseInstant(text).equals(GO_ZERO_TIME);
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static JsonNode wholeNumber(JsonNode value, long seconds, long unitsPerSecond) {
        if (value == null) {
            return null;
        }
        long by = Math.multiplyExact(seconds, unitsPerSecond);
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return LongNode.valueOf(Math.addExact(value.longValue(), by));
        }
        if (value.isTextual()) {
            Matcher m = DIGITS.matcher(value.asText());
            if (m.matches()) {
                try {
                    long moved = Math.addExact(Long.parseLong(m.group(2)), by);
                    return moved < 0 ? null : TextNode.valueOf(m.group(1) + moved + m.group(3));
                } catch (NumberFormatException | ArithmeticException e) {
                    return null;
                }
            }
        }
        return null;
    }
}
