package timelines.sink.drafts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Formatting and escaping for drafts: text from payloads is never trusted as Markdown or HTML. */
public final class Text {
    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    private Text() {}

    /** Escapes payload text for Markdown prose: HTML and Markdown control characters neutralized. */
    public static String md(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '\\', '`', '*', '_', '[', ']', '#', '|' -> out.append('\\').append(c);
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Payload text as an inline code span. Backslash escapes and entities are not read inside a
     * code span (it would show {@code a\_b} for {@code a_b}) and HTML is never parsed there, so
     * nothing is escaped: the fence is made longer than any run of backticks in the text, and line
     * breaks become spaces so the span cannot end the line.
     */
    public static String code(String s) {
        String text = s == null ? "" : s.replaceAll("[\r\n\t]", " ");
        int longest = 0;
        int run = 0;
        for (char c : text.toCharArray()) {
            run = c == '`' ? run + 1 : 0;
            longest = Math.max(longest, run);
        }
        String fence = "`".repeat(longest + 1);
        String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
        return fence + pad + text + pad + fence;
    }

    /**
     * A payload URL as a Markdown link target: every byte that could end the target, the table
     * cell or the line, or open HTML ({@code ( ) < > | \ `}, space, line breaks, non-ASCII) is
     * percent-encoded; existing escapes ({@code %20}) are kept as they are.
     */
    public static String url(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~:/?#@!$&'*+,;=%".indexOf(c) >= 0)) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    /** Escapes and cuts text for a table cell. */
    public static String cell(String s, int max) {
        return md(cut(s, max));
    }

    public static String cut(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max - 1) + "…";
    }

    public static String dateTime(Instant t) {
        return t == null ? "—" : DATE_TIME.format(t) + " UTC";
    }

    public static String time(Instant t) {
        return t == null ? "—" : TIME.format(t);
    }

    public static String date(Instant t) {
        return t == null ? "—" : DATE.format(t);
    }

    /** "4 s", "31 min", "14 h 5 min", "2 d 3 h". */
    public static String duration(Long seconds) {
        if (seconds == null) {
            return "—";
        }
        Duration d = Duration.ofSeconds(seconds);
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            long s = d.toSecondsPart();
            return d.toMinutes() + " min" + (s > 0 ? " " + s + " s" : "");
        }
        if (seconds < 86400) {
            long m = d.toMinutesPart();
            return d.toHours() + " h" + (m > 0 ? " " + m + " min" : "");
        }
        long h = d.toHoursPart();
        return d.toDays() + " d" + (h > 0 ? " " + h + " h" : "");
    }
}
