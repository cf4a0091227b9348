package timelines.ingest.gitlab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.Fixtures;
import timelines.ingest.delivery.Normalization;

class GitLabNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2025-05-02T12:31:00Z");
    private final GitLabNormalizer normalizer = new GitLabNormalizer("prod");

    private Normalization normalize(JsonNode body) {
        return normalizer.normalize(new RawDelivery(RECEIVED, GitLabNormalizer.SOURCE,
                Map.of("x-gitlab-event", "Deployment Hook"), body, null));
    }

    private Normalization fixture(String file) {
        return normalize(Fixtures.json("gitlab/" + file));
    }

    /** fixture, state, observedAt, short sha. */
    static Stream<Arguments> finishedDeploymentsAreChanges() {
        return Stream.of(
                Arguments.of("zulip-deployment_hook__succeeded.json", "success", "2025-05-02T11:55:16Z", "58793660"),
                Arguments.of("zulip-deployment_hook__failed.json", "failed", "2025-05-02T12:30:19Z", "846d8de0"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void finishedDeploymentsAreChanges(String file, String state, String at, String sha) {
        Normalization n = fixture(file);

        assertThat(n.isRejected()).as(n.rejectedReason()).isFalse();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.CHANGE);
            assertThat(s.service()).isEqualTo("test");
            assertThat(s.env()).isEqualTo("production");
            assertThat(s.observedAt()).isEqualTo(Instant.parse(at));
            assertThat(s.alerting()).isFalse();
            assertThat(s.summary()).isEqualTo("GitLab deployment of vedant8600317/test master (" + sha
                    + ") to production: " + state + " - Update .gitlab-ci.yml file");
            assertThat(s.labels()).containsEntry("repository", "vedant8600317/test").containsEntry("state", state)
                    .containsEntry("tier", "production");
            assertThat(s.link()).startsWith("https://gitlab.com/vedant8600317/test/-/jobs/");
        });
    }

    @Test
    void aRunningDeploymentIsIgnoredAndItsSuccessIsOneChangeWhateverTheRetries() {
        assertThat(fixture("zulip-deployment_hook.json").ignoredReason()).contains("'running'");
        Signal first = fixture("zulip-deployment_hook__succeeded.json").signals().get(0);
        assertThat(fixture("zulip-deployment_hook__succeeded.json").signals().get(0).id()).isEqualTo(first.id());
        assertThat(fixture("zulip-deployment_hook__failed.json").signals().get(0).id()).isNotEqualTo(first.id());
    }

    @Test
    void anOpenedIncidentIsARecordWithoutEnd() {
        Normalization n = fixture("zulip-issue_hook__incident_created.json");

        assertThat(n.records()).containsExactly(new Record("gitlab:sathwikshetty33-group/mVc#2", RecordType.INCIDENT,
                "prod", List.of(), Instant.parse("2026-05-28T05:04:31.155Z"), null, null, "Testing",
                "https://gitlab.com/sathwikshetty33-group/mVc/-/issues/2"));
    }

    @Test
    void aClosedIncidentEndsItsImpactWindow() {
        Normalization n = fixture("zulip-issue_hook__incident_closed.json");

        assertThat(n.records()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo("gitlab:sathwikshetty33-group/mVc#6");
            assertThat(r.openedAt()).isEqualTo(Instant.parse("2026-05-28T06:09:06.964Z"));
            assertThat(r.end()).isEqualTo(Instant.parse("2026-05-28T06:11:46.057Z"));
        });
    }

    @Test
    void labelsNameTheEnvAndServicesOfAnIncident() {
        ObjectNode body = (ObjectNode) Fixtures.json("gitlab/zulip-issue_hook__incident_created.json");
        ArrayNode labels = body.putArray("labels");
        labels.addObject().put("title", "env::live");
        labels.addObject().put("title", "service::checkout");
        labels.addObject().put("title", "service:payments");
        labels.addObject().put("title", "bug");

        Record r = normalize(body).records().get(0);

        assertThat(r.env()).isEqualTo("live");
        assertThat(r.services()).containsExactly("checkout", "payments");
    }

    @Test
    void anIssueOfAnotherTypeIsIgnored() {
        ObjectNode body = (ObjectNode) Fixtures.json("gitlab/zulip-issue_hook__incident_closed.json");
        ((ObjectNode) body.get("object_attributes")).put("type", "Issue");

        assertThat(normalize(body).ignoredReason()).contains("issue 6").contains("'Issue'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"object_kind\":\"push\",\"ref\":\"refs/heads/main\"}|ignored|'push' hook",
        "{\"ref\":\"refs/heads/main\"}|rejected|'object_kind'",
        "{\"object_kind\":\"deployment\",\"status\":\"success\"}|rejected|'deployment_id'",
        "{\"object_kind\":\"deployment\",\"status\":\"success\",\"deployment_id\":1,\"project\":{\"name\":\"x\"},"
                + "\"status_changed_at\":\"yesterday\"}|rejected|'status_changed_at'",
        "[]|rejected|object_kind"})
    void otherHooksAreIgnoredAndOtherShapesRejected(String body, String outcome, String reason) {
        Normalization n = normalize(Fixtures.parse(body));

        assertThat(outcome.equals("ignored") ? n.ignoredReason() : n.rejectedReason()).contains(reason);
    }

    @ParameterizedTest
    @CsvSource({
        "2025-05-02 12:30:19 +0000, 2025-05-02T12:30:19Z",
        "2025-05-02 14:30:19 +0200, 2025-05-02T12:30:19Z",
        "2013-12-03 17:15:43 UTC, 2013-12-03T17:15:43Z",
        "2026-05-28T05:04:31.155Z, 2026-05-28T05:04:31.155Z"})
    void readsGitLabsTimeShapes(String text, String expected) {
        assertThat(GitLabNormalizer.time(text, "t")).isEqualTo(Instant.parse(expected));
    }
}
