package timelines.ingest.uptimerobot;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * UptimeRobot's webhook alert contact with "Send as JSON": the body is a JSON template the user
 * writes, UptimeRobot substituting its {@code *variable*} placeholders. Keys are whatever the user
 * chose, so both the variable names themselves ({@code monitorID}, {@code alertType}, ...) and their
 * snake_case forms ({@code monitor_id}, {@code alert_type}, ..., as in Zulip's documented template)
 * are read. A placeholder left unsubstituted ({@code "*alertDuration*"}) counts as absent.
 *
 * <p>{@code alertType} 1 is down (FAILING), 2 is up (RECOVERED); others (SSL expiry) are ignored.
 * Most templates carry no time, so the signal is observed at receipt unless {@code alertDateTime}
 * holds unix seconds. The check is the monitor id, else its URL, else its name (Zulip's template
 * sends no id).
 *
 * <p>Severity (DESIGN 5a): an uptime monitor says nothing of it, but a monitor that is down is
 * {@code critical}; its recovery is the same check's, so {@code critical} too.
 */
public final class UptimeRobotNormalizer implements Normalizer {
    public static final String SOURCE = "uptimerobot";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\*[A-Za-z_]+\\*");
    private static final Pattern UNIX_SECONDS = Pattern.compile("\\d{9,11}");

    private final String defaultEnv;

    public UptimeRobotNormalizer(String defaultEnv) {
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
                    "expected an UptimeRobot webhook object with 'monitorFriendlyName' and 'alertType'");
        }
        Instant receivedAt = delivery.receivedAt();
        String name = field(body, "monitorFriendlyName", "monitor_friendly_name");
        String alertType = field(body, "alertType", "alert_type");
        String alertTypeName = field(body, "alertTypeFriendlyName", "alert_type_friendly_name");
        if (alertType == null && alertTypeName == null) {
            return Normalization.rejected("missing required field 'alertType' (or 'alert_type', "
                    + "'alertTypeFriendlyName'): the template must send *alertType*");
        }
        if (name == null) {
            return Normalization.rejected("missing required field 'monitorFriendlyName' (or 'monitor_friendly_name'): "
                    + "the template must send *monitorFriendlyName*");
        }
        SignalType type = type(alertType, alertTypeName);
        if (type == null) {
            return Normalization.ignored("alertType " + (alertType != null ? alertType : alertTypeName)
                    + " is neither down (1) nor up (2)");
        }
        String monitorId = field(body, "monitorID", "monitor_id", "monitorId");
        String url = field(body, "monitorURL", "monitor_url", "monitorUrl");
        String check = monitorId != null ? monitorId : url != null ? url : name;

        String dateTime = field(body, "alertDateTime", "alert_date_time", "alert_datetime");
        boolean timed = dateTime != null && UNIX_SECONDS.matcher(dateTime).matches();
        Instant observedAt = timed ? Instant.ofEpochSecond(Long.parseLong(dateTime)) : receivedAt;

        String details = field(body, "alertDetails", "alert_details");
        String duration =
                field(body, "alertFriendlyDuration", "alert_friendly_duration", "alertDuration", "alert_duration");
        String summary = name + " is " + (type == SignalType.FAILING ? "DOWN" : "UP")
                + (details != null ? " (" + details + ")" : "")
                + (type == SignalType.RECOVERED && duration != null ? "; it was down for " + duration : "");
        Map<String, String> labels = new LinkedHashMap<>();
        if (url != null) {
            labels.put("url", url);
        }
        if (!timed) {
            labels.put("timeFrom", "receipt");
        }
        String id = Ids.of(SOURCE, check, type.name(), observedAt.toString());
        return Normalization.signals(List.of(new Signal(id, SOURCE, type, defaultEnv, name, check, observedAt,
                receivedAt, true, Severity.CRITICAL.wire(), summary, null, labels, false)));
    }

    private static SignalType type(String alertType, String alertTypeName) {
        if (alertType != null) {
            return switch (alertType.trim()) {
                case "1" -> SignalType.FAILING;
                case "2" -> SignalType.RECOVERED;
                default -> null;
            };
        }
        return switch (alertTypeName.trim().toLowerCase(Locale.ROOT)) {
            case "down" -> SignalType.FAILING;
            case "up" -> SignalType.RECOVERED;
            default -> null;
        };
    }

    /** The first of the keys holding a substituted value; placeholders UptimeRobot left alone are absent. */
    private static String field(JsonNode body, String... keys) {
        for (String key : keys) {
            String value = Payload.optionalText(body, key);
            if (value != null && !PLACEHOLDER.matcher(value.trim()).matches()) {
                return value.trim();
            }
        }
        return null;
    }
}
