package timelines.ingest.times;

import static timelines.ingest.times.TimeFormat.EPOCH_MILLIS;
import static timelines.ingest.times.TimeFormat.EPOCH_NANOS;
import static timelines.ingest.times.TimeFormat.EPOCH_SECONDS;
import static timelines.ingest.times.TimeFormat.EPOCH_SECONDS_FRACTION;
import static timelines.ingest.times.TimeFormat.GO_TEXT;
import static timelines.ingest.times.TimeFormat.LOG_TEXT;
import static timelines.ingest.times.TimeFormat.TEXT;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import timelines.contracts.Json;

/**
 * Where each source's payload holds the times its normalizer reads, and in which form: the one
 * table for moving a delivery in time (a capture replayed into a live system, whose clock is
 * now). A time a normalizer reads that is missing here stays where it was while the rest moves;
 * {@code TimeFieldsTest} runs every vendor fixture through its normalizer, moved, to catch that.
 * Adding a source is one line here too.
 *
 * <p>Paths are field names joined by dots; {@code name[]} is each element of the array
 * {@code name}, {@code name(json)} the JSON document held in the string {@code name}. A path that
 * a payload lacks is passed over, as its normalizer passes over a field it does not find.
 */
public final class TimeFields {
    /** How a source's body is laid out, before the paths apply. */
    enum Body {
        /** A JSON object. */
        OBJECT,
        /** A JSON object, or an array of them (the project's own formats). */
        OBJECT_OR_ARRAY,
        /** A JSON object, or the same as text (SNS posts its JSON as {@code text/plain}). */
        OBJECT_OR_JSON_TEXT,
        /** Log text, or an array of log lines: the whole body is one {@link TimeFormat#LOG_TEXT}. */
        LOG
    }

    /**
     * @param receiptByDefault the normalizer takes the receipt time when the field is absent; a moved
     *     delivery then gets the moved receipt written in, as the live system would stamp the real one
     */
    record Field(List<String> path, TimeFormat format, boolean receiptByDefault) {}

    record Source(Body body, List<Field> fields) {}

    private static final Map<String, Source> SOURCES = new TreeMap<>(Map.ofEntries(
            // GenericSignalNormalizer: observedAt, ISO-8601; receipt when absent.
            Map.entry("signals", source(Body.OBJECT_OR_ARRAY, receipt("observedAt"))),
            // RecordNormalizer: openedAt (receipt when absent), the window start and end; ISO-8601.
            Map.entry("records", source(Body.OBJECT_OR_ARRAY, receipt("openedAt"), field("start", TEXT),
                    field("end", TEXT))),
            // SentryNormalizer: issues by firstSeen/lastSeen, metric alerts by their date_*, events (event
            // alerts, legacy plugin) by datetime, else timestamp or received in float seconds.
            Map.entry("sentry", source(Body.OBJECT,
                    field("data.issue.firstSeen", TEXT), field("data.issue.lastSeen", TEXT),
                    field("data.event.datetime", TEXT), field("data.event.timestamp", EPOCH_SECONDS_FRACTION),
                    field("data.event.received", EPOCH_SECONDS_FRACTION),
                    field("data.metric_alert.date_started", TEXT), field("data.metric_alert.date_detected", TEXT),
                    field("data.metric_alert.date_created", TEXT), field("data.metric_alert.date_closed", TEXT),
                    field("event.datetime", TEXT), field("event.timestamp", EPOCH_SECONDS_FRACTION),
                    field("event.received", EPOCH_SECONDS_FRACTION))),
            // AlertSignals: each alert's startsAt (firing) and endsAt (resolved), RFC 3339 from Go.
            Map.entry("alertmanager", source(Body.OBJECT, field("alerts[].startsAt", GO_TEXT),
                    field("alerts[].endsAt", GO_TEXT))),
            Map.entry("grafana", source(Body.OBJECT, field("alerts[].startsAt", GO_TEXT),
                    field("alerts[].endsAt", GO_TEXT))),
            // PagerDutyNormalizer: event.occurred_at, ISO-8601.
            Map.entry("pagerduty", source(Body.OBJECT, field("event.occurred_at", TEXT))),
            // OpsgenieNormalizer: createdAt in milliseconds, updatedAt in nanoseconds.
            Map.entry("opsgenie", source(Body.OBJECT, field("alert.createdAt", EPOCH_MILLIS),
                    field("alert.updatedAt", EPOCH_NANOS))),
            // UptimeKumaNormalizer: the heartbeat's time and lastDownTime, "YYYY-MM-DD HH:mm:ss.SSS" in UTC.
            Map.entry("uptime-kuma", source(Body.OBJECT, field("heartbeat.time", TEXT),
                    field("heartbeat.lastDownTime", TEXT))),
            // UptimeRobotNormalizer: alertDateTime in unix seconds, under any of the key spellings it reads.
            Map.entry("uptimerobot", source(Body.OBJECT, field("alertDateTime", EPOCH_SECONDS),
                    field("alert_date_time", EPOCH_SECONDS), field("alert_datetime", EPOCH_SECONDS))),
            // PingdomNormalizer: state_changed_timestamp in unix seconds, else state_changed_utc_time (UTC, no zone).
            Map.entry("pingdom", source(Body.OBJECT, field("state_changed_timestamp", EPOCH_SECONDS),
                    field("state_changed_utc_time", TEXT))),
            // CloudWatchNormalizer: StateChangeTime of the alarm (bare, or in SNS's Message), EventBridge's
            // detail.state.timestamp, else its time; CloudWatch writes offsets as +0000.
            Map.entry("cloudwatch", source(Body.OBJECT_OR_JSON_TEXT, field("StateChangeTime", TEXT),
                    field("Message(json).StateChangeTime", TEXT), field("detail.state.timestamp", TEXT),
                    field("time", TEXT))),
            // DatadogNormalizer: $DATE (date) in epoch milliseconds, else $LAST_UPDATED, else $DATE_POSIX in seconds.
            Map.entry("datadog", source(Body.OBJECT, field("date", EPOCH_MILLIS), field("last_updated", EPOCH_MILLIS),
                    field("date_posix", EPOCH_SECONDS))),
            // NewRelicNormalizer: a workflow issue's createdAt and updatedAt, a legacy incident's timestamp; milliseconds.
            Map.entry("newrelic", source(Body.OBJECT, field("createdAt", EPOCH_MILLIS), field("updatedAt", EPOCH_MILLIS),
                    field("timestamp", EPOCH_MILLIS))),
            // GcpMonitoringNormalizer: the incident's started_at and ended_at in epoch seconds.
            Map.entry("gcp-monitoring", source(Body.OBJECT, field("incident.started_at", EPOCH_SECONDS),
                    field("incident.ended_at", EPOCH_SECONDS))),
            // AzureMonitorNormalizer: the common schema's fired/resolved times, the metric alerts' context.timestamp;
            // ISO-8601 with seven-digit fractions.
            Map.entry("azure-monitor", source(Body.OBJECT, field("data.essentials.firedDateTime", TEXT),
                    field("data.essentials.resolvedDateTime", TEXT), field("data.context.timestamp", TEXT),
                    field("context.timestamp", TEXT))),
            // HoneybadgerNormalizer: an outage's down_at and up_at, a notice's created_at, else the fault's last notice.
            Map.entry("honeybadger", source(Body.OBJECT, field("outage.down_at", TEXT), field("outage.up_at", TEXT),
                    field("notice.created_at", TEXT), field("fault.last_notice_at", TEXT))),
            // AmqpNormalizer: each log entry's header time.
            Map.entry("amqp", source(Body.LOG)),
            // JiraNormalizer: the created time, offsets as +0100.
            Map.entry("jira", source(Body.OBJECT, field("issue.fields.created", TEXT))),
            // ProbeNormalizer: at, ISO-8601.
            Map.entry("probe", source(Body.OBJECT, field("at", TEXT)))));

    private TimeFields() {}

    /**
     * A delivery's body with its times moved.
     *
     * @param moved how many time fields (or log header times) were moved
     * @param stamped how many absent times were written in as the moved receipt
     */
    public record Shifted(JsonNode body, int moved, int stamped) {}

    /** The sources this table knows. */
    public static Set<String> sources() {
        return SOURCES.keySet();
    }

    /**
     * The body of a delivery to {@code source} with every time its normalizer reads moved by
     * {@code seconds}, each in its own form; the input is not changed.
     *
     * @param receipt the delivery's receipt, moved: written where the project's own formats take the
     *     receipt for an absent time
     * @throws IllegalArgumentException for a source this table does not know
     */
    public static Shifted shift(String source, JsonNode body, long seconds, Instant receipt) {
        Source s = SOURCES.get(source);
        if (s == null) {
            throw new IllegalArgumentException("no time fields known for source '" + source + "'; known: "
                    + String.join(", ", SOURCES.keySet()));
        }
        Count count = new Count();
        JsonNode moved = body == null ? null : switch (s.body()) {
            case OBJECT -> body.isObject() ? fields(body.deepCopy(), s, seconds, receipt, count) : body;
            case OBJECT_OR_ARRAY -> {
                if (body.isObject()) {
                    yield fields(body.deepCopy(), s, seconds, receipt, count);
                }
                if (body.isArray()) {
                    ArrayNode items = body.deepCopy();
                    for (int i = 0; i < items.size(); i++) {
                        if (items.get(i).isObject()) {
                            items.set(i, fields(items.get(i), s, seconds, receipt, count));
                        }
                    }
                    yield items;
                }
                yield body;
            }
            case OBJECT_OR_JSON_TEXT -> {
                if (body.isObject()) {
                    yield fields(body.deepCopy(), s, seconds, receipt, count);
                }
                JsonNode parsed = body.isTextual() ? parse(body.asText()) : null;
                if (parsed != null && parsed.isObject()) {
                    int before = count.moved;
                    JsonNode out = fields(parsed, s, seconds, receipt, count);
                    yield count.moved == before ? body : TextNode.valueOf(write(out));
                }
                yield body;
            }
            case LOG -> log(body, seconds, count);
        };
        return new Shifted(moved, count.moved, count.stamped);
    }

    private static final class Count {
        int moved;
        int stamped;
    }

    private static JsonNode fields(JsonNode root, Source s, long seconds, Instant receipt, Count count) {
        for (Field f : s.fields()) {
            at(root, f, 0, seconds, receipt, count);
        }
        return root;
    }

    /** Moves the field {@code f} under {@code node}, from path step {@code i} on. */
    private static void at(JsonNode node, Field f, int i, long seconds, Instant receipt, Count count) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        String step = f.path().get(i);
        boolean last = i == f.path().size() - 1;
        if (step.endsWith("[]")) {
            JsonNode items = object.get(step.substring(0, step.length() - 2));
            if (items != null && items.isArray()) {
                for (JsonNode item : items) {
                    if (last) {
                        throw new IllegalStateException("a path ends in a field, not in an array: " + f.path());
                    }
                    at(item, f, i + 1, seconds, receipt, count);
                }
            }
            return;
        }
        if (step.endsWith("(json)")) {
            String name = step.substring(0, step.length() - "(json)".length());
            JsonNode text = object.get(name);
            JsonNode inner = text != null && text.isTextual() ? parse(text.asText()) : null;
            if (inner != null) {
                int before = count.moved;
                at(inner, f, i + 1, seconds, receipt, count);
                if (count.moved != before) {
                    object.put(name, write(inner));
                }
            }
            return;
        }
        JsonNode value = object.get(step);
        if (!last) {
            at(value, f, i + 1, seconds, receipt, count);
            return;
        }
        JsonNode moved = f.format().shift(value, seconds);
        if (moved != null) {
            object.set(step, moved);
            count.moved++;
        } else if (f.receiptByDefault() && receipt != null && absent(value)) {
            object.put(step, receipt.toString());
            count.stamped++;
        }
    }

    private static JsonNode log(JsonNode body, long seconds, Count count) {
        if (body.isTextual()) {
            JsonNode moved = LOG_TEXT.shift(body, seconds);
            if (moved != null) {
                count.moved++;
                return moved;
            }
            return body;
        }
        if (body.isArray()) {
            ArrayNode lines = body.deepCopy();
            for (int i = 0; i < lines.size(); i++) {
                JsonNode moved = LOG_TEXT.shift(lines.get(i), seconds);
                if (moved != null) {
                    lines.set(i, moved);
                    count.moved++;
                }
            }
            return lines;
        }
        return body;
    }

    /** As {@code Payload.optionalText} sees a field: missing, null or blank. */
    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || (value.isTextual() && value.asText().isBlank());
    }

    private static JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String write(JsonNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Source source(Body body, Field... fields) {
        return new Source(body, List.of(fields));
    }

    private static Field field(String path, TimeFormat format) {
        return new Field(List.of(path.split("\\.")), format, false);
    }

    private static Field receipt(String path) {
        return new Field(List.of(path.split("\\.")), TEXT, true);
    }
}
