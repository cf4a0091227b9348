package timelines.ingest.datadog;

import com.fasterxml.jackson.databind.JsonNode;
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
import timelines.ingest.times.EventTime;

/**
 * Datadog monitor notifications from the Webhooks integration
 * (https://docs.datadoghq.com/integrations/webhooks/). Its payload is a template of
 * {@code $VARIABLES}; this reads the default payload ({@code id}, {@code title}, {@code body},
 * {@code date}, {@code last_updated}, {@code event_type}, {@code org}) and each documented variable
 * a template adds under its own name in lower case ({@code alert_transition}, {@code alert_id},
 * {@code alert_priority}, {@code alert_scope}, {@code tags}, {@code link}, {@code date_posix}, ...;
 * {@code event_id} and {@code event_tags} as some templates name {@code $ID} and {@code $TAGS}).
 *
 * <p>The transition is {@code alert_transition}, else the bracket Datadog puts at the start of the
 * event title ({@code [Triggered on {host:x}] Name}, {@code [P1] [Recovered] Name}), which the
 * default payload carries: Triggered and Re-Triggered are FAILING, Warn and Re-Warn FAILING
 * {@code warning}, Recovered RECOVERED; No Data, Renotify and the rest are ignored, as is a test
 * notification ({@code [TEST]} in the title), which would otherwise open an outage.
 *
 * <p>check = the monitor id ({@code alert_id}, else the {@code monitors#<id>} link in the body),
 * with the group it fired for ({@code alert_scope}, else the title's {@code on {...}}), so each
 * group of a multi-alert monitor pairs its own trigger and recovery; service = tag {@code service}
 * (unified service tagging), else the monitor's name; env = tag {@code env}. observedAt =
 * {@code date} (epoch milliseconds, a number or a string), else {@code last_updated}, else
 * {@code date_posix} (seconds), else receipt. The id hashes Datadog's event id {@code $ID}, which
 * a retry keeps.
 *
 * <p>Severity (DESIGN 5a): Warn is {@code warning}; otherwise the monitor's priority P1–P5 as
 * Opsgenie's ({@code alert_priority}, else the title's {@code [P1]}), kept as {@code severity.raw}.
 */
public final class DatadogNormalizer implements Normalizer {
    public static final String SOURCE = "datadog";

    /** A bracket at the start of a title, and what follows it. */
    private static final Pattern LEADING_BRACKET = Pattern.compile("^\\s*\\[([^\\]]*)\\]\\s*");
    /** Datadog's transitions, as the title writes them: the word, then perhaps "on {scope}". */
    private static final Pattern TITLE_TRANSITION = Pattern.compile(
            "(Triggered|Re-Triggered|Recovered|Warn|Re-Warn|No Data|Re-No Data|Renotify)(?: on \\{(.*)\\})?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern TITLE_PRIORITY = Pattern.compile("P[1-5]", Pattern.CASE_INSENSITIVE);
    /** The monitor's status link Datadog writes into every notification's body. */
    private static final Pattern MONITOR_LINK = Pattern.compile("/monitors[#/](\\d+)");

    private static final Map<String, Severity> PRIORITIES = Map.of(
            "p1", Severity.CRITICAL, "p2", Severity.ERROR, "p3", Severity.WARNING, "p4", Severity.INFO,
            "p5", Severity.INFO);

    private final String defaultEnv;

    public DatadogNormalizer(String defaultEnv) {
        this.defaultEnv = defaultEnv;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    /** What the title's leading brackets say: the transition, the group, the priority, a test, the name. */
    record Title(String transition, String scope, String priority, boolean test, String name) {
        static Title read(String title) {
            String transition = null;
            String scope = null;
            String priority = null;
            boolean test = false;
            String rest = title == null ? "" : title;
            Matcher m = LEADING_BRACKET.matcher(rest);
            while (m.find()) {
                String inside = m.group(1).trim();
                Matcher t = TITLE_TRANSITION.matcher(inside);
                if (TITLE_PRIORITY.matcher(inside).matches()) {
                    priority = inside;
                } else if ("TEST".equalsIgnoreCase(inside)) {
                    test = true;
                } else if (transition == null && t.matches()) {
                    transition = t.group(1);
                    scope = t.group(2);
                } else {
                    break;
                }
                rest = rest.substring(m.end());
                m = LEADING_BRACKET.matcher(rest);
            }
            return new Title(transition, scope, priority, test, rest.isBlank() ? null : rest.trim());
        }
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        JsonNode body = delivery.body();
        if (body == null || !body.isObject()) {
            return Normalization.rejected("expected a Datadog webhook object (the default payload or a template of its "
                    + "variables)");
        }
        try {
            String titleText = firstText(body, "title", "event_title", "alert_title");
            String transitionField = Payload.optionalText(body, "alert_transition");
            if (titleText == null && transitionField == null) {
                throw new Payload.Invalid("missing required field 'alert_transition' or 'title': not a Datadog "
                        + "monitor notification");
            }
            Title title = Title.read(titleText);
            if (title.test()) {
                return Normalization.ignored("a Datadog test notification ('" + titleText + "'), not a monitor "
                        + "state change");
            }
            String transition = transitionField != null ? transitionField : title.transition();
            if (transition == null) {
                return Normalization.ignored("Datadog event '" + titleText + "' names no monitor transition "
                        + "(alert_transition or a [Triggered]/[Recovered] title)");
            }
            SignalType type = type(transition);
            if (type == null) {
                return Normalization.ignored("Datadog transition '" + transition + "' does not change whether the "
                        + "monitor is failing");
            }
            return Normalization.signals(List.of(read(body, title, transition, type, delivery.receivedAt())));
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    static SignalType type(String transition) {
        return switch (transition.trim().toLowerCase(Locale.ROOT)) {
            case "triggered", "re-triggered", "warn", "re-warn" -> SignalType.FAILING;
            case "recovered" -> SignalType.RECOVERED;
            default -> null;
        };
    }

    private Signal read(JsonNode body, Title title, String transition, SignalType type, Instant receivedAt) {
        String monitorId = Payload.optionalText(body, "alert_id");
        if (monitorId == null) {
            monitorId = monitorLink(firstText(body, "body", "event_msg", "text_only_msg", "link"));
        }
        String monitorName = title.name() != null ? title.name() : Payload.optionalText(body, "alert_title");
        String scope = firstNonNull(Payload.optionalText(body, "alert_scope"), title.scope());
        String monitor = monitorId != null ? monitorId : monitorName;
        if (monitor == null) {
            throw new Payload.Invalid("missing required field 'alert_id' (or a monitor link or name in the title)");
        }
        String check = scope == null ? monitor : monitor + "|" + scope;

        Map<String, String> tags = new LinkedHashMap<>();
        tags(scope, tags);
        tags(firstText(body, "tags", "event_tags"), tags);
        String service = firstNonNull(tags.get("service"), monitorName != null ? monitorName : "datadog-monitor-" + monitor);
        String env = firstNonNull(tags.get("env"), defaultEnv);

        Instant observedAt = EventTime.epochMillis(body, "date", "");
        if (observedAt == null) {
            observedAt = EventTime.epochMillis(body, "last_updated", "");
        }
        if (observedAt == null) {
            observedAt = EventTime.epochSeconds(body, "date_posix", "");
        }
        if (observedAt == null) {
            observedAt = receivedAt;
        }

        boolean warn = transition.trim().toLowerCase(Locale.ROOT).endsWith("warn");
        String priority = firstNonNull(Payload.optionalText(body, "alert_priority"), title.priority());
        Severity severity = warn ? Severity.WARNING
                : priority == null ? null : PRIORITIES.get(priority.trim().toLowerCase(Locale.ROOT));

        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "transition", transition);
        Payload.putIfPresent(labels, "monitor_id", monitorId);
        Payload.putIfPresent(labels, "scope", scope);
        Payload.putIfPresent(labels, "priority", priority);
        Payload.putIfPresent(labels, "event_type", Payload.optionalText(body, "event_type"));
        Payload.putIfPresent(labels, "alert_type", Payload.optionalText(body, "alert_type"));
        Payload.putIfPresent(labels, "metric", Payload.optionalText(body, "alert_metric"));
        Payload.putIfPresent(labels, "host", Payload.optionalText(body, "hostname"));
        Payload.putIfPresent(labels, "org", Payload.optionalText(body.get("org"), "name"));
        Payload.putIfPresent(labels, Signal.RAW_SEVERITY_LABEL, warn ? transition : priority);

        String eventId = firstText(body, "id", "event_id");
        String identity = eventId != null ? eventId : check + "\u0000" + transition;
        String id = Ids.of(SOURCE, identity, type.name(), observedAt.toString());
        String summary = firstNonNull(firstText(body, "title", "event_title", "alert_title"), "Datadog monitor " + check);
        return new Signal(id, SOURCE, type, env, service, check, observedAt, receivedAt, true,
                severity == null ? null : severity.wire(), summary, Payload.optionalText(body, "link"), labels, false);
    }

    /** {@code key:value} tags, comma-separated as Datadog writes {@code $TAGS} and {@code $ALERT_SCOPE}; the first wins. */
    private static void tags(String text, Map<String, String> into) {
        if (text == null) {
            return;
        }
        for (String tag : text.split(",")) {
            int colon = tag.indexOf(':');
            if (colon > 0) {
                String key = tag.substring(0, colon).trim();
                String value = tag.substring(colon + 1).trim();
                if (!value.isEmpty()) {
                    into.putIfAbsent(key, value);
                }
            }
        }
    }

    private static String monitorLink(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = MONITOR_LINK.matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private static String firstText(JsonNode body, String... fields) {
        for (String f : fields) {
            String v = Payload.optionalText(body, f);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
