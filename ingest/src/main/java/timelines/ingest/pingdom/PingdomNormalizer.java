package timelines.ingest.pingdom;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * Pingdom's state change webhook (https://www.pingdom.com/resources/webhooks): one POST per state
 * change of an uptime check (UP/DOWN) or a transaction check (SUCCESS/FAILING), with
 * {@code check_id}, {@code check_name}, {@code previous_state}, {@code current_state} and the moment
 * of the change as {@code state_changed_timestamp} (unix seconds) and
 * {@code state_changed_utc_time}. DOWN and FAILING become FAILING, UP and SUCCESS RECOVERED; any
 * other state is ignored.
 *
 * <p>Severity (DESIGN 5a): a check that is down is {@code critical}, and so is its recovery, the same
 * check's. Pingdom's {@code importance_level} (HIGH, LOW) is the check's alerting priority, not a
 * severity of what failed; it is kept as label {@code importance}, for a catalog rule to demote
 * the checks a team marks LOW.
 */
public final class PingdomNormalizer implements Normalizer {
    public static final String SOURCE = "pingdom";

    private final String defaultEnv;

    public PingdomNormalizer(String defaultEnv) {
        this.defaultEnv = defaultEnv;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        JsonNode body = delivery.body();
        if (body == null || !body.isObject()) {
            return Normalization.rejected(
                    "expected a Pingdom state change webhook object with 'check_id' and 'current_state'");
        }
        try {
            String checkId = Payload.requiredText(body, "check_id", "");
            String currentState = Payload.requiredText(body, "current_state", "");
            String checkName = Payload.requiredText(body, "check_name", "");
            SignalType type = switch (currentState.toUpperCase(Locale.ROOT)) {
                case "DOWN", "FAILING" -> SignalType.FAILING;
                case "UP", "SUCCESS" -> SignalType.RECOVERED;
                default -> null;
            };
            if (type == null) {
                return Normalization.ignored(
                        "current_state '" + currentState + "' is none of DOWN, FAILING, UP, SUCCESS");
            }
            Instant observedAt = observedAt(body, delivery.receivedAt());
            String previousState = Payload.optionalText(body, "previous_state");
            String description = Payload.optionalText(body, "long_description");
            if (description == null) {
                description = Payload.optionalText(body, "description");
            }
            String summary = checkName + " is " + currentState
                    + (previousState != null ? " (was " + previousState + ")" : "")
                    + (description != null && type == SignalType.FAILING ? ": " + description : "");
            Map<String, String> labels = new LinkedHashMap<>();
            Payload.putIfPresent(labels, "checkType", Payload.optionalText(body, "check_type"));
            Payload.putIfPresent(labels, "url", Payload.optionalText(body.get("check_params"), "full_url"));
            Payload.putIfPresent(labels, "hostname", Payload.optionalText(body.get("check_params"), "hostname"));
            Payload.putIfPresent(labels, "tags", tags(body.get("tags")));
            Payload.putIfPresent(labels, "importance", Payload.optionalText(body, "importance_level"));
            String id = Ids.of(SOURCE, checkId, type.name(), observedAt.toString());
            return Normalization.signals(List.of(new Signal(id, SOURCE, type, defaultEnv, checkName, checkId,
                    observedAt, delivery.receivedAt(), true, Severity.CRITICAL.wire(), summary, null, labels, false)));
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    /** {@code state_changed_timestamp}, else {@code state_changed_utc_time} (UTC without a zone), else receipt. */
    private static Instant observedAt(JsonNode body, Instant receivedAt) {
        JsonNode ts = body.get("state_changed_timestamp");
        if (ts != null && !ts.isNull()) {
            if (ts.canConvertToLong() || (ts.isTextual() && ts.asText().matches("\\d+"))) {
                return Instant.ofEpochSecond(ts.asLong());
            }
            throw new Payload.Invalid("field 'state_changed_timestamp' must be unix seconds; was " + ts);
        }
        String utc = Payload.optionalText(body, "state_changed_utc_time");
        if (utc != null) {
            try {
                return LocalDateTime.parse(utc).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw new Payload.Invalid(
                        "field 'state_changed_utc_time' is not a time like '2016-03-14T07:10:34': " + utc);
            }
        }
        return receivedAt;
    }

    private static String tags(JsonNode tags) {
        if (tags == null || !tags.isArray() || tags.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        tags.forEach(t -> {
            if (t.isValueNode() && !t.isNull() && !t.asText().isBlank()) {
                names.add(t.asText());
            }
        });
        return names.isEmpty() ? null : String.join(",", names);
    }

}
