package timelines.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading an instant must give what Jackson's own deserializer gives, or fail where it fails. */
class IsoInstantDeserializerTest {
    private static final ObjectMapper JACKSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE).build();

    record Holder(Instant at) {}

    private static Object read(ObjectMapper mapper, String json) {
        try {
            return mapper.readValue(json, Holder.class).at();
        } catch (Exception e) {
            return e.getClass();
        }
    }

    @Test
    void shouldReadWhatJacksonReadsForAnyPrecisionAndYear() {
        SplittableRandom random = new SplittableRandom(11);
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 100_000; i++) {
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(random.nextLong(min, max + 1), nano);
            String json = "{\"at\":\"" + t + "\"}";
            assertThat(read(Json.mapper(), json)).as(json).isEqualTo(t).isEqualTo(read(JACKSON, json));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\"2024-03-04T05:06:07+01:00\"", "\"2024-03-04T05:06:07.5-07:30\"", "\"2024-03-04T23:59:60Z\"",
        "\"2023-02-29T00:00:00Z\"", "\"2024-01-01T00:00:00\"", "\"yesterday\"", "\"\"", "1709528767",
        "1709528767.5", "null", "\"+12024-01-01T00:00:00Z\"", "\"2024-01-01T00:00:00.1234567890Z\""
    })
    void shouldLeaveEveryOtherShapeToJackson(String value) {
        String json = "{\"at\":" + value + "}";
        assertThat(read(Json.mapper(), json)).as(json).isEqualTo(read(JACKSON, json));
    }
}
