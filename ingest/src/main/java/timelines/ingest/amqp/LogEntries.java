package timelines.ingest.amqp;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import timelines.ingest.times.WrittenTime;

/**
 * Splits log text into entries: a line with a recognised header (timestamp, level) starts an entry,
 * and the lines after it without one (the second line of a RabbitMQ channel error, a Java stack
 * trace, {@code Caused by:}) belong to it. Recognised headers:
 * <ul>
 *   <li>RabbitMQ 3.9+: {@code 2023-03-06 07:26:00.123456+00:00 [error] <0.123.0> msg}, which writes
 *       every line of a multi-line message with the same header, so lines with the same time and
 *       Erlang process join one entry;</li>
 *   <li>RabbitMQ 3.7/3.8 (lager): {@code 2019-03-25 12:30:05.209 [error] <0.1627.0> msg};</li>
 *   <li>RabbitMQ before 3.7: {@code =ERROR REPORT==== 15-Jan-2021::01:53:09 ===} over the message;</li>
 *   <li>Spring Boot / logback: {@code 2023-03-06 07:26:00.123 ERROR 1 --- [thread] logger : msg},
 *       {@code 2023-03-06 07:26:00.123 [thread] ERROR logger - msg}, ISO forms with {@code T} and an
 *       offset, and logback's time-only {@code 16:09:53.610 WARN logger - msg} (no date: the entry
 *       has no time).</li>
 * </ul>
 * A docker-compose prefix ({@code rabbitmq    | }) before a header is dropped. Times without a zone
 * are taken as UTC (brokers such as Amazon MQ log in UTC; set application logs to UTC too).
 * Lines with no header and no entry to continue each form an entry of their own.
 */
final class LogEntries {
    /** Where an entry came from, by its header. */
    enum Origin {
        BROKER,
        CLIENT,
        UNKNOWN
    }

    /**
     * @param time when the entry says it was logged, or null
     * @param level lower-case level ({@code error}, {@code warning}, ...), or null
     * @param lines the message lines, headers stripped; the first is the header line's message
     * @param raw the entry's lines as received
     */
    record Entry(Instant time, String level, Origin origin, List<String> lines, String raw) {
        String text() {
            return String.join("\n", lines);
        }
    }

    private static final String TIMESTAMP =
            "\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d{1,9})?(?:Z|[+-]\\d{2}:?\\d{2})?";
    private static final String LEVEL = "TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|FATAL|CRITICAL";
    private static final Pattern COMPOSE_PREFIX = Pattern.compile("^[\\w.\\-]+\\s+\\|\\s?");
    private static final Pattern BROKER = Pattern.compile(
            "^(" + TIMESTAMP + ") \\[(\\w+)\\] (<\\d+\\.\\d+\\.\\d+>) ?(.*)$");
    private static final Pattern REPORT = Pattern.compile(
            "^=(\\w+) REPORT==== (\\d{1,2}-\\w{3}-\\d{4}::\\d{2}:\\d{2}:\\d{2}) ===\\s*$");
    private static final Pattern CLIENT = Pattern.compile(
            "^(" + TIMESTAMP + ")\\s+(?:\\[[^\\]]*\\]\\s+)?(" + LEVEL + ")\\b:?\\s*(.*)$");
    private static final Pattern CLIENT_TIME_ONLY = Pattern.compile(
            "^\\d{2}:\\d{2}:\\d{2}[.,]\\d{3}\\s+(?:\\[[^\\]]*\\]\\s+)?(" + LEVEL + ")\\b:?\\s*(.*)$");
    /** Lines that continue whatever entry precedes them, even one without a header. */
    private static final Pattern STACK = Pattern.compile("^(?:\\s+\\S|at |Caused by:|Suppressed:|\\.\\.\\. \\d+ )");

    private static final DateTimeFormatter ISO_OPTIONAL_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter REPORT_TIME =
            DateTimeFormatter.ofPattern("d-MMM-yyyy::HH:mm:ss", Locale.ENGLISH);

    private LogEntries() {}

    static List<Entry> split(String text) {
        List<Entry> entries = new ArrayList<>();
        Builder current = null;
        for (String line : text.split("\\r?\\n")) {
            Header h = header(line);
            if (h == null) {
                if (line.isBlank()) {
                    if (current != null && current.endsAtBlank) {
                        entries.add(current.build());
                        current = null;
                    }
                    continue;
                }
                if (current != null && (current.hasHeader || STACK.matcher(line).find())) {
                    current.add(line, line.strip());
                } else {
                    if (current != null) {
                        entries.add(current.build());
                    }
                    current = new Builder(null, null, Origin.UNKNOWN, null, false, false);
                    current.add(line, line.strip());
                }
                continue;
            }
            if (current != null && h.joinKey != null && h.joinKey.equals(current.joinKey)) {
                current.add(line, h.message);
                continue;
            }
            if (current != null) {
                entries.add(current.build());
            }
            current = new Builder(h.time, h.level, h.origin, h.joinKey, true, h.endsAtBlank);
            current.add(line, h.message);
        }
        if (current != null) {
            entries.add(current.build());
        }
        return entries;
    }

    /**
     * The text with the time of every header moved by {@code seconds}, each in its own shape, and
     * every other character as it was: the headers are found exactly as {@link #split} finds them,
     * so the entries, their joins and their times come out the same, only later or earlier.
     */
    static String shiftTimes(String text, long seconds) {
        StringBuilder out = new StringBuilder(text.length());
        int start = 0;
        while (start <= text.length()) {
            int newline = text.indexOf('\n', start);
            int end = newline < 0 ? text.length() : newline;
            // split() treats "\r\n" as one break: the "\r" is not part of the line it reads.
            int lineEnd = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
            out.append(shiftLine(text.substring(start, lineEnd), seconds)).append(text, lineEnd, end);
            if (newline < 0) {
                break;
            }
            out.append('\n');
            start = newline + 1;
        }
        return out.toString();
    }

    private static String shiftLine(String line, long seconds) {
        String shifted = shiftHeader(line, seconds);
        if (shifted != null) {
            return shifted;
        }
        Matcher prefix = COMPOSE_PREFIX.matcher(line);
        if (prefix.find()) {
            shifted = shiftHeader(line.substring(prefix.end()), seconds);
            if (shifted != null) {
                return line.substring(0, prefix.end()) + shifted;
            }
        }
        return line;
    }

    /** The line with its header's time moved; null when it has no header (as {@link #parseHeader} decides). */
    private static String shiftHeader(String line, long seconds) {
        Matcher m = BROKER.matcher(line);
        if (m.matches()) {
            return replace(line, m, 1, WrittenTime.shift(m.group(1), seconds));
        }
        m = REPORT.matcher(line);
        if (m.matches()) {
            return replace(line, m, 2, reportTime(m.group(2), seconds));
        }
        m = CLIENT.matcher(line);
        if (m.matches()) {
            return replace(line, m, 1, WrittenTime.shift(m.group(1), seconds));
        }
        m = CLIENT_TIME_ONLY.matcher(line);
        if (m.matches()) {
            // A header without a date: the entry takes its receipt time, there is nothing to move.
            return line;
        }
        return null;
    }

    private static String replace(String line, Matcher m, int group, String moved) {
        return moved == null ? line : line.substring(0, m.start(group)) + moved + line.substring(m.end(group));
    }

    /** {@code 15-Jan-2021::01:53:09} moved, its day padded as it was. */
    private static String reportTime(String text, long seconds) {
        try {
            LocalDateTime moved = LocalDateTime.parse(text, REPORT_TIME).plusSeconds(seconds);
            String pattern = text.startsWith("0") ? "dd-MMM-yyyy::HH:mm:ss" : "d-MMM-yyyy::HH:mm:ss";
            return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(moved);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private record Header(Instant time, String level, Origin origin, String joinKey, String message,
            boolean endsAtBlank) {}

    private static Header header(String line) {
        Header h = parseHeader(line);
        if (h == null) {
            Matcher prefix = COMPOSE_PREFIX.matcher(line);
            if (prefix.find()) {
                h = parseHeader(line.substring(prefix.end()));
            }
        }
        return h;
    }

    private static Header parseHeader(String line) {
        Matcher m = BROKER.matcher(line);
        if (m.matches()) {
            return new Header(isoTime(m.group(1)), level(m.group(2)), Origin.BROKER, m.group(1) + " " + m.group(3),
                    m.group(4).strip(), false);
        }
        m = REPORT.matcher(line);
        if (m.matches()) {
            Instant time = null;
            try {
                time = LocalDateTime.parse(m.group(2), REPORT_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // the header still starts an entry; it is just not timed
            }
            return new Header(time, level(m.group(1)), Origin.BROKER, null, "", true);
        }
        m = CLIENT.matcher(line);
        if (m.matches()) {
            return new Header(isoTime(m.group(1)), level(m.group(2)), Origin.CLIENT, null, m.group(3).strip(), false);
        }
        m = CLIENT_TIME_ONLY.matcher(line);
        if (m.matches()) {
            return new Header(null, level(m.group(1)), Origin.CLIENT, null, m.group(2).strip(), false);
        }
        return null;
    }

    private static Instant isoTime(String text) {
        String iso = text.replace(' ', 'T').replace(',', '.');
        try {
            TemporalAccessor t = ISO_OPTIONAL_OFFSET.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
            return t instanceof OffsetDateTime odt ? odt.toInstant() : ((LocalDateTime) t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String level(String text) {
        String l = text.toLowerCase(Locale.ROOT);
        return switch (l) {
            case "warn" -> "warning";
            case "crash" -> "error";
            default -> l;
        };
    }

    private static final class Builder {
        final Instant time;
        final String level;
        final Origin origin;
        final String joinKey;
        final boolean hasHeader;
        final boolean endsAtBlank;
        final List<String> lines = new ArrayList<>();
        final List<String> raw = new ArrayList<>();

        Builder(Instant time, String level, Origin origin, String joinKey, boolean hasHeader, boolean endsAtBlank) {
            this.time = time;
            this.level = level;
            this.origin = origin;
            this.joinKey = joinKey;
            this.hasHeader = hasHeader;
            this.endsAtBlank = endsAtBlank;
        }

        void add(String rawLine, String message) {
            raw.add(rawLine);
            lines.add(message);
        }

        Entry build() {
            return new Entry(time, level, origin, List.copyOf(lines), String.join("\n", raw));
        }
    }
}
