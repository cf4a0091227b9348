package timelines.ingest.github;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * GitHub repository webhooks (https://docs.github.com/en/webhooks/webhook-events-and-payloads#deployment_status):
 * a {@code deployment_status} whose state says the deployment finished ({@code success},
 * {@code failure}, {@code error}) is a CHANGE, the trigger candidate an outage soon after it is
 * drafted with. A failed deployment is a change too: it may have rolled half the fleet.
 *
 * <p>The event is named by the {@code X-GitHub-Event} header; a delivery without it (a capture
 * made by hand) is taken by its body, which names its {@code deployment_status}. The
 * {@code deployment} event itself, the unfinished states ({@code pending}, {@code queued},
 * {@code in_progress}), {@code inactive} (an older deployment superseded) and every other event
 * ({@code ping}, {@code push}, ...) are ignored.
 *
 * <p>service = the repository's name, env = the deployment's environment as GitHub names it
 * ({@code production}); catalog rules map either (labels {@code repository} = {@code owner/name},
 * {@code environment}) to the catalog's names. check = the deployment id. Event time = the
 * status's {@code created_at} (when it reached that state). The id is made of the status id, which
 * GitHub keeps for a redelivery.
 */
public final class GitHubNormalizer implements Normalizer {
    public static final String SOURCE = "github";
    static final String EVENT_HEADER = "x-github-event";
    static final String DEPLOYMENT_STATUS = "deployment_status";

    /** The states in which a deployment has run to its end. */
    static final Set<String> FINISHED = Set.of("success", "failure", "error");

    private final String defaultEnv;

    public GitHubNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected a GitHub webhook object (a deployment_status event with "
                    + "'deployment_status', 'deployment' and 'repository')");
        }
        String event = header(delivery.headers(), EVENT_HEADER);
        if (event == null) {
            if (!body.has(DEPLOYMENT_STATUS)) {
                return Normalization.rejected("no X-GitHub-Event header and no 'deployment_status' in the body: "
                        + "not a GitHub deployment_status event");
            }
            event = DEPLOYMENT_STATUS;
        }
        if (!event.equals(DEPLOYMENT_STATUS)) {
            return Normalization.ignored("GitHub event '" + event + "' is not a deployment_status; only finished "
                    + "deployments are changes");
        }
        try {
            JsonNode status = Payload.requiredObject(body, DEPLOYMENT_STATUS, "");
            JsonNode deployment = Payload.requiredObject(body, "deployment", "");
            JsonNode repository = Payload.requiredObject(body, "repository", "");
            String state = Payload.requiredText(status, "state", " in 'deployment_status'").toLowerCase(Locale.ROOT);
            if (!FINISHED.contains(state)) {
                return Normalization.ignored("deployment_status '" + state + "' is not a finished deployment "
                        + "(success, failure, error)");
            }
            return Normalization.signals(List.of(change(status, deployment, repository, state, delivery.receivedAt())));
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Signal change(JsonNode status, JsonNode deployment, JsonNode repository, String state, Instant receivedAt) {
        String statusId = Payload.requiredText(status, "id", " in 'deployment_status'");
        String deploymentId = Payload.requiredText(deployment, "id", " in 'deployment'");
        String repo = Payload.requiredText(repository, "name", " in 'repository'");
        String fullName = Payload.optionalText(repository, "full_name");
        String environment = first(Payload.optionalText(status, "environment"),
                Payload.optionalText(deployment, "environment"));
        Instant observedAt = time(status, "created_at");
        if (observedAt == null) {
            observedAt = time(status, "updated_at");
        }
        if (observedAt == null) {
            observedAt = receivedAt;
        }
        String ref = Payload.optionalText(deployment, "ref");
        String sha = Payload.optionalText(deployment, "sha");

        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "repository", fullName != null ? fullName : repo);
        Payload.putIfPresent(labels, "environment", environment);
        Payload.putIfPresent(labels, "ref", ref);
        Payload.putIfPresent(labels, "sha", sha);
        labels.put("state", state);
        labels.put("deployment", deploymentId);
        Payload.putIfPresent(labels, "task", Payload.optionalText(deployment, "task"));
        Payload.putIfPresent(labels, "creator", Payload.optionalText(status.get("creator"), "login"));

        StringBuilder summary = new StringBuilder("GitHub deployment of ")
                .append(fullName != null ? fullName : repo);
        if (ref != null) {
            summary.append(' ').append(ref);
        }
        if (sha != null) {
            summary.append(" (").append(sha, 0, Math.min(7, sha.length())).append(')');
        }
        if (environment != null) {
            summary.append(" to ").append(environment);
        }
        summary.append(": ").append(state);
        String description = Payload.optionalText(status, "description");
        if (description != null) {
            summary.append(" - ").append(description);
        }
        String link = first(Payload.optionalText(status, "log_url"), Payload.optionalText(status, "target_url"),
                Payload.optionalText(status, "environment_url"), Payload.optionalText(repository, "html_url"));

        String id = Ids.of(SOURCE, statusId, SignalType.CHANGE.name(), observedAt.toString());
        return new Signal(id, SOURCE, SignalType.CHANGE, environment != null ? environment : defaultEnv, repo,
                deploymentId, observedAt, receivedAt, false, null, summary.toString(), link, labels, false);
    }

    private static Instant time(JsonNode node, String field) {
        String text = Payload.optionalText(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Payload.parseInstant(text);
        } catch (DateTimeParseException e) {
            throw new Payload.Invalid("field '" + field + "' in 'deployment_status' is not an ISO-8601 time: " + text);
        }
    }

    /** A header by its lower-case name, as captures and the HTTP layer keep them. */
    static String header(Map<String, String> headers, String lowerCaseName) {
        for (Map.Entry<String, String> h : headers.entrySet()) {
            if (h.getKey().equalsIgnoreCase(lowerCaseName) && h.getValue() != null && !h.getValue().isBlank()) {
                return h.getValue().trim().toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
