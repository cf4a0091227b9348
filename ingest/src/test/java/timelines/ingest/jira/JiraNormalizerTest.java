package timelines.ingest.jira;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.ingest.delivery.Normalization;

class JiraNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2023-03-06T13:06:02Z");

    private final JiraNormalizer byDefault = new JiraNormalizer("live");

    private static String fixture(String name) {
        return Fixtures.text("jira/" + name);
    }

    private static JsonNode json(String text) {
        return Fixtures.parse(text);
    }

    private static Normalization normalize(JiraNormalizer normalizer, JsonNode body) {
        return normalizer.normalize(new RawDelivery(RECEIVED, JiraNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization normalize(String fixture) {
        return normalize(byDefault, json(fixture(fixture)));
    }

    @Test
    void readsAnIncidentIssueAsAnIncidentRecord() {
        Normalization n = normalize("incident-created.json");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.records()).containsExactly(new Record("TISNEW-5728", RecordType.INCIDENT, "prod",
                List.of("esr", "amazonmq"), Instant.parse("2023-03-06T13:06:00Z"), null, null,
                "ESR stopped processing files: AmazonMQ vhost esr unusable",
                "https://hee-tis.atlassian.net/browse/TISNEW-5728"));
    }

    @Test
    void readsTheSameRecordFromEveryUpdateOfTheIssue() {
        ObjectNode updated = (ObjectNode) json(fixture("incident-created.json"));
        updated.put("webhookEvent", "jira:issue_updated");

        assertThat(normalize(byDefault, updated).records()).isEqualTo(normalize("incident-created.json").records());
    }

    @Test
    void ignoresAnIssueOfAnotherTypeWithoutAConfiguredLabel() {
        Normalization n = normalize("zulip-issue_created.json");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.records()).isEmpty();
        assertThat(n.ignoredReason()).contains("BUG-15").contains("'Bug'");
    }

    @Test
    void readsAnIssueOfAConfiguredTypeWithTheDefaultEnvAndNoServices() {
        JiraNormalizer bugs = new JiraNormalizer("live", Set.of("Incident", "Bug"), Set.of());

        Normalization n = normalize(bugs, json(fixture("zulip-issue_created.json")));

        assertThat(n.records()).containsExactly(new Record("BUG-15", RecordType.INCIDENT, "live", List.of(),
                Instant.parse("2013-03-27T16:53:58.301Z"), null, null, "New bug with hook",
                "http://lfranchi.com:8080/browse/BUG-15"));
    }

    @Test
    void readsAnIssueCarryingAConfiguredLabelWithItsNamedComponentsAsServices() {
        JiraNormalizer labelled = new JiraNormalizer("live", Set.of("Incident"), Set.of("customer-reported"));

        Normalization n = normalize(labelled, json(fixture("zulip-issue_created_with_additional_fields.json")));

        assertThat(n.records()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("BUG-15");
            assertThat(r.type()).isEqualTo(RecordType.INCIDENT);
            assertThat(r.env()).isEqualTo("live");
            assertThat(r.services()).as("a component without a name names no service").containsExactly("Backend", "API");
            assertThat(r.openedAt()).isEqualTo(Instant.parse("2013-03-27T16:53:58.301Z"));
        });
    }

    @Test
    void readsTheCreatedTimeWithItsOffset() {
        JiraNormalizer tasks = new JiraNormalizer("live", Set.of("task"), Set.of());

        Normalization n = normalize(tasks, json(fixture("zulip-issue_updated__status.json")));

        assertThat(n.records()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("TEST-1");
            assertThat(r.openedAt()).as("2017-01-30T18:30:41.962+0100").isEqualTo(Instant.parse("2017-01-30T17:30:41.962Z"));
            assertThat(r.link()).isEqualTo("https://zulipp.atlassian.net/browse/TEST-1");
        });
    }

    @Test
    void ignoresTheStatusUpdateOfATask() {
        assertThat(normalize("zulip-issue_updated__status.json").ignoredReason()).contains("TEST-1");
    }

    @Test
    void ignoresCommentEvents() {
        Normalization n = normalize("zulip-comment_created.json");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.ignoredReason()).contains("comment_created");
    }

    @ParameterizedTest
    @ValueSource(strings = {"webhookEvent", "issue"})
    void rejectsAWebhookMissingATopLevelField(String field) {
        ObjectNode body = (ObjectNode) json(fixture("incident-created.json"));
        body.remove(field);

        Normalization n = normalize(byDefault, body);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("missing required field '" + field + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"key", "fields"})
    void rejectsAnIssueMissingARequiredField(String field) {
        ObjectNode body = (ObjectNode) json(fixture("incident-created.json"));
        ((ObjectNode) body.get("issue")).remove(field);

        assertThat(normalize(byDefault, body).rejectedReason()).contains("missing required field '" + field + "'");
    }

    @Test
    void rejectsAnIncidentWithoutACreatedTime() {
        ObjectNode body = (ObjectNode) json(fixture("incident-created.json"));
        ((ObjectNode) body.path("issue").path("fields")).remove("created");

        assertThat(normalize(byDefault, body).rejectedReason()).contains("missing required field 'created'");
    }

    @Test
    void rejectsACreatedTimeThatIsNotATime() {
        ObjectNode body = (ObjectNode) json(fixture("incident-created.json"));
        ((ObjectNode) body.path("issue").path("fields")).put("created", "Monday morning");

        assertThat(normalize(byDefault, body).rejectedReason()).contains("'created'").contains("Monday morning");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"jira:issue_created\""})
    void rejectsABodyThatIsNotAnObject(String body) {
        assertThat(normalize(byDefault, json(body)).isRejected()).isTrue();
    }
}
