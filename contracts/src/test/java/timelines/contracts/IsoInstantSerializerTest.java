package timelines.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path must write what ISO_INSTANT writes, byte for byte: replays are compared that way. */
class IsoInstantSerializerTest {

    @Test
    void shouldWriteWhatIsoInstantWritesForAnyPrecisionAndYear() throws JsonProcessingException {
        SplittableRandom random = new SplittableRandom(7);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            long seconds = random.nextLong(min, max + 1);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(seconds, nano);
            assertThat(Json.mapper().writeValueAsString(t)).isEqualTo('"' + DateTimeFormatter.ISO_INSTANT.format(t) + '"');
        }
    }

    @Test
    void shouldWriteEdgesLikeIsoInstant() throws JsonProcessingException {
        for (String s : new String[] {"1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2016-09-05T09:29:04Z",
                "2024-02-29T23:59:59.001Z", "2021-07-20T18:50:00.120Z", "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999Z"}) {
            Instant t = Instant.parse(s);
            assertThat(Json.mapper().writeValueAsString(t)).isEqualTo('"' + DateTimeFormatter.ISO_INSTANT.format(t) + '"');
        }
    }

    @Test
    void shouldFallBackToTheFormatterOutsideFourDigitYears() throws JsonProcessingException {
        for (Instant t : new Instant[] {Instant.MIN, Instant.MAX, Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z")}) {
            assertThat(Json.mapper().writeValueAsString(t)).isEqualTo('"' + DateTimeFormatter.ISO_INSTANT.format(t) + '"');
            assertThat(Json.mapper().readValue(Json.mapper().writeValueAsString(t), Instant.class)).isEqualTo(t);
        }
    }
}
