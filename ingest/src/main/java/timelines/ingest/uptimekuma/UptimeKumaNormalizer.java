package timelines.ingest.uptimekuma;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * Uptime Kuma's "Webhook" notification with the default "Preset - application/json" body:
 * {@code {heartbeat, monitor, msg}} as built by {@code server/notification-providers/webhook.js},
 * where {@code heartbeat} is {@code Heartbeat.toJSON()} (status 0 down, 1 up, 2 pending,
 * 3 maintenance; {@code time} in UTC as {@code YYYY-MM-DD HH:mm:ss.SSS} without a zone marker) and
 * {@code monitor} is {@code Monitor.toJSON()}.
 *
 * <p>Uptime Kuma notifies only on important beats (first beat, UP to DOWN, PENDING to DOWN, DOWN to
 * UP), so DOWN becomes FAILING and UP becomes RECOVERED at the heartbeat's time. Since 2.x an UP
 * notification also carries {@code heartbeat.lastDownTime}, the time of the important DOWN beat
 * that started the outage: it becomes a FAILING signal of its own, with the same id the DOWN
 * notification produced, so a lost DOWN delivery still puts the outage's beginning on the
 * timeline while a received one makes it a duplicate. Test and certificate-expiry notifications
 * carry only {@code msg} and are ignored.
 *
 * <p>Severity (DESIGN 5a): a monitor says nothing of it, but a monitor that is down is
 * {@code critical}, and so is its recovery, the same check's.
 */
public final class UptimeKumaNormalizer implements Normalizer {
    public static final String SOURCE = "uptime-kuma";

    static final int DOWN = 0;
    static final int UP = 1;
    static final int PENDING = 2;
    static final int MAINTENANCE = 3;

    /** Uptime Kuma's SQL datetime ({@code R.isoDateTimeMillis(dayjs.utc())}): UTC, no zone marker. */
    private static final DateTimeFormatter SQL_DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral(' ')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .toFormatter();

    private final String defaultEnv;

    public UptimeKumaNormalizer(String defaultEnv) {
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
                    "expected an Uptime Kuma webhook object with 'heartbeat', 'monitor' and 'msg'");
        }
        JsonNode heartbeat = body.get("heartbeat");
        JsonNode monitor = body.get("monitor");
        boolean noHeartbeat = heartbeat == null || heartbeat.isNull();
        if (noHeartbeat && (monitor == null || monitor.isNull())) {
            String msg = Payload.optionalText(body, "msg");
            if (msg == null) {
                return Normalization.rejected(
                        "missing required field 'heartbeat' (and no 'msg'): not an Uptime Kuma webhook");
            }
            return Normalization.ignored(
                    "notification without a heartbeat (a test or certificate-expiry message): " + msg);
        }
        try {
            if (noHeartbeat || !heartbeat.isObject()) {
                throw new Payload.Invalid("missing required field 'heartbeat' (an object)");
            }
            if (monitor == null || !monitor.isObject()) {
                throw new Payload.Invalid("missing required field 'monitor' (an object)");
            }
            return read(body, heartbeat, monitor, delivery.receivedAt());
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Normalization read(JsonNode body, JsonNode heartbeat, JsonNode monitor, Instant receivedAt) {
        JsonNode statusNode = heartbeat.get("status");
        if (statusNode == null || !statusNode.canConvertToInt()) {
            throw new Payload.Invalid(
                    "missing required field 'status' in 'heartbeat' (0 down, 1 up, 2 pending, 3 maintenance)");
        }
        int status = statusNode.asInt();
        if (status == PENDING) {
            return Normalization.ignored("heartbeat status 2 (pending): the monitor is retrying, not yet down");
        }
        if (status == MAINTENANCE) {
            return Normalization.ignored("heartbeat status 3 (maintenance)");
        }
        if (status != DOWN && status != UP) {
            return Normalization.ignored("heartbeat status " + status + " is neither down (0) nor up (1)");
        }
        String name = Payload.requiredText(monitor, "name", " in 'monitor'");
        String monitorId = Payload.optionalText(monitor, "id");
        if (monitorId == null) {
            monitorId = Payload.optionalText(heartbeat, "monitorID");
        }
        if (monitorId == null) {
            throw new Payload.Invalid("missing required field 'id' in 'monitor' (nor 'monitorID' in 'heartbeat')");
        }
        Instant time = utc(Payload.requiredText(heartbeat, "time", " in 'heartbeat'"), "time");
        String summary = Payload.optionalText(body, "msg");
        if (summary == null) {
            summary = Payload.optionalText(heartbeat, "msg");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "monitorType", Payload.optionalText(monitor, "type"));
        Payload.putIfPresent(labels, "url", Payload.optionalText(monitor, "url"));
        Payload.putIfPresent(labels, "hostname", Payload.optionalText(monitor, "hostname"));

        List<Signal> signals = new ArrayList<>();
        if (status == UP) {
            String lastDown = Payload.optionalText(heartbeat, "lastDownTime");
            if (lastDown != null) {
                Instant downAt = utc(lastDown, "lastDownTime");
                Map<String, String> reconstructed = new LinkedHashMap<>(labels);
                reconstructed.put("reconstructedFrom", "lastDownTime");
                // Not alerting: this delivery notified people of the recovery, not of the failure.
                signals.add(signal(SignalType.FAILING, name, monitorId, downAt, receivedAt, false,
                        name + " was down since " + lastDown + " UTC (from the recovery notification)", reconstructed));
            }
        }
        SignalType type = status == DOWN ? SignalType.FAILING : SignalType.RECOVERED;
        signals.add(signal(type, name, monitorId, time, receivedAt, true, summary, labels));
        return Normalization.signals(signals);
    }

    private Signal signal(SignalType type, String service, String monitorId, Instant observedAt, Instant receivedAt,
            boolean alerting, String summary, Map<String, String> labels) {
        String id = Ids.of(SOURCE, monitorId, type.name(), observedAt.toString());
        return new Signal(id, SOURCE, type, defaultEnv, service, monitorId, observedAt, receivedAt, alerting,
                Severity.CRITICAL.wire(), summary, null, labels, false);
    }

    /** The SQL form Uptime Kuma stores and sends (UTC), or ISO-8601 with a zone from a non-SQLite backend. */
    static Instant utc(String text, String field) {
        try {
            return LocalDateTime.parse(text.trim(), SQL_DATETIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notSql) {
            try {
                return Payload.parseInstant(text.trim());
            } catch (DateTimeParseException e) {
                throw new Payload.Invalid("field '" + field + "' in 'heartbeat' is not a time like "
                        + "'2023-01-01 12:00:00.123' (UTC): " + text);
            }
        }
    }

}
