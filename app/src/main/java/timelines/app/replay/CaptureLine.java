package timelines.app.replay;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.ingest.delivery.Payload;

/** One line of a capture (DESIGN section 7), read strictly: a bad line is reported, not guessed at. */
public final class CaptureLine {
    private CaptureLine() {}

    public static RawDelivery parse(String line) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(line);
        } catch (Exception e) {
            throw new Payload.Invalid("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (node == null || !node.isObject()) {
            throw new Payload.Invalid("not a JSON object");
        }
        String source = Payload.requiredText(node, "source", "");
        Instant receivedAt = Payload.optionalInstant(node, "receivedAt", "");
        if (receivedAt == null) {
            throw new Payload.Invalid("missing required field 'receivedAt'");
        }
        JsonNode body = node.get("body");
        if (body == null || body.isNull()) {
            throw new Payload.Invalid("missing required field 'body'");
        }
        Map<String, String> headers = Payload.stringMap(node.get("headers"));
        return new RawDelivery(receivedAt, source, headers, body, null);
    }
}
