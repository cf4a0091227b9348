package timelines.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A delivery as received (DESIGN section 3 and 7): the same shape as one line of a capture, so
 * {@code signals.raw.v1} can be exported and replayed. On {@code signals.rejected.v1} it also
 * carries the reason.
 *
 * @param body the JSON as delivered, or a text node for text sources and unparseable bodies
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RawDelivery(
        Instant receivedAt,
        String source,
        Map<String, String> headers,
        JsonNode body,
        String reason) {

    public RawDelivery {
        headers = headers == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(headers));
    }

    public RawDelivery rejected(String why) {
        return new RawDelivery(receivedAt, source, headers, body, why);
    }
}
