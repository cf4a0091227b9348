package timelines.contracts;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;

/** Reading ISO-8601 instants of the one shape nearly all of them have, without a formatter. */
public final class IsoInstants {
    private static final int[] NANOS_PER_DIGIT = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100,
        10, 1};

    private IsoInstants() {}

    /**
     * The shape nearly every timestamp has, {@code 2024-03-04T05:06:07[.1-9 digits]Z}, read
     * without {@code DateTimeFormatter}, which took half the time of normalizing a generic signal
     * (ingest) and a tenth of the stream thread reading signals (streams). Null for anything else
     * (offsets, leap seconds, 24:00, impossible dates, other digits), which the caller then gives
     * to the formatter as before, so every answer and error stays its own.
     */
    public static Instant parseUtc(String t) {
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
}
