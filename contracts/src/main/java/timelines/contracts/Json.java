package timelines.contracts;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;

/**
 * The one JSON configuration of the project: ISO-8601 instants, unknown fields ignored on read,
 * map keys sorted so the same value always serializes to the same bytes (replays are compared
 * byte for byte).
 */
public final class Json {
    /** Bodies nest far less than this; a deeper one is an attack or a bug. */
    public static final int MAX_NESTING = 64;
    /** Longest single string accepted from the outside (a whole body is capped at 1 MiB anyway). */
    public static final int MAX_STRING = 512 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING)
                            .maxStringLength(MAX_STRING)
                            .build())
                    .build())
            .addModule(new JavaTimeModule())
            // Registered after JavaTimeModule, so it takes precedence for Instant; same output and input, faster.
            .addModule(new SimpleModule("iso-instant").addSerializer(Instant.class, new IsoInstantSerializer())
                    .addDeserializer(Instant.class, new IsoInstantDeserializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
