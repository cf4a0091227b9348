package timelines.ingest.honeybadger;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;
import timelines.ingest.times.EventTime;

/**
 * Honeybadger's Webhook integration (https://docs.honeybadger.io/guides/integrations/webhook/,
 * payloads v2 and the v3 preview at https://docs.honeybadger.io/guides/integrations/payloads/):
 * one {@code event} per request.
 * <ul>
 *   <li>Uptime: {@code down} is FAILING at {@code outage.down_at}, {@code up} RECOVERED at
 *       {@code outage.up_at}; check = {@code site.id}, service = {@code site.name}; a site that is
 *       down is {@code critical}, up and down alike (DESIGN 5a, as every uptime monitor).</li>
 *   <li>Errors: {@code occurred} (and {@code rate_exceeded}, the same body when a fault passes its
 *       rate threshold) is an ERROR at {@code notice.created_at}, identified by the notice so both
 *       deliveries of one notice are one signal; {@code resolved} is RECOVERED at receipt (the body
 *       says when the fault was resolved nowhere; its id hashes the fault's last notice, which a retry
 *       keeps). check = the fault id, service = the project's
 *       name ({@code project.name}, else {@code fault.project_name}, else the {@code [Project/env]}
 *       Honeybadger puts at the head of {@code message}, which is all a v2 {@code resolved} body
 *       names), env = {@code fault.environment}. Honeybadger says no severity of an error.</li>
 * </ul>
 * Every other event (assigned, commented, deployed, unresolved, check-ins, certificates, Insights
 * alarms) is ignored with its name as the reason.
 */
public final class HoneybadgerNormalizer implements Normalizer {
    public static final String SOURCE = "honeybadger";

    /** The {@code [Project/env]} (or {@code [Project]}) at the head of every error message. */
    private static final Pattern MESSAGE_PROJECT = Pattern.compile("^\\s*\\[([^\\]]+)\\]");

    private final String defaultEnv;

    public HoneybadgerNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected a Honeybadger webhook object with 'event'");
        }
        try {
            String event = Payload.requiredText(body, "event", "");
            return switch (event) {
                case "down" -> Normalization.signals(List.of(uptime(body, SignalType.FAILING, "down_at",
                        delivery.receivedAt())));
                case "up" -> noOutage(body)
                        ? Normalization.ignored("Honeybadger 'up' with no outage (down_at and up_at empty): a site "
                                + "newly monitored, nothing recovered")
                        : Normalization.signals(List.of(uptime(body, SignalType.RECOVERED, "up_at",
                                delivery.receivedAt())));
                case "occurred", "rate_exceeded" -> Normalization.signals(List.of(occurred(body, event,
                        delivery.receivedAt())));
                case "resolved" -> Normalization.signals(List.of(resolved(body, delivery.receivedAt())));
                default -> Normalization.ignored("Honeybadger event '" + event + "' is neither an uptime change "
                        + "nor an error occurring or resolved");
            };
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    /** Honeybadger confirms a new integration with an {@code up} whose outage has no times at all. */
    private static boolean noOutage(JsonNode body) {
        JsonNode outage = body.get("outage");
        return outage == null || !outage.isObject()
                || (Payload.optionalText(outage, "down_at") == null && Payload.optionalText(outage, "up_at") == null);
    }

    private Signal uptime(JsonNode body, SignalType type, String timeField, Instant receivedAt) {
        JsonNode site = Payload.requiredObject(body, "site", "");
        String siteId = Payload.requiredText(site, "id", " in 'site'");
        String name = Payload.requiredText(site, "name", " in 'site'");
        JsonNode outage = body.get("outage");
        Instant observedAt = outage != null && outage.isObject() ? EventTime.text(outage, timeField, " in 'outage'") : null;
        if (observedAt == null) {
            observedAt = receivedAt;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "project", Payload.optionalText(body.get("project"), "name"));
        Payload.putIfPresent(labels, "url", Payload.optionalText(site, "url"));
        if (type == SignalType.FAILING) {
            Payload.putIfPresent(labels, "status", Payload.optionalText(outage, "status"));
            Payload.putIfPresent(labels, "reason", Payload.optionalText(outage, "reason"));
        }
        String message = Payload.optionalText(body, "message");
        String id = Ids.of(SOURCE, "site:" + siteId + "\u0000" + type.name(), type.name(), observedAt.toString());
        return new Signal(id, SOURCE, type, defaultEnv, name, siteId, observedAt, receivedAt, true,
                Severity.CRITICAL.wire(), message != null ? message : name + (type == SignalType.FAILING ? " is down"
                        : " is up"), firstNonNull(Payload.optionalText(site, "details_url"),
                        Payload.optionalText(outage, "details_url")), labels, false);
    }

    private Signal occurred(JsonNode body, String event, Instant receivedAt) {
        JsonNode fault = Payload.requiredObject(body, "fault", "");
        String faultId = Payload.requiredText(fault, "id", " in 'fault'");
        JsonNode notice = body.get("notice");
        Instant observedAt = notice != null && notice.isObject() ? EventTime.text(notice, "created_at", " in 'notice'")
                : null;
        if (observedAt == null) {
            observedAt = EventTime.text(fault, "last_notice_at", " in 'fault'");
        }
        if (observedAt == null) {
            observedAt = receivedAt;
        }
        String noticeId = Payload.optionalText(notice, "id");
        String identity = noticeId != null ? "notice:" + noticeId : "fault:" + faultId;
        Map<String, String> labels = faultLabels(fault);
        Payload.putIfPresent(labels, "event", event);
        String id = Ids.of(SOURCE, identity, SignalType.ERROR.name(), observedAt.toString());
        return new Signal(id, SOURCE, SignalType.ERROR, env(fault), service(body, fault), faultId, observedAt,
                receivedAt, true, null, summary(body, fault), firstNonNull(Payload.optionalText(notice, "url"),
                        Payload.optionalText(fault, "url")), labels, false);
    }

    private Signal resolved(JsonNode body, Instant receivedAt) {
        JsonNode fault = Payload.requiredObject(body, "fault", "");
        String faultId = Payload.requiredText(fault, "id", " in 'fault'");
        Map<String, String> labels = faultLabels(fault);
        Payload.putIfPresent(labels, "resolved_by", Payload.optionalText(body.get("actor"), "name"));
        // The body has no time of the resolution, but the fault's last notice names which resolution this
        // is (a fault reopens only with a new notice): a retry keeps it, so it keeps the id.
        String lastNotice = Payload.optionalText(fault, "last_notice_at");
        String id = Ids.of(SOURCE, "fault:" + faultId, SignalType.RECOVERED.name(),
                lastNotice != null ? "after notice " + lastNotice : receivedAt.toString());
        return new Signal(id, SOURCE, SignalType.RECOVERED, env(fault), service(body, fault), faultId, receivedAt,
                receivedAt, true, null, summary(body, fault), Payload.optionalText(fault, "url"), labels, false);
    }

    private String env(JsonNode fault) {
        String env = Payload.optionalText(fault, "environment");
        return env != null ? env : defaultEnv;
    }

    /** The project's name, from wherever this body names it (see the class comment). */
    private static String service(JsonNode body, JsonNode fault) {
        String name = firstNonNull(Payload.optionalText(body.get("project"), "name"),
                Payload.optionalText(fault, "project_name"));
        if (name != null) {
            return name;
        }
        String message = Payload.optionalText(body, "message");
        Matcher m = message == null ? null : MESSAGE_PROJECT.matcher(message);
        if (m != null && m.find()) {
            String head = m.group(1);
            String env = Payload.optionalText(fault, "environment");
            if (env != null && head.endsWith("/" + env)) {
                return head.substring(0, head.length() - env.length() - 1);
            }
            return head;
        }
        String projectId = Payload.optionalText(fault, "project_id");
        if (projectId == null) {
            throw new Payload.Invalid("missing required field 'project' (or 'project_id' in 'fault')");
        }
        return "honeybadger-project-" + projectId;
    }

    private static String summary(JsonNode body, JsonNode fault) {
        String message = Payload.optionalText(body, "message");
        if (message != null) {
            return message;
        }
        String klass = Payload.optionalText(fault, "klass");
        String text = Payload.optionalText(fault, "message");
        return klass != null && text != null ? klass + ": " + text : firstNonNull(klass, text, "Honeybadger fault");
    }

    private static Map<String, String> faultLabels(JsonNode fault) {
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "class", Payload.optionalText(fault, "klass"));
        Payload.putIfPresent(labels, "component", Payload.optionalText(fault, "component"));
        Payload.putIfPresent(labels, "action", Payload.optionalText(fault, "action"));
        Payload.putIfPresent(labels, "project_id", Payload.optionalText(fault, "project_id"));
        return labels;
    }

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
