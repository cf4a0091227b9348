package timelines.ingest.generic;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * The project's own record format ({@code POST /v1/records}, capture source {@code records}): a
 * declared incident or maintenance window, one object or an array; {@code id} and {@code type}
 * required, {@code openedAt} defaults to receipt, {@code env} to the catalog's default.
 */
public final class RecordNormalizer implements Normalizer {
    public static final String SOURCE = "records";

    private final String defaultEnv;

    public RecordNormalizer(String defaultEnv) {
        this.defaultEnv = defaultEnv;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        JsonNode body = delivery.body();
        if (body == null || !(body.isObject() || body.isArray()) || (body.isArray() && body.isEmpty())) {
            return Normalization.rejected("expected a record object or a non-empty array of them");
        }
        List<Record> records = new ArrayList<>();
        try {
            if (body.isObject()) {
                records.add(read(body, "", delivery.receivedAt()));
            } else {
                for (int i = 0; i < body.size(); i++) {
                    if (!body.get(i).isObject()) {
                        throw new Payload.Invalid("item " + i + " is not an object");
                    }
                    records.add(read(body.get(i), " (item " + i + ")", delivery.receivedAt()));
                }
            }
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
        return Normalization.records(records);
    }

    private Record read(JsonNode n, String where, Instant receivedAt) {
        String id = Payload.requiredString(n, "id", where);
        String typeText = Payload.requiredString(n, "type", where);
        RecordType type;
        try {
            type = RecordType.valueOf(typeText.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Payload.Invalid("field 'type'" + where + " must be INCIDENT or MAINTENANCE; was '" + typeText + "'");
        }
        List<String> services = new ArrayList<>();
        JsonNode s = n.get("services");
        if (s != null && !s.isNull()) {
            if (!s.isArray()) {
                throw new Payload.Invalid("field 'services'" + where + " must be an array of service names");
            }
            for (JsonNode x : s) {
                // asText() would turn null into "null" and an object into "": a record for no real service.
                if (!x.isTextual() || x.asText().isBlank()) {
                    throw new Payload.Invalid("field 'services'" + where + " must be an array of service names");
                }
                services.add(x.asText());
            }
        }
        String env = Payload.optionalString(n, "env", where);
        Instant openedAt = Payload.optionalInstant(n, "openedAt", where);
        Instant start = Payload.optionalInstant(n, "start", where);
        Instant end = Payload.optionalInstant(n, "end", where);
        if (start != null && end != null && end.isBefore(start)) {
            throw new Payload.Invalid("field 'end'" + where + " is before 'start'");
        }
        return new Record(id, type, env != null ? env : defaultEnv, services,
                openedAt != null ? openedAt : receivedAt, start, end,
                Payload.optionalString(n, "title", where), Payload.optionalString(n, "link", where));
    }
}
