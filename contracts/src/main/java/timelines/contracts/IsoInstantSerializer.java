package timelines.contracts;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Writes an {@link Instant} exactly as {@link java.time.format.DateTimeFormatter#ISO_INSTANT}
 * does ({@code 2016-09-05T09:29:04Z}, fractions in groups of three digits as needed), without
 * going through a formatter: the state stores and revisions hold many instants, and formatting
 * them was a third of the topology's time. Years outside 0000–9999 take the formatter's path.
 */
final class IsoInstantSerializer extends StdSerializer<Instant> {
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long FIRST = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    private static final long LAST = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();

    IsoInstantSerializer() {
        super(Instant.class);
    }

    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
        char[] out = new char[30];
        int len = format(value, out);
        if (len < 0) {
            gen.writeString(value.toString());
        } else {
            gen.writeString(out, 0, len);
        }
    }

    /** Writes the instant into {@code out}; returns its length, or -1 for a year outside 0000–9999. */
    static int format(Instant value, char[] out) {
        long seconds = value.getEpochSecond();
        if (seconds < FIRST || seconds > LAST) {
            return -1;
        }
        long day = Math.floorDiv(seconds, SECONDS_PER_DAY);
        int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
        LocalDate date = LocalDate.ofEpochDay(day);
        digits(out, 0, date.getYear(), 4);
        out[4] = '-';
        digits(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        digits(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        digits(out, 17, secondOfDay % 60, 2);
        int pos = 19;
        int nano = value.getNano();
        if (nano > 0) {
            out[pos++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(out, pos, nano / 1_000_000, 3);
                pos += 3;
            } else if (nano % 1_000 == 0) {
                digits(out, pos, nano / 1_000, 6);
                pos += 6;
            } else {
                digits(out, pos, nano, 9);
                pos += 9;
            }
        }
        out[pos++] = 'Z';
        return pos;
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
