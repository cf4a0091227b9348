package timelines.sink.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Json;
import timelines.sink.drafts.Text;

/**
 * Posts each alert to a Slack incoming webhook as one message, {@code {"text": "..."}} in Slack's
 * mrkdwn (https://api.slack.com/messaging/webhooks; Slack-compatible receivers such as Mattermost
 * take the same body). The env leads the message in capitals: the outage that deleted a service in
 * the wrong AWS account (seed 003) is the reason. The message is a function of the alert alone, so
 * a retry or a redelivered alert posts the very same bytes, with the same {@link AlertId}.
 *
 * <p>Slack reads {@code &}, {@code <} and {@code >} as control characters
 * (https://api.slack.com/reference/surfaces/formatting#escaping): in text from payloads they are
 * replaced by their HTML entities, so a service name cannot ping {@code <!channel>} or forge a
 * link. Names are shown in code spans so {@code *_~} in them do not format.
 *
 * <p>A SILENT alert is not an outage: it says a heartbeat stopped arriving, so the monitoring of
 * the env may be blind, and the CLEARED that ends it says it came back ({@link AlertSubject}).
 * Those messages name the heartbeat and have no draft to point at.
 */
public final class SlackNotifier implements Notifier {
    static final String TARGET = "slack";
    static final String EVENT_TYPE = "timelines_unrecorded_outage";
    static final String SILENCE_EVENT_TYPE = "timelines_monitoring_silent";

    private final Delivery delivery;
    private final AlertTargets settings;

    public SlackNotifier(AlertTargets settings, HttpClient http, MeterRegistry meters) {
        if (settings.slackWebhook() == null) {
            throw new IllegalArgumentException("slackWebhook is not set");
        }
        this.settings = settings;
        this.delivery = new Delivery(TARGET, settings.slackWebhook(), http, settings, meters);
        delivery.registerMetrics();
    }

    @Override
    public String target() {
        return TARGET;
    }

    @Override
    public CompletableFuture<DeliveryOutcome> deliver(Alert alert) {
        byte[] body = payload(alert, settings.draftLinkBase());
        String what = alert.type() + " " + alert.incidentId();
        return delivery.submit(() -> delivery.post(body, settings.attempts(), what));
    }

    @Override
    public void close() {
        delivery.close();
    }

    /**
     * The webhook body: {@code {"text": <mrkdwn>, "metadata": ...}}. The alert's id is in both: in
     * the text for people (a page that came twice shows the same id), and in Slack's message
     * metadata ({@code event_type} {@value #EVENT_TYPE}, {@code event_payload.alert_id}) for apps
     * that read the channel and drop what they already have.
     */
    static byte[] payload(Alert alert, String draftLinkBase) {
        AlertSubject subject = AlertSubject.of(alert);
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("text", text(alert, draftLinkBase));
        ObjectNode metadata = body.putObject("metadata");
        metadata.put("event_type", subject.silence() ? SILENCE_EVENT_TYPE : EVENT_TYPE);
        ObjectNode payload = metadata.putObject("event_payload");
        payload.put("alert_id", AlertId.of(alert));
        if (subject.silence()) {
            payload.put("silence_id", alert.incidentId());
            payload.put("env", alert.env());
            payload.put("heartbeat", subject.heartbeat());
            payload.put("heartbeat_source", subject.heartbeatSource());
        } else {
            payload.put("incident_id", alert.incidentId());
        }
        payload.put("type", alert.type() == null ? null : alert.type().name());
        try {
            return Json.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The message. An outage's, five lines: headline with env and services, timing, reason, draft,
     * alert id. A silence's, four: headline with env and heartbeat, timing, reason, alert id.
     */
    static String text(Alert alert, String draftLinkBase) {
        AlertSubject subject = AlertSubject.of(alert);
        if (subject.silence()) {
            return silenceText(alert, subject);
        }
        String env = AlertFacts.env(alert);
        String services = alert.services().isEmpty() ? "no service named"
                : alert.services().stream().map(SlackNotifier::code).collect(Collectors.joining(", "));
        String since = Text.duration(AlertFacts.sinceBeginSeconds(alert));
        StringBuilder out = new StringBuilder(512);
        if (alert.type() == AlertType.CLEARED) {
            out.append(":white_check_mark: *[").append(escape(env.toUpperCase(Locale.ROOT))).append("] Outage recorded*")
                    .append(" in env ").append(code(env)).append(": ").append(services).append('\n')
                    .append("Recorded *").append(since).append("* after it began (began ")
                    .append(Text.dateTime(alert.begin())).append(", cleared ").append(Text.dateTime(alert.at()))
                    .append(").\n");
        } else {
            out.append(":rotating_light: *[").append(escape(env.toUpperCase(Locale.ROOT)))
                    .append("] Unrecorded outage* in env ").append(code(env)).append(": ").append(services).append('\n')
                    .append("Began *").append(Text.dateTime(alert.begin())).append("* and has gone unrecorded for *")
                    .append(since).append("*: nobody has declared an incident for it.\n");
        }
        out.append("Reason: ").append(alert.reason() == null ? "—" : escape(alert.reason())).append('\n');
        out.append("Draft: ").append(draft(alert.incidentId(), draftLinkBase)).append('\n');
        out.append("Alert id: ").append(code(AlertId.of(alert)));
        return out.toString();
    }

    private static String silenceText(Alert alert, AlertSubject subject) {
        String env = AlertFacts.env(alert);
        String heartbeat = subject.heartbeat() == null ? "a heartbeat"
                : "heartbeat " + code(subject.heartbeat()) + (subject.heartbeatSource() == null ? ""
                        : " from " + code(subject.heartbeatSource()));
        String silent = Text.duration(AlertFacts.sinceBeginSeconds(alert));
        StringBuilder out = new StringBuilder(512);
        if (alert.type() == AlertType.CLEARED) {
            out.append(":white_check_mark: *[").append(escape(env.toUpperCase(Locale.ROOT)))
                    .append("] Monitoring back* in env ").append(code(env)).append(": ").append(heartbeat)
                    .append(" arrived again\n")
                    .append("It was silent for *").append(silent).append("*, from ").append(Text.dateTime(alert.begin()))
                    .append(" to ").append(Text.dateTime(alert.at()))
                    .append(": alerts of that time may not have reached anyone.\n");
        } else {
            out.append(":mute: *[").append(escape(env.toUpperCase(Locale.ROOT))).append("] Monitoring silent* in env ")
                    .append(code(env)).append(": ").append(heartbeat).append(" stopped arriving\n")
                    .append("Last arrived *").append(Text.dateTime(alert.begin())).append("*, silent for *").append(silent)
                    .append("* as of ").append(Text.dateTime(alert.at()))
                    .append(": the monitoring of this env may be blind, and its alerts may not reach anyone.\n");
        }
        out.append("Reason: ").append(alert.reason() == null ? "—" : escape(alert.reason())).append('\n');
        out.append("Alert id: ").append(code(AlertId.of(alert)));
        return out.toString();
    }

    private static String draft(String incidentId, String draftLinkBase) {
        String location = AlertFacts.draftLocation(draftLinkBase, incidentId);
        URI link = AlertFacts.webLink(location);
        if (link != null) {
            return "<" + linkTarget(link.toASCIIString()) + "|incident " + escape(incidentId) + ">";
        }
        if (location != null) {
            return code(location);
        }
        return "incident " + code(incidentId);
    }

    /** Replaces Slack's control characters by HTML entities, and line breaks by spaces. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\n', '\r', '\t' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A code span; Slack has no escape for a backtick inside one, so it becomes a quote. */
    static String code(String s) {
        return "`" + escape(s).replace('`', '\'') + "`";
    }

    /** A link target may not hold the {@code |} that ends it, nor raw control characters. */
    private static String linkTarget(String url) {
        return escape(url.replace("|", "%7C"));
    }
}
