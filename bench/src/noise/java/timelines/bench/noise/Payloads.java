package timelines.bench.noise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The bodies of the other senders, in their documented webhook formats, after the fixtures the
 * project reads them from ({@code ingest/src/test/resources/fixtures/}): Sentry's integration
 * platform {@code event_alert} (sent with header {@code Sentry-Hook-Resource: event_alert}),
 * PagerDuty's v3 incident events, and the project's own {@code signals} and {@code records}.
 */
final class Payloads {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final String SENTRY_ORG = "acme";
    static final String PAGERDUTY_HOST = "https://acme.pagerduty.com";

    private Payloads() {}

    /** A Sentry issue (its alert rule fires for it, at most once per action interval). */
    record SentryIssue(String project, long projectId, String issueId, String level, String type, String value,
            String culprit, String location, String release, String rule) {
        String title() {
            return type + ": " + value;
        }
    }

    /**
     * Sentry's "Issue Alerts" webhook (https://docs.sentry.io/organization/integrations/integration-platform/webhooks/issue-alerts/),
     * as {@code event-alert-environment.json}: the event that made the rule fire, in environment
     * {@code production}, with its API {@code url} naming the project.
     */
    static ObjectNode sentryEventAlert(SentryIssue issue, String eventId, Instant at, String serverName) {
        ObjectNode body = JSON.objectNode();
        body.put("action", "triggered");
        ObjectNode actor = body.putObject("actor");
        actor.put("id", "sentry");
        actor.put("name", "Sentry");
        actor.put("type", "application");
        ObjectNode data = body.putObject("data");
        ObjectNode event = data.putObject("event");
        event.put("_ref", issue.projectId());
        event.put("_ref_version", 2);
        event.put("culprit", issue.culprit());
        event.put("datetime", micros(at));
        event.putNull("dist");
        event.put("environment", "production");
        event.put("event_id", eventId);
        event.put("issue_url", "https://sentry.io/api/0/issues/" + issue.issueId() + "/");
        event.put("issue_id", issue.issueId());
        event.put("level", issue.level());
        event.put("location", issue.location());
        event.put("logger", "");
        event.put("message", "");
        ObjectNode metadata = event.putObject("metadata");
        metadata.put("type", issue.type());
        metadata.put("value", issue.value());
        event.put("platform", "python");
        event.put("project", issue.projectId());
        double seconds = at.toEpochMilli() / 1000.0;
        event.put("received", Math.round((seconds + 0.08) * 10) / 10.0);
        ArrayNode tags = event.putArray("tags");
        tags.addArray().add("environment").add("production");
        tags.addArray().add("handled").add(issue.level().equals("warning") ? "yes" : "no");
        tags.addArray().add("level").add(issue.level());
        tags.addArray().add("release").add(issue.release());
        tags.addArray().add("server_name").add(serverName);
        event.put("timestamp", seconds);
        event.put("title", issue.title());
        event.put("type", "error");
        event.put("url", "https://sentry.io/api/0/projects/" + SENTRY_ORG + "/" + issue.project() + "/events/" + eventId + "/");
        event.put("version", "7");
        event.put("web_url", "https://sentry.io/organizations/" + SENTRY_ORG + "/issues/" + issue.issueId() + "/events/"
                + eventId + "/");
        data.put("triggered_rule", issue.rule());
        ObjectNode alert = data.putObject("issue_alert");
        alert.put("title", issue.rule());
        alert.putArray("settings");
        body.putObject("installation").put("uuid", "a8e5d37a-696c-4c54-adb5-b3f28d64c7de");
        return body;
    }

    /** A PagerDuty incident, as its v3 events describe it. */
    record PagerDutyIncident(String id, int number, String title, String serviceId, String serviceName, String urgency,
            String escalationPolicy) {}

    /**
     * One PagerDuty v3 webhook (https://developer.pagerduty.com/docs/webhooks/v3-overview/), as
     * {@code incident-triggered.json}: {@code incident.triggered}, {@code .acknowledged} or
     * {@code .resolved}, with the incident's urgency on every event.
     */
    static ObjectNode pagerDuty(PagerDutyIncident incident, String eventId, String eventType, Instant at,
            String agentId, String agentName) {
        ObjectNode body = JSON.objectNode();
        ObjectNode event = body.putObject("event");
        event.put("id", eventId);
        event.put("event_type", eventType);
        event.put("resource_type", "incident");
        event.put("occurred_at", at.truncatedTo(ChronoUnit.MILLIS).toString());
        if (agentId == null) {
            event.putNull("agent");
        } else {
            ObjectNode agent = event.putObject("agent");
            agent.put("html_url", PAGERDUTY_HOST + "/users/" + agentId);
            agent.put("id", agentId);
            agent.put("self", "https://api.pagerduty.com/users/" + agentId);
            agent.put("summary", agentName);
            agent.put("type", "user_reference");
        }
        event.putNull("client");
        ObjectNode data = event.putObject("data");
        data.put("id", incident.id());
        data.put("type", "incident");
        data.put("self", "https://api.pagerduty.com/incidents/" + incident.id());
        data.put("html_url", PAGERDUTY_HOST + "/incidents/" + incident.id());
        data.put("number", incident.number());
        String status = switch (eventType) {
            case "incident.acknowledged" -> "acknowledged";
            case "incident.resolved" -> "resolved";
            default -> "triggered";
        };
        data.put("status", status);
        data.put("title", incident.title());
        ObjectNode service = data.putObject("service");
        service.put("html_url", PAGERDUTY_HOST + "/services/" + incident.serviceId());
        service.put("id", incident.serviceId());
        service.put("self", "https://api.pagerduty.com/services/" + incident.serviceId());
        service.put("summary", incident.serviceName());
        service.put("type", "service_reference");
        ArrayNode assignees = data.putArray("assignees");
        if (!status.equals("resolved") && agentId != null) {
            ObjectNode a = assignees.addObject();
            a.put("html_url", PAGERDUTY_HOST + "/users/" + agentId);
            a.put("id", agentId);
            a.put("self", "https://api.pagerduty.com/users/" + agentId);
            a.put("summary", agentName);
            a.put("type", "user_reference");
        }
        ObjectNode policy = data.putObject("escalation_policy");
        policy.put("html_url", PAGERDUTY_HOST + "/escalation_policies/" + incident.escalationPolicy());
        policy.put("id", incident.escalationPolicy());
        policy.put("self", "https://api.pagerduty.com/escalation_policies/" + incident.escalationPolicy());
        policy.put("summary", "Default");
        policy.put("type", "escalation_policy_reference");
        data.putArray("teams");
        data.putNull("priority");
        data.put("urgency", incident.urgency());
        data.putNull("conference_bridge");
        data.putNull("resolve_reason");
        return body;
    }

    /** A person's report through the project's own format ({@code POST /v1/signals}). */
    static ObjectNode report(String service, Instant at, String summary, String link) {
        ObjectNode s = JSON.objectNode();
        s.put("type", "REPORT");
        s.put("source", "support");
        s.put("env", "prod");
        s.put("service", service);
        s.put("observedAt", at.toString());
        s.put("summary", summary);
        s.put("link", link);
        return s;
    }

    /** A declared incident ({@code POST /v1/records}). */
    static ObjectNode incidentRecord(String id, List<String> services, Instant openedAt, String title) {
        ObjectNode r = JSON.objectNode();
        r.put("id", id);
        r.put("type", "INCIDENT");
        r.put("env", "prod");
        ArrayNode s = r.putArray("services");
        services.forEach(s::add);
        r.put("openedAt", openedAt.toString());
        r.put("title", title);
        r.put("link", "https://status.example.com/incidents/" + id);
        return r;
    }

    /** Sentry's event {@code datetime}: microseconds, always six digits. */
    static String micros(Instant t) {
        String s = t.truncatedTo(ChronoUnit.MILLIS).toString();
        int dot = s.indexOf('.');
        String base = dot < 0 ? s.substring(0, s.length() - 1) : s.substring(0, dot);
        String fraction = dot < 0 ? "" : s.substring(dot + 1, s.length() - 1);
        return base + "." + (fraction + "000000").substring(0, 6) + "Z";
    }
}
