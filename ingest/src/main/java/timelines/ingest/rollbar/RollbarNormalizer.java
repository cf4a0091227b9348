package timelines.ingest.rollbar;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * Rollbar's webhook notifications (https://docs.rollbar.com/docs/webhooks): {@code {"event_name":
 * ..., "data": {"item": ...}}} or {@code {"data": {"deploy": ...}}}.
 *
 * <ul>
 *   <li>{@code new_item}, {@code reactivated_item}, {@code reopened_item}, {@code exp_repeat_item}
 *       (the 10^n-th occurrence), {@code occurrence} (every occurrence) and {@code item_velocity}
 *       (a rate threshold crossed) are ERROR: a point-in-time occurrence of the item, at its
 *       occurrence's {@code timestamp} (the item's {@code last_occurrence_timestamp} when the
 *       payload carries no occurrence), unix seconds.
 *   <li>{@code resolved_item} is RECOVERED at receipt: the item says when it last occurred, not
 *       when someone resolved it.
 *   <li>{@code deploy} is a CHANGE at its {@code finish_time} (else {@code start_time}).
 *   <li>{@code test} and anything else are ignored.
 * </ul>
 *
 * <p>Rollbar names no service: service = {@code rollbar:<project_id>} (a catalog rule on label
 * {@code project} renames it), so a deploy and the errors after it are of the same service; env =
 * the item's or deploy's {@code environment}; check = the item id. Severity (DESIGN 5a): the
 * occurrence's {@code level} word, else the item's numeric level (50 critical, 40 error, 30
 * warning, 20 and 10 info). The id of an ERROR is the occurrence's, so one occurrence notified by
 * two rules (new item and every occurrence) counts once.
 */
public final class RollbarNormalizer implements Normalizer {
    public static final String SOURCE = "rollbar";
    static final String SERVICE_PREFIX = "rollbar:";

    static final Set<String> OCCURRED = Set.of("new_item", "reactivated_item", "reopened_item", "exp_repeat_item",
            "occurrence", "item_velocity");

    private final String defaultEnv;

    public RollbarNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected a Rollbar webhook object with 'event_name' and 'data'");
        }
        try {
            String event = Payload.requiredText(body, "event_name", "");
            JsonNode data = Payload.requiredObject(body, "data", "");
            if (event.equals("deploy")) {
                return Normalization.signals(List.of(deploy(Payload.requiredObject(data, "deploy", " in 'data'"),
                        delivery.receivedAt())));
            }
            boolean occurred = OCCURRED.contains(event);
            if (!occurred && !event.equals("resolved_item")) {
                return Normalization.ignored("Rollbar event '" + event + "' is neither an item occurrence, a "
                        + "resolution nor a deploy");
            }
            JsonNode item = Payload.requiredObject(data, "item", " in 'data'");
            return Normalization.signals(List.of(item(event, item, data.get("occurrence"), occurred,
                    delivery.receivedAt())));
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Signal item(String event, JsonNode item, JsonNode occurrence, boolean occurred, Instant receivedAt) {
        String itemId = Payload.requiredText(item, "id", " in 'data.item'");
        String project = Payload.requiredText(item, "project_id", " in 'data.item'");
        if (occurrence == null || !occurrence.isObject()) {
            occurrence = item.get("last_occurrence");
        }
        SignalType type = occurred ? SignalType.ERROR : SignalType.RECOVERED;
        Instant observedAt = receivedAt;
        String occurrenceId = null;
        if (occurred) {
            Long seconds = epochSeconds(occurrence, "timestamp", "data.occurrence");
            if (seconds == null) {
                seconds = epochSeconds(item, "last_occurrence_timestamp", "data.item");
            }
            if (seconds == null) {
                throw new Payload.Invalid("missing required field 'last_occurrence_timestamp' in 'data.item'");
            }
            observedAt = Instant.ofEpochSecond(seconds);
            occurrenceId = Payload.optionalText(occurrence, "uuid");
            if (occurrenceId == null) {
                occurrenceId = Payload.optionalText(item, "last_occurrence_id");
            }
        }
        String levelWord = Payload.optionalText(occurrence, "level");
        Severity severity = levelWord != null ? Severity.ofLabelWord(levelWord) : numericLevel(item.get("level"));

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("project", project);
        labels.put("event", event);
        Payload.putIfPresent(labels, "counter", Payload.optionalText(item, "counter"));
        Payload.putIfPresent(labels, "total_occurrences", Payload.optionalText(item, "total_occurrences"));
        Payload.putIfPresent(labels, "language", Payload.optionalText(occurrence, "language"));
        Payload.putIfPresent(labels, "host", Payload.optionalText(occurrence == null ? null : occurrence.get("server"),
                "host"));
        Payload.putIfPresent(labels, Signal.RAW_SEVERITY_LABEL, levelWord != null ? levelWord
                : Payload.optionalText(item, "level"));

        String title = Payload.optionalText(item, "title");
        String env = Payload.optionalText(item, "environment");
        String summary = (occurred ? "" : "resolved: ") + (title != null ? title : "Rollbar item " + itemId);
        String identity = occurred ? itemId + "\u0000" + occurrenceId : itemId + "\u0000resolved";
        String id = Ids.of(SOURCE, identity, type.name(), observedAt.toString());
        return new Signal(id, SOURCE, type, env != null ? env : defaultEnv, SERVICE_PREFIX + project, itemId,
                observedAt, receivedAt, true, severity == null ? null : severity.wire(), summary, null, labels, false);
    }

    private Signal deploy(JsonNode deploy, Instant receivedAt) {
        String deployId = Payload.requiredText(deploy, "id", " in 'data.deploy'");
        String project = Payload.requiredText(deploy, "project_id", " in 'data.deploy'");
        Long seconds = epochSeconds(deploy, "finish_time", "data.deploy");
        if (seconds == null) {
            seconds = epochSeconds(deploy, "start_time", "data.deploy");
        }
        Instant observedAt = seconds == null ? receivedAt : Instant.ofEpochSecond(seconds);
        String env = Payload.optionalText(deploy, "environment");
        String revision = Payload.optionalText(deploy, "revision");
        String user = Payload.optionalText(deploy, "local_username");
        String comment = Payload.optionalText(deploy, "comment");

        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("project", project);
        labels.put("event", "deploy");
        labels.put("deploy", deployId);
        Payload.putIfPresent(labels, "revision", revision);
        Payload.putIfPresent(labels, "user", user);

        StringBuilder summary = new StringBuilder("Rollbar deploy");
        if (revision != null) {
            summary.append(' ').append(revision, 0, Math.min(12, revision.length()));
        }
        if (env != null) {
            summary.append(" to ").append(env);
        }
        if (user != null) {
            summary.append(" by ").append(user);
        }
        if (comment != null) {
            summary.append(": ").append(comment);
        }
        String id = Ids.of(SOURCE, "deploy\u0000" + deployId, SignalType.CHANGE.name(), observedAt.toString());
        return new Signal(id, SOURCE, SignalType.CHANGE, env != null ? env : defaultEnv, SERVICE_PREFIX + project,
                "deploy", observedAt, receivedAt, false, null, summary.toString(), null, labels, false);
    }

    /** Rollbar's levels as numbers (its API's {@code level} on an item). */
    static Severity numericLevel(JsonNode level) {
        if (level == null || !level.canConvertToInt()) {
            return null;
        }
        int n = level.asInt();
        return n >= 50 ? Severity.CRITICAL : n >= 40 ? Severity.ERROR : n >= 30 ? Severity.WARNING
                : n > 0 ? Severity.INFO : null;
    }

    /** Unix seconds as a JSON integer or a string of digits; null when absent. */
    private static Long epochSeconds(JsonNode node, String field, String where) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual() && v.asText().trim().matches("\\d{1,12}")) {
            return Long.parseLong(v.asText().trim());
        }
        throw new Payload.Invalid("field '" + field + "' in '" + where + "' must be unix seconds; was " + v);
    }
}
