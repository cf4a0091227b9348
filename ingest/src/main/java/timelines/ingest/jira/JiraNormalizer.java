package timelines.ingest.jira;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * Jira issue webhooks ({@code jira:issue_created}, {@code jira:issue_updated}): an issue of a
 * configured type (default {@code Incident}) or carrying a configured label is a declared incident,
 * one INCIDENT {@link Record} with the issue key as id, opened at the issue's {@code created} time,
 * titled by its summary, linked to its browse page, for the services named by its components and
 * the env named by a label {@code env:<name>}. Every update re-sends the record under the same id,
 * so the latest wins on the compacted topic. Other issues and other webhook events are ignored.
 */
public final class JiraNormalizer implements Normalizer {
    public static final String SOURCE = "jira";
    public static final String DEFAULT_ISSUE_TYPE = "Incident";
    static final String ENV_LABEL_PREFIX = "env:";

    /** Jira writes offsets without a colon ({@code 2017-01-30T18:30:41.962+0100}). */
    private static final DateTimeFormatter JIRA_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    private final String defaultEnv;
    private final Set<String> issueTypes;
    private final Set<String> labels;

    public JiraNormalizer(String defaultEnv) {
        this(defaultEnv, Set.of(DEFAULT_ISSUE_TYPE), Set.of());
    }

    /**
     * @param issueTypes issue type names that declare an incident (compared ignoring case); null is none
     * @param labels labels that declare an incident on an issue of any type (compared ignoring case); null is none
     */
    public JiraNormalizer(String defaultEnv, Set<String> issueTypes, Set<String> labels) {
        this.defaultEnv = defaultEnv;
        this.issueTypes = lower(issueTypes);
        this.labels = lower(labels);
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        JsonNode body = delivery.body();
        if (body == null || !body.isObject()) {
            return Normalization.rejected("expected a Jira webhook object with 'webhookEvent' and 'issue'");
        }
        try {
            String event = Payload.requiredText(body, "webhookEvent", "");
            if (!event.equals("jira:issue_created") && !event.equals("jira:issue_updated")) {
                return Normalization.ignored(
                        "webhookEvent '" + event + "' is not jira:issue_created or jira:issue_updated");
            }
            JsonNode issue = body.get("issue");
            if (issue == null || !issue.isObject()) {
                throw new Payload.Invalid("missing required field 'issue' (an object)");
            }
            String key = Payload.requiredText(issue, "key", " in 'issue'");
            JsonNode fields = issue.get("fields");
            if (fields == null || !fields.isObject()) {
                throw new Payload.Invalid("missing required field 'fields' in 'issue'");
            }
            String issueType = Payload.optionalText(fields.get("issuetype"), "name");
            List<String> issueLabels = strings(fields.get("labels"));
            boolean byType = issueType != null && issueTypes.contains(issueType.toLowerCase(Locale.ROOT));
            boolean byLabel = issueLabels.stream().anyMatch(l -> labels.contains(l.toLowerCase(Locale.ROOT)));
            if (!byType && !byLabel) {
                return Normalization.ignored("issue " + key + " of type '" + issueType
                        + "' is not an incident: neither its type nor its labels are configured");
            }
            Instant openedAt = time(Payload.requiredText(fields, "created", " in 'issue.fields'"));
            String env = issueLabels.stream()
                    .filter(l -> l.regionMatches(true, 0, ENV_LABEL_PREFIX, 0, ENV_LABEL_PREFIX.length()))
                    .map(l -> l.substring(ENV_LABEL_PREFIX.length()))
                    .filter(e -> !e.isBlank())
                    .findFirst()
                    .orElse(defaultEnv);
            List<String> services = new ArrayList<>();
            JsonNode components = fields.get("components");
            if (components != null && components.isArray()) {
                for (JsonNode c : components) {
                    String name = Payload.optionalText(c, "name");
                    if (name != null && !services.contains(name)) {
                        services.add(name);
                    }
                }
            }
            return Normalization.records(List.of(new Record(key, RecordType.INCIDENT, env, services, openedAt,
                    null, null, Payload.optionalText(fields, "summary"),
                    browseUrl(Payload.optionalText(issue, "self"), key))));
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    /**
     * The issue's page: {@code https://x.atlassian.net/rest/api/2/issue/10000} and key TEST-1 give
     * {@code https://x.atlassian.net/browse/TEST-1} (a context path before {@code /rest} is kept).
     */
    static String browseUrl(String self, String key) {
        if (self == null) {
            return null;
        }
        int rest = self.indexOf("/rest/api/");
        return rest < 0 ? null : self.substring(0, rest) + "/browse/" + key;
    }

    private static Instant time(String text) {
        try {
            return OffsetDateTime.parse(text.trim(), JIRA_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new Payload.Invalid("field 'created' in 'issue.fields' is not a time like "
                    + "'2023-03-06T13:06:00.000+0000': " + text);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(n -> {
                if (n.isTextual() && !n.asText().isBlank()) {
                    out.add(n.asText());
                }
            });
        }
        return out;
    }

    private static Set<String> lower(Set<String> values) {
        if (values == null) {
            return Set.of();
        }
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
