package timelines.ingest.sentry;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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

/**
 * Sentry's webhooks. Integration-platform webhooks name their resource in the
 * {@code Sentry-Hook-Resource} header (https://docs.sentry.io/organization/integrations/integration-platform/webhooks/):
 *
 * <ul>
 *   <li>{@code issue}: {@code created} FAILING at {@code firstSeen}; {@code unresolved} (a
 *       regression or escalation) FAILING at {@code lastSeen}; {@code resolved} RECOVERED at
 *       {@code lastSeen}. Sentry sends no resolution time, and the resolve click (or auto-resolve
 *       after days of inactivity) can come long after the errors stopped; the last occurrence is
 *       when they stopped. {@code ignored}/{@code archived} and {@code assigned} change no state.
 *   <li>{@code event_alert} (an issue alert rule fired on an event): ERROR at the event's time. The
 *       event names its project only by numeric id; the slug is parsed from the event's API
 *       {@code url} ({@code /api/0/projects/{org}/{project}/events/{id}/}).
 *   <li>{@code metric_alert}: {@code critical}/{@code warning} FAILING at the incident's
 *       {@code date_started}, {@code resolved} RECOVERED at its {@code date_closed}; check = the
 *       alert rule id, service = the rule's first project slug, else the rule's name (a rule over
 *       all projects names none, and Sentry's own integration example sends no {@code projects}),
 *       as CloudWatch names an alarm's service after the alarm.
 * </ul>
 *
 * Without the header, the body must be the legacy WebHooks plugin's ({@code project_slug},
 * {@code event}, {@code url}, ...): ERROR at the event's time. Other resources (installation,
 * error, comment, ...) are ignored.
 *
 * <p>env = the event's {@code environment} tag (tags are {@code [key, value]} pairs), else the
 * event's {@code environment} field, else the catalog default.
 *
 * <p>Severity (DESIGN 5a): the issue's or event's {@code level} (fatal critical, error error,
 * warning warning, info and debug info), a metric alert's action (critical or warning; a resolved
 * one does not say which it was, so its recovery has none); the word is kept as label
 * {@code severity.raw}.
 */
public final class SentryNormalizer implements Normalizer {
    public static final String SOURCE = "sentry";
    static final String RESOURCE_HEADER = "sentry-hook-resource";

    /** {@code /api/0/projects/{org}/{project}/events/{id}/}, the event's API url. */
    private static final Pattern PROJECT_IN_URL = Pattern.compile("/projects/([^/]+)/([^/]+)/events/");

    /** Sentry's event levels (DESIGN 5a, Sentry column). */
    private static final Map<String, Severity> LEVELS = Map.of(
            "fatal", Severity.CRITICAL,
            "error", Severity.ERROR,
            "warning", Severity.WARNING,
            "info", Severity.INFO,
            "debug", Severity.INFO);

    /** A metric alert's trigger, named by the webhook's action. */
    private static final Map<String, Severity> METRIC_ACTIONS = Map.of(
            "critical", Severity.CRITICAL,
            "warning", Severity.WARNING);

    private final String defaultEnv;

    public SentryNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected a Sentry webhook object");
        }
        String resource = resource(delivery.headers());
        try {
            if (resource == null || resource.isBlank()) {
                return legacyPlugin(body, delivery.receivedAt());
            }
            return switch (resource) {
                case "issue" -> issue(body, delivery.receivedAt());
                case "event_alert" -> eventAlert(body, delivery.receivedAt());
                case "metric_alert" -> metricAlert(body, delivery.receivedAt());
                default -> Normalization.ignored("Sentry resource '" + resource + "' is not an alert or issue state change");
            };
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    /** Ingest keeps header names lower-case; a hand-written capture may not. */
    private static String resource(Map<String, String> headers) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (RESOURCE_HEADER.equalsIgnoreCase(h.getKey())) {
                return h.getValue() == null ? null : h.getValue().trim();
            }
        }
        return null;
    }

    private Normalization issue(JsonNode body, Instant receivedAt) {
        String action = Payload.requiredText(body, "action", "");
        JsonNode issue = Payload.requiredObject(Payload.requiredObject(body, "data", ""), "issue", " in 'data'");
        SignalType type;
        String timeField;
        switch (action) {
            case "created" -> {
                type = SignalType.FAILING;
                timeField = "firstSeen";
            }
            case "unresolved" -> {
                type = SignalType.FAILING;
                timeField = "lastSeen";
            }
            case "resolved" -> {
                type = SignalType.RECOVERED;
                timeField = "lastSeen";
            }
            default -> {
                return Normalization.ignored("Sentry issue action '" + action + "' changes no failing state");
            }
        }
        String issueId = Payload.requiredText(issue, "id", " in 'data.issue'");
        String slug = Payload.requiredText(Payload.requiredObject(issue, "project", " in 'data.issue'"), "slug", " in 'data.issue.project'");
        Instant observedAt = orElse(Payload.optionalInstant(issue, timeField, " in 'data.issue'"), receivedAt);
        String summary = orElse(Payload.optionalText(issue, "title"), "Sentry issue " + issueId);
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "short_id", Payload.optionalText(issue, "shortId"));
        Payload.putIfPresent(labels, "substatus", Payload.optionalText(issue, "substatus"));
        String link = orElse(Payload.optionalText(issue, "web_url"), Payload.optionalText(issue, "permalink"));
        return one(issueId + "\u0000" + action, type, defaultEnv, slug, issueId, observedAt, receivedAt,
                Payload.optionalText(issue, "level"), LEVELS, summary, link, labels);
    }

    private Normalization eventAlert(JsonNode body, Instant receivedAt) {
        JsonNode data = Payload.requiredObject(body, "data", "");
        JsonNode event = Payload.requiredObject(data, "event", " in 'data'");
        String eventId = Payload.requiredText(event, "event_id", " in 'data.event'");
        String issueId = eventIssue(event, eventId);
        String slug = projectSlug(Payload.optionalText(event, "url"));
        if (slug == null) {
            slug = projectSlug(Payload.optionalText(event, "web_url"));
        }
        if (slug == null) {
            throw new Payload.Invalid("missing project slug: field 'url' in 'data.event' must be an event API url "
                    + "(/api/0/projects/{org}/{project}/events/{id}/); was " + Payload.optionalText(event, "url"));
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "rule", Payload.optionalText(data, "triggered_rule"));
        return one(eventId, SignalType.ERROR, env(event), slug, issueId, eventTime(event, " in 'data.event'", receivedAt),
                receivedAt, Payload.optionalText(event, "level"), LEVELS, eventSummary(event, null, eventId),
                Payload.optionalText(event, "web_url"), labels);
    }

    /** An issue's id in Sentry's API and page URLs ({@code /api/0/issues/1638844654/}, {@code /issues/1638844654/events/...}). */
    private static final java.util.regex.Pattern ISSUE_IN_URL = java.util.regex.Pattern.compile("/issues/(\\d+)(?:/|$)");

    /**
     * The check of an event alert: its issue. Python SDK events carry {@code issue_id}; events of other
     * platforms (Go, Node, ...) do not, and name the issue in {@code issue_url} (the API) and
     * {@code web_url} (the page). An event that names no issue at all is its own check
     * ({@code event:<id>}), so it is still an ERROR of its project.
     */
    static String eventIssue(JsonNode event, String eventId) {
        String issueId = Payload.optionalText(event, "issue_id");
        if (issueId != null) {
            return issueId;
        }
        for (String field : new String[] {"issue_url", "web_url"}) {
            String url = Payload.optionalText(event, field);
            java.util.regex.Matcher m = url == null ? null : ISSUE_IN_URL.matcher(url);
            if (m != null && m.find()) {
                return m.group(1);
            }
        }
        return "event:" + eventId;
    }

    private Normalization metricAlert(JsonNode body, Instant receivedAt) {
        String action = Payload.requiredText(body, "action", "");
        JsonNode data = Payload.requiredObject(body, "data", "");
        JsonNode incident = Payload.requiredObject(data, "metric_alert", " in 'data'");
        JsonNode rule = Payload.requiredObject(incident, "alert_rule", " in 'data.metric_alert'");
        SignalType type;
        Instant observedAt;
        switch (action) {
            case "critical", "warning" -> {
                type = SignalType.FAILING;
                observedAt = firstTime(incident, " in 'data.metric_alert'", "date_started", "date_detected", "date_created");
            }
            case "resolved" -> {
                type = SignalType.RECOVERED;
                observedAt = firstTime(incident, " in 'data.metric_alert'", "date_closed");
            }
            default -> {
                return Normalization.ignored("Sentry metric alert action '" + action + "' is not critical, warning or resolved");
            }
        }
        String ruleId = Payload.requiredText(rule, "id", " in 'data.metric_alert.alert_rule'");
        String slug = firstText(incident.get("projects"));
        if (slug == null) {
            slug = firstText(rule.get("projects"));
        }
        if (slug == null) {
            slug = Payload.optionalText(rule, "name");
        }
        if (slug == null) {
            throw new Payload.Invalid("missing required field 'projects' in 'data.metric_alert' (no project slug), "
                    + "and no 'name' in 'data.metric_alert.alert_rule' to name the service after");
        }
        String incidentId = orElse(Payload.optionalText(incident, "id"), "");
        String env = orElse(Payload.optionalText(rule, "environment"), defaultEnv);
        String summary = orElse(Payload.optionalText(data, "description_title"),
                orElse(Payload.optionalText(rule, "name"), "Sentry metric alert " + ruleId));
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "rule", Payload.optionalText(rule, "name"));
        Payload.putIfPresent(labels, "incident", Payload.optionalText(incident, "identifier"));
        Payload.putIfPresent(labels, "description", Payload.optionalText(data, "description_text"));
        return one(incidentId + "\u0000" + ruleId + "\u0000" + action, type, env, slug, ruleId,
                orElse(observedAt, receivedAt), receivedAt, type == SignalType.FAILING ? action : null,
                METRIC_ACTIONS, summary, Payload.optionalText(data, "web_url"), labels);
    }

    private Normalization legacyPlugin(JsonNode body, Instant receivedAt) {
        String slug = orElse(Payload.optionalText(body, "project_slug"), Payload.optionalText(body, "project"));
        JsonNode event = body.get("event");
        if (slug == null || event == null || !event.isObject()) {
            if (body.has("action") && body.has("data")) {
                throw new Payload.Invalid("missing header 'Sentry-Hook-Resource': an integration-platform webhook names "
                        + "its resource there");
            }
            throw new Payload.Invalid(slug == null
                    ? "missing required field 'project_slug' (WebHooks plugin) or header 'Sentry-Hook-Resource' "
                            + "(integration platform)"
                    : "missing required field 'event' (WebHooks plugin)");
        }
        String issueId = Payload.requiredText(body, "id", "");
        String eventId = Payload.requiredText(event, "event_id", " in 'event'");
        Map<String, String> labels = new LinkedHashMap<>();
        JsonNode rules = body.get("triggering_rules");
        if (rules != null && rules.isArray() && !rules.isEmpty() && rules.get(0).isTextual()) {
            labels.put("rule", rules.get(0).asText());
        }
        return one(eventId, SignalType.ERROR, env(event), slug, issueId, eventTime(event, " in 'event'", receivedAt),
                receivedAt, orElse(Payload.optionalText(body, "level"), Payload.optionalText(event, "level")), LEVELS,
                eventSummary(event, Payload.optionalText(body, "message"), eventId), Payload.optionalText(body, "url"),
                labels);
    }

    /**
     * @param word Sentry's own severity word, or null
     * @param words how this kind of delivery's words map to severities
     */
    private Normalization one(String identity, SignalType type, String env, String service, String check,
            Instant observedAt, Instant receivedAt, String word, Map<String, Severity> words, String summary,
            String link, Map<String, String> labels) {
        String id = Ids.of(SOURCE, identity, type.name(), observedAt.toString());
        Severity severity = word == null ? null : words.get(word.trim().toLowerCase(Locale.ROOT));
        if (word != null) {
            labels.put(Signal.RAW_SEVERITY_LABEL, word);
        }
        return Normalization.signals(List.of(new Signal(id, SOURCE, type, env, service, check, observedAt, receivedAt,
                true, severity == null ? null : severity.wire(), summary, link, labels, false)));
    }

    /** The {@code environment} tag, else the event's {@code environment} field, else the default. */
    private String env(JsonNode event) {
        JsonNode tags = event.get("tags");
        if (tags != null && tags.isArray()) {
            for (JsonNode pair : tags) {
                if (pair.isArray() && pair.size() == 2 && "environment".equals(pair.get(0).asText())
                        && pair.get(1).isTextual() && !pair.get(1).asText().isBlank()) {
                    return pair.get(1).asText();
                }
            }
        }
        return orElse(Payload.optionalText(event, "environment"), defaultEnv);
    }

    /**
     * When the event happened: {@code datetime} (ISO-8601), else {@code timestamp} (epoch seconds
     * with a fraction), else {@code received} (when Sentry took it in), else our receipt.
     */
    private static Instant eventTime(JsonNode event, String where, Instant receivedAt) {
        Instant datetime = Payload.optionalInstant(event, "datetime", where);
        if (datetime != null) {
            return datetime;
        }
        for (String field : List.of("timestamp", "received")) {
            JsonNode v = event.get(field);
            if (v != null && v.isNumber()) {
                return epochSeconds(v.decimalValue());
            }
        }
        return receivedAt;
    }

    private static Instant epochSeconds(BigDecimal seconds) {
        BigDecimal whole = new BigDecimal(seconds.toBigInteger());
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.HALF_UP).longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    private static String eventSummary(JsonNode event, String message, String eventId) {
        String title = Payload.optionalText(event, "title");
        if (title == null) {
            JsonNode metadata = event.get("metadata");
            title = Payload.optionalText(metadata, "title");
            if (title == null && Payload.optionalText(metadata, "type") != null) {
                String value = Payload.optionalText(metadata, "value");
                title = Payload.optionalText(metadata, "type") + (value != null ? ": " + value : "");
            }
        }
        return orElse(title, orElse(message, orElse(Payload.optionalText(event, "message"), "Sentry event " + eventId)));
    }

    private static String projectSlug(String url) {
        if (url == null) {
            return null;
        }
        Matcher m = PROJECT_IN_URL.matcher(url);
        return m.find() ? m.group(2) : null;
    }

    private static Instant firstTime(JsonNode node, String where, String... fields) {
        for (String field : fields) {
            Instant t = Payload.optionalInstant(node, field, where);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    private static String firstText(JsonNode array) {
        if (array != null && array.isArray() && !array.isEmpty() && array.get(0).isTextual()
                && !array.get(0).asText().isBlank()) {
            return array.get(0).asText();
        }
        return null;
    }



    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
