package timelines.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PayloadTest {

    /** parseInstant as it was before the fast path: the answer, or the kind of error. */
    private static Object asBefore(String text) {
        try {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return OffsetDateTime.parse(text).toInstant();
            }
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    private static Object now(String text) {
        try {
            return Payload.parseInstant(text);
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-03-04T05:06:07Z", "2024-03-04T05:06:07.1Z", "2024-03-04T05:06:07.123Z", "2024-03-04T05:06:07.123456Z",
        "2024-03-04T05:06:07.123456789Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "2024-02-29T12:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.5Z"
    })
    void readsTheCommonShapeItselfAndAsInstantParseDoes(String text) {
        assertThat(Payload.parseUtc(text)).isNotNull().isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "2024-03-04T05:06:07+01:00", "2024-03-04T05:06:07.5-07:30", "2024-03-04t05:06:07z", "2024-03-04T05:06:07.Z",
        "2024-03-04T05:06:07.1234567890Z", "2024-03-04T23:59:60Z", "2024-03-04T24:00:00Z", "2023-02-29T00:00:00Z",
        "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-01T00:00:00Z", "2024-01-00T00:00:00Z",
        "2024-01-01T00:60:00Z", "+2024-01-01T00:00:00Z", "2024-01-01 00:00:00Z", "2024-01-01T00:00:00",
        "2024-01-01T0a:00:00Z", "２０２４-01-01T00:00:00Z", "2024-01-01T00:00:00.12a4Z", "", "yesterday",
        "2024-01-01T00:00Z", "12024-01-01T00:00:00Z"
    })
    void leavesEveryOtherShapeToTheFormatterWithTheSameAnswerOrError(String text) {
        assertThat(Payload.parseUtc(text)).isNull();
        assertThat(now(text)).isEqualTo(asBefore(text));
    }

    /** Found by fuzzing: a body Jackson takes for UTF-32 threw an UncheckedIOException (a 500), not a 400. */
    @Test
    void aBodyThatCannotBeDecodedIsMalformedJson() throws Exception {
        byte[] seed;
        try (var in = PayloadTest.class.getResourceAsStream("/timelines/ingest/NormalizersFuzzTestInputs/"
                + "everySourceAnswersWithSignalsAnIgnoreOrATypedRejection/body-read-as-utf-32")) {
            seed = in.readAllBytes();
        }
        String prefix = "signals\n";
        byte[] body = java.util.Arrays.copyOfRange(seed, prefix.length(), seed.length);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Payload.parse(body))
                .isInstanceOf(com.fasterxml.jackson.core.JsonProcessingException.class)
                .hasMessageContaining("cannot decode the body as text");
    }

    @Test
    void agreesWithTheFormatterOnRandomTimesAndNearMisses() {
        Random random = new Random(7);
        String alphabet = "0123456789-T:.Z+";
        for (int i = 0; i < 200_000; i++) {
            Instant t = Instant.ofEpochSecond(random.nextLong(-62_167_219_200L, 253_402_300_800L),
                    random.nextInt(4) == 0 ? 0 : random.nextInt(1_000_000_000) / (int) Math.pow(10, random.nextInt(7)));
            String text = t.toString();
            assertThat(now(text)).as(text).isEqualTo(t);
            char[] mutated = text.toCharArray();
            mutated[random.nextInt(mutated.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            String nearMiss = new String(mutated);
            assertThat(now(nearMiss)).as(nearMiss).isEqualTo(asBefore(nearMiss));
        }
    }
}
