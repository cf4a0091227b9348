package timelines.ingest.times;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A date and time as a vendor wrote it, moved by whole seconds and written back in the same shape:
 * ISO-8601 with {@code Z} or an offset ({@code 2021-06-04T13:35:29.781Z}, {@code +02:00}),
 * CloudWatch's and Jira's offset without a colon ({@code +0000}), the same after a space
 * ({@code 2025-05-02 12:30:19 +0000}), Uptime Kuma's SQL form
 * ({@code 2023-03-06 07:26:00.123}, UTC), Pingdom's zone-less UTC ({@code 2016-09-05T09:29:00}).
 *
 * <p>The zone is kept as written, so the local date and time move by exactly the shift and the
 * instant the vendor meant moves by exactly the same amount, whatever the zone; the fraction is
 * kept digit for digit, since whole seconds never change it. A shape that is none of these is
 * not a time this class writes: {@link #shift} answers null rather than guess.
 */
public final class WrittenTime {
    private static final Pattern SHAPE = Pattern.compile(
            "(\\s*)(\\d{4}-\\d{2}-\\d{2})([T ])(\\d{2}:\\d{2}:\\d{2})((?:[.,]\\d{1,9})?)( ?)"
                    + "(Z|z|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)?(\\s*)");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private WrittenTime() {}

    /** The text moved by {@code seconds}, in its own shape; null when it is not a date and time of that shape. */
    public static String shift(String text, long seconds) {
        Matcher m = SHAPE.matcher(text);
        if (!m.matches()) {
            return null;
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(LocalDate.parse(m.group(2)), LocalTime.parse(m.group(4)))
                    .plusSeconds(seconds);
        } catch (DateTimeException e) {
            return null;
        }
        if (local.getYear() < 0 || local.getYear() > 9999) {
            return null;
        }
        return m.group(1) + DATE.format(local) + m.group(3) + TIME.format(local) + m.group(5) + m.group(6)
                + (m.group(7) == null ? "" : m.group(7)) + m.group(8);
    }
}
