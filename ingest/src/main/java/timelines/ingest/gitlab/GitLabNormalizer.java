package timelines.ingest.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * GitLab project webhooks (https://docs.gitlab.com/user/project/integrations/webhook_events/), told
 * apart by the body's {@code object_kind} (the {@code X-Gitlab-Event} header says the same):
 *
 * <ul>
 *   <li>{@code Deployment Hook} ({@code object_kind: deployment}): a finished deployment
 *       ({@code success}, {@code failed}) is a CHANGE at {@code status_changed_at}; service = the
 *       project's name, env = the environment as GitLab names it, label {@code repository} = the
 *       project's {@code path_with_namespace} for catalog rules; check = the deployment id.
 *       {@code running}, {@code canceled}, {@code blocked} and the rest are ignored.
 *   <li>{@code Issue Hook} ({@code object_kind: issue}, or {@code work_item} from GitLab 17 on) of an
 *       issue of type Incident: an INCIDENT {@link Record}, id {@code gitlab:<project>#<iid>}, opened
 *       at the issue's {@code created_at}, titled and linked as the issue; once closed, its
 *       {@code closed_at} ends the record's impact window. Every update re-sends the record under the
 *       same id (the latest wins). Labels {@code env:<name>} and {@code service:<name>} (or the scoped
 *       {@code env::}, {@code service::}) name its env and services, as Jira's do; without them the
 *       record covers every service of the default env. Other issue types are ignored.
 *   <li>Every other hook (push, merge request, pipeline, note, ...) is ignored.
 * </ul>
 *
 * <p>GitLab writes times in two shapes: ISO-8601 ({@code 2026-05-28T05:04:31.155Z}) and
 * {@code 2025-05-02 12:30:19 +0000} (deployments; older issue hooks {@code 2013-12-03 17:15:43 UTC}).
 */
public final class GitLabNormalizer implements Normalizer {
    public static final String SOURCE = "gitlab";
    static final Set<String> FINISHED = Set.of("success", "failed");
    static final String RECORD_ID_PREFIX = "gitlab:";

    private static final DateTimeFormatter SPACED = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(java.time.temporal.ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendLiteral(' ')
            .optionalStart().appendOffset("+HHMM", "UTC").optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "UTC").optionalEnd()
            .toFormatter(Locale.ROOT);

    private final String defaultEnv;

    public GitLabNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected a GitLab webhook object with 'object_kind'");
        }
        try {
            String kind = Payload.requiredText(body, "object_kind", "");
            return switch (kind) {
                case "deployment" -> deployment(body, delivery.receivedAt());
                case "issue", "work_item" -> issue(body);
                default -> Normalization.ignored("GitLab '" + kind + "' hook is neither a deployment nor an issue");
            };
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Normalization deployment(JsonNode body, Instant receivedAt) {
        String status = Payload.requiredText(body, "status", "").toLowerCase(Locale.ROOT);
        if (!FINISHED.contains(status)) {
            return Normalization.ignored("deployment status '" + status + "' is not a finished deployment "
                    + "(success, failed)");
        }
        String deploymentId = Payload.requiredText(body, "deployment_id", "");
        JsonNode project = Payload.requiredObject(body, "project", "");
        String name = Payload.requiredText(project, "name", " in 'project'");
        String path = Payload.optionalText(project, "path_with_namespace");
        String environment = Payload.optionalText(body, "environment");
        String changedAt = Payload.optionalText(body, "status_changed_at");
        Instant observedAt = changedAt == null ? receivedAt : time(changedAt, "status_changed_at");
        String sha = Payload.optionalText(body, "short_sha");
        String ref = Payload.optionalText(body, "ref");

        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "repository", path != null ? path : name);
        Payload.putIfPresent(labels, "environment", environment);
        Payload.putIfPresent(labels, "tier", Payload.optionalText(body, "environment_tier"));
        Payload.putIfPresent(labels, "ref", ref);
        Payload.putIfPresent(labels, "sha", sha);
        labels.put("state", status);
        labels.put("deployment", deploymentId);
        Payload.putIfPresent(labels, "user", Payload.optionalText(body.get("user"), "username"));

        StringBuilder summary = new StringBuilder("GitLab deployment of ").append(path != null ? path : name);
        if (ref != null) {
            summary.append(' ').append(ref);
        }
        if (sha != null) {
            summary.append(" (").append(sha).append(')');
        }
        if (environment != null) {
            summary.append(" to ").append(environment);
        }
        summary.append(": ").append(status);
        String title = Payload.optionalText(body, "commit_title");
        if (title != null) {
            summary.append(" - ").append(title);
        }
        String link = Payload.optionalText(body, "deployable_url");
        if (link == null) {
            link = Payload.optionalText(project, "web_url");
        }
        String id = Ids.of(SOURCE, deploymentId + "\u0000" + status, SignalType.CHANGE.name(), observedAt.toString());
        return Normalization.signals(List.of(new Signal(id, SOURCE, SignalType.CHANGE,
                environment != null ? environment : defaultEnv, name, deploymentId, observedAt, receivedAt, false, null,
                summary.toString(), link, labels, false)));
    }

    private Normalization issue(JsonNode body) {
        JsonNode attrs = Payload.requiredObject(body, "object_attributes", "");
        String type = Payload.optionalText(attrs, "type");
        if (type == null) {
            type = Payload.optionalText(attrs, "issue_type");
        }
        String iid = Payload.requiredText(attrs, "iid", " in 'object_attributes'");
        if (type == null || !type.equalsIgnoreCase("incident")) {
            return Normalization.ignored("GitLab issue " + iid + " of type '" + type + "' is not an incident");
        }
        JsonNode project = body.get("project");
        String path = Payload.optionalText(project, "path_with_namespace");
        if (path == null) {
            path = Payload.optionalText(attrs, "project_id");
        }
        if (path == null) {
            throw new Payload.Invalid("missing required field 'project.path_with_namespace' or "
                    + "'object_attributes.project_id'");
        }
        Instant openedAt = time(Payload.requiredText(attrs, "created_at", " in 'object_attributes'"), "created_at");
        String state = Payload.optionalText(attrs, "state");
        String closedAt = Payload.optionalText(attrs, "closed_at");
        Instant end = "closed".equalsIgnoreCase(state) && closedAt != null ? time(closedAt, "closed_at") : null;

        String env = defaultEnv;
        List<String> services = new ArrayList<>();
        for (String label : labelTitles(body, attrs)) {
            String envName = scoped(label, "env");
            String service = scoped(label, "service");
            if (envName != null && env.equals(defaultEnv)) {
                env = envName;
            } else if (service != null && !services.contains(service)) {
                services.add(service);
            }
        }
        return Normalization.records(List.of(new Record(RECORD_ID_PREFIX + path + "#" + iid, RecordType.INCIDENT, env,
                services, openedAt, null, end, Payload.optionalText(attrs, "title"),
                Payload.optionalText(attrs, "url"))));
    }

    /** The value of a label {@code prefix:value} or {@code prefix::value}, else null. */
    static String scoped(String label, String prefix) {
        if (!label.regionMatches(true, 0, prefix + ":", 0, prefix.length() + 1)) {
            return null;
        }
        String rest = label.substring(prefix.length() + 1);
        if (rest.startsWith(":")) {
            rest = rest.substring(1);
        }
        rest = rest.trim();
        return rest.isEmpty() ? null : rest;
    }

    /** The hook's top-level {@code labels} (GitLab 12+), else those in the attributes. */
    private static List<String> labelTitles(JsonNode body, JsonNode attrs) {
        JsonNode labels = body.get("labels");
        if (labels == null || !labels.isArray() || labels.isEmpty()) {
            labels = attrs.get("labels");
        }
        List<String> out = new ArrayList<>();
        if (labels != null && labels.isArray()) {
            for (JsonNode l : labels) {
                String title = l.isTextual() ? l.asText() : Payload.optionalText(l, "title");
                if (title != null && !title.isBlank()) {
                    out.add(title);
                }
            }
        }
        return out;
    }

    /** ISO-8601, or GitLab's {@code 2025-05-02 12:30:19 +0000} and {@code 2013-12-03 17:15:43 UTC}. */
    static Instant time(String text, String field) {
        String t = text.trim();
        try {
            if (t.length() > 10 && t.charAt(10) == ' ') {
                return OffsetDateTime.parse(t, SPACED).toInstant();
            }
            return Payload.parseInstant(t);
        } catch (DateTimeParseException e) {
            throw new Payload.Invalid("field '" + field + "' is not a time like '2025-05-02 12:30:19 +0000' or "
                    + "'2026-05-28T05:04:31.155Z': " + text);
        }
    }
}
