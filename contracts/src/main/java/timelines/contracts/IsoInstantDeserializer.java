package timelines.contracts;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads the common UTC shape of an ISO-8601 instant itself ({@link IsoInstants#parseUtc}) and
 * leaves everything else (offsets, numbers, odd shapes) to Jackson's own {@link
 * InstantDeserializer}, so every other answer and error is unchanged. Parsing instants with the
 * formatter was about a tenth of the stream thread reading signals.
 */
final class IsoInstantDeserializer extends StdScalarDeserializer<Instant> {
    IsoInstantDeserializer() {
        super(Instant.class);
    }

    @Override
    public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.hasToken(JsonToken.VALUE_STRING)) {
            Instant fast = IsoInstants.parseUtc(p.getText());
            if (fast != null) {
                return fast;
            }
        }
        return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }
}
