package timelines.ingest.sentry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class SentryNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2024-01-01T00:00:00Z");

    private final SentryNormalizer normalizer = new SentryNormalizer("prod");

    private static JsonNode fixture(String name) {
        return Fixtures.json("sentry/" + name);
    }

    private Normalization normalize(String resource, JsonNode body, Instant receivedAt) {
        Map<String, String> headers = resource == null ? Map.of() : Map.of("sentry-hook-resource", resource);
        return normalizer.normalize(new RawDelivery(receivedAt, SentryNormalizer.SOURCE, headers, body, null));
    }

    private Normalization normalize(String resource, JsonNode body) {
        return normalize(resource, body, RECEIVED);
    }

    private Signal only(Normalization n) {
        assertThat(n.rejectedReason()).isNull();
        assertThat(n.ignoredReason()).isNull();
        assertThat(n.signals()).hasSize(1);
        return n.signals().get(0);
    }

    @Test
    void issueCreatedIsFailingAtFirstSeen() {
        Signal s = only(normalize("issue", fixture("issue-created.json")));

        assertThat(s.source()).isEqualTo("sentry");
        assertThat(s.type()).isEqualTo(SignalType.FAILING);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).isEqualTo("front-end");
        assertThat(s.check()).isEqualTo("1170820242");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2019-08-19T20:58:37.391Z"));
        assertThat(s.receivedAt()).isEqualTo(RECEIVED);
        assertThat(s.alerting()).isTrue();
        assertThat(s.severity()).isEqualTo("error");
        assertThat(s.summary()).isEqualTo("ReferenceError: blooopy is not defined");
        assertThat(s.labels()).containsEntry("short_id", "FRONT-END-9");
        assertThat(s.id()).matches("[0-9a-f]{32}");
    }

    @Test
    void issueResolvedIsRecoveredAtLastSeenAndPairsWithTheCreatedIssue() {
        Signal created = only(normalize("issue", fixture("issue-created.json")));
        Signal resolved = only(normalize("issue", fixture("issue-resolved.json")));

        assertThat(resolved.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(resolved.env()).isEqualTo("prod");
        assertThat(resolved.service()).isEqualTo("front-end");
        assertThat(resolved.check()).isEqualTo(created.check());
        assertThat(resolved.observedAt()).as("the last occurrence: Sentry sends no resolution time")
                .isEqualTo(Instant.parse("2019-08-19T21:31:05.120Z"));
        assertThat(resolved.alerting()).isTrue();
        assertThat(resolved.id()).isNotEqualTo(created.id());
    }

    @Test
    void issueUnresolvedIsARegressionFailingAtLastSeen() {
        ObjectNode body = (ObjectNode) fixture("issue-resolved.json");
        body.put("action", "unresolved");

        Signal s = only(normalize("issue", body));

        assertThat(s.type()).isEqualTo(SignalType.FAILING);
        assertThat(s.check()).isEqualTo("1170820242");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2019-08-19T21:31:05.120Z"));
    }

    @Test
    void issueIgnoredIsIgnored() {
        Normalization n = normalize("issue", fixture("issue-ignored.json"));

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("ignored");
    }

    @ParameterizedTest
    @ValueSource(strings = {"assigned", "archived"})
    void issueActionsThatChangeNoStateAreIgnored(String action) {
        ObjectNode body = (ObjectNode) fixture("issue-created.json");
        body.put("action", action);

        Normalization n = normalize("issue", body);

        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains(action);
    }

    @Test
    void eventAlertIsAnErrorOfTheProjectNamedInTheEventUrl() {
        Signal s = only(normalize("event_alert", fixture("event-alert.json")));

        assertThat(s.type()).isEqualTo(SignalType.ERROR);
        assertThat(s.env()).as("the docs example has no environment tag").isEqualTo("prod");
        assertThat(s.service()).isEqualTo("front-end");
        assertThat(s.check()).isEqualTo("1117540176");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2019-08-19T21:06:17.677Z"));
        assertThat(s.alerting()).isTrue();
        assertThat(s.summary()).isEqualTo("ReferenceError: heck is not defined");
        assertThat(s.link()).isEqualTo(
                "https://sentry.io/organizations/test-org/issues/1117540176/events/e4874d664c3540c1a32eab185f12c5ab/");
        assertThat(s.labels()).containsEntry("rule", "Very Important Alert Rule!");
    }

    @Test
    void eventAlertTakesEnvFromTheEnvironmentTag() {
        Signal s = only(normalize("event_alert", fixture("event-alert-environment.json")));

        assertThat(s.type()).isEqualTo(SignalType.ERROR);
        assertThat(s.env()).isEqualTo("production");
        assertThat(s.service()).isEqualTo("tis-generic-upload");
        assertThat(s.check()).isEqualTo("4012345678");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-03-14T02:07:41.118Z"));
        assertThat(s.summary()).startsWith("AmqpIOException: channel error");
    }

    @Test
    void eventTimeFallsBackToTheEpochTimestamp() {
        ObjectNode body = (ObjectNode) fixture("event-alert-environment.json");
        ((ObjectNode) body.get("data").get("event")).remove("datetime");

        Signal s = only(normalize("event_alert", body));

        assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-03-14T02:07:41.118Z"));
    }

    @Test
    void rejectsAnEventAlertWhoseUrlNamesNoProject() {
        ObjectNode body = (ObjectNode) fixture("event-alert.json");
        ObjectNode event = (ObjectNode) body.get("data").get("event");
        event.remove("url");

        Normalization n = normalize("event_alert", body);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("'url'").contains("project slug");
    }

    /** Go and Node events carry no issue_id: the issue is in issue_url (and web_url). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "event-alert-golang-message.json, 1638844654, 2020-04-30T06:14:13.611851Z, A test message event from golang.",
        "event-alert-node-message.json,   1638840427, 2020-04-30T06:09:56.493251Z, Test event from node."})
    void eventAlertsOfOtherPlatformsNameTheirIssueInItsUrl(String file, String issue, String at, String summary) {
        Signal s = only(normalize("event_alert", fixture(file)));

        assertThat(s.type()).isEqualTo(SignalType.ERROR);
        assertThat(s.service()).isEqualTo("zulip-integration-testing");
        assertThat(s.check()).isEqualTo(issue);
        assertThat(s.observedAt()).isEqualTo(Instant.parse(at));
        assertThat(s.severity()).isEqualTo("info");
        assertThat(s.summary()).isEqualTo(summary);
    }

    @Test
    void anEventAlertNamingNoIssueIsItsOwnCheck() {
        ObjectNode body = (ObjectNode) fixture("event-alert-golang-message.json");
        ObjectNode event = (ObjectNode) body.get("data").get("event");
        event.remove("issue_url");
        assertThat(only(normalize("event_alert", body)).check()).as("from web_url").isEqualTo("1638844654");
        event.put("web_url", "https://sentry.io/organizations/o/events/01ecb45633bc4f5ca940ada671124c8f/");

        Signal s = only(normalize("event_alert", body));

        assertThat(s.check()).isEqualTo("event:01ecb45633bc4f5ca940ada671124c8f");
        assertThat(s.service()).isEqualTo("zulip-integration-testing");
    }

    @Test
    void metricAlertCriticalIsFailingOfTheRuleAtTheIncidentStart() {
        Signal s = only(normalize("metric_alert", fixture("metric-alert-critical.json")));

        assertThat(s.type()).isEqualTo(SignalType.FAILING);
        assertThat(s.env()).isEqualTo("production");
        assertThat(s.service()).isEqualTo("bar");
        assertThat(s.check()).isEqualTo("7");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2020-09-14T07:52:00Z"));
        assertThat(s.alerting()).isTrue();
        assertThat(s.severity()).isEqualTo("critical");
        assertThat(s.summary()).isEqualTo("Critical: Too many errors");
    }

    @Test
    void metricAlertResolvedWithoutACloseDateIsRecoveredAtReceipt() {
        Signal s = only(normalize("metric_alert", fixture("metric-alert-resolved.json")));

        assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).isEqualTo("bar");
        assertThat(s.check()).isEqualTo("7");
        assertThat(s.observedAt()).as("the docs example has date_closed: null").isEqualTo(RECEIVED);
        assertThat(s.alerting()).isTrue();
        assertThat(s.link()).isEqualTo("https://sentry.io/organizations/baz/alerts/1/");
    }

    @Test
    void metricAlertResolvedAtItsCloseDate() {
        ObjectNode body = (ObjectNode) fixture("metric-alert-resolved.json");
        ((ObjectNode) body.get("data").get("metric_alert")).put("date_closed", "2020-09-13T12:46:40.000000Z");

        Signal s = only(normalize("metric_alert", body));

        assertThat(s.observedAt()).isEqualTo(Instant.parse("2020-09-13T12:46:40Z"));
    }

    @Test
    void legacyPluginBodyIsAnErrorAtTheEventTimestamp() {
        Signal s = only(normalize(null, fixture("legacy-plugin.json")));

        assertThat(s.type()).isEqualTo(SignalType.ERROR);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).isEqualTo("meow");
        assertThat(s.check()).isEqualTo("1385042923");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2019-12-19T17:58:19.836607Z"));
        assertThat(s.alerting()).isTrue();
        assertThat(s.summary()).isEqualTo("ReferenceError: hello is not defined");
        assertThat(s.link()).isEqualTo("https://sentry.io/organizations/meredith/issues/1385042923/?referrer=webhooks_plugin");
        assertThat(s.labels()).containsEntry("rule", "Webhook Test");
    }

    @Test
    void legacyPluginTakesEnvFromTheEnvironmentTag() {
        ObjectNode body = (ObjectNode) fixture("legacy-plugin.json");
        ((ArrayNode) body.get("event").get("tags"))
                .addArray().add("environment").add("staging");

        assertThat(only(normalize(null, body)).env()).isEqualTo("staging");
    }

    @Test
    void aRetryGivesTheSameIds() {
        for (String[] c : new String[][] {
            {"issue", "issue-created.json"}, {"issue", "issue-resolved.json"}, {"event_alert", "event-alert.json"},
            {"metric_alert", "metric-alert-critical.json"}, {null, "legacy-plugin.json"}}) {
            String first = only(normalize(c[0], fixture(c[1]), RECEIVED)).id();
            String retry = only(normalize(c[0], fixture(c[1]), RECEIVED.plusSeconds(60))).id();
            assertThat(retry).as(c[1]).isEqualTo(first);
        }
    }

    @Test
    void readsTheResourceHeaderWhateverItsCase() {
        Normalization n = normalizer.normalize(new RawDelivery(RECEIVED, SentryNormalizer.SOURCE,
                Map.of("Sentry-Hook-Resource", "issue"), fixture("issue-created.json"), null));

        assertThat(only(n).type()).isEqualTo(SignalType.FAILING);
    }

    @Test
    void ignoresResourcesThatCarryNoAlertState() {
        Normalization n = normalize("installation", Json.mapper().createObjectNode().put("action", "created"));

        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("installation");
    }

    @Test
    void rejectsAnIntegrationPlatformBodyWithoutTheResourceHeader() {
        Normalization n = normalize(null, fixture("issue-created.json"));

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("Sentry-Hook-Resource");
    }

    @Test
    void rejectsAnIssueWithoutItsProjectNamingTheField() {
        ObjectNode body = (ObjectNode) fixture("issue-created.json");
        ((ObjectNode) body.get("data").get("issue")).remove("project");

        Normalization n = normalize("issue", body);

        assertThat(n.rejectedReason()).isEqualTo("missing required field 'project' in 'data.issue'");
    }

    @Test
    void rejectsJsonThatIsNotASentryBody() {
        Normalization n = normalize(null, Json.mapper().createObjectNode().put("hello", "world"));

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("'project_slug'").contains("Sentry-Hook-Resource");
    }

    /** DESIGN 5a, Sentry's column: an issue's or event's level. */
    @ParameterizedTest(name = "level {0} -> {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            fatal,   critical
            error,   error
            warning, warning
            info,    info
            debug,   info
            Fatal,   critical
            sample,  absent
            """)
    void levelsMapToSeverities(String level, String severity) {
        ObjectNode issue = (ObjectNode) fixture("issue-created.json");
        ((ObjectNode) issue.get("data").get("issue")).put("level", level);
        ObjectNode event = (ObjectNode) fixture("event-alert.json");
        ((ObjectNode) event.get("data").get("event")).put("level", level);
        ObjectNode legacy = (ObjectNode) fixture("legacy-plugin.json");
        legacy.put("level", level);

        for (Signal s : new Signal[] {only(normalize("issue", issue)), only(normalize("event_alert", event)),
                only(normalize(null, legacy))}) {
            assertThat(s.severity()).as(s.type() + " " + s.summary()).isEqualTo(severity);
            assertThat(s.labels()).containsEntry("severity.raw", level);
        }
    }

    @Test
    void aResolvedIssueHasTheSeverityOfItsCreation() {
        Signal created = only(normalize("issue", fixture("issue-created.json")));
        Signal resolved = only(normalize("issue", fixture("issue-resolved.json")));

        assertThat(resolved.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(resolved.severity()).isEqualTo(created.severity()).isEqualTo("error");
    }

    @ParameterizedTest(name = "metric alert {0} -> {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            critical, FAILING,   critical, critical
            warning,  FAILING,   warning,  warning
            resolved, RECOVERED, absent,   absent
            """)
    void aMetricAlertsActionIsItsSeverity(String action, SignalType type, String severity, String raw) {
        ObjectNode body = (ObjectNode) fixture("metric-alert-critical.json");
        body.put("action", action);
        ((ObjectNode) body.get("data").get("metric_alert")).put("date_closed", "2020-09-13T13:10:00.000000Z");

        Signal s = only(normalize("metric_alert", body));

        assertThat(s.type()).isEqualTo(type);
        assertThat(s.severity()).as("a resolved alert does not say which trigger it had reached").isEqualTo(severity);
        assertThat(s.labels().get("severity.raw")).isEqualTo(raw);
    }

    /** Sentry's own integration example sends metric alerts without projects or dates. */
    @Test
    void aMetricAlertWithoutProjectsIsNamedAfterItsRuleAsCloudWatchNamesAnAlarm() {
        Signal critical = only(normalize("metric_alert", fixture("metric-alert-integration-platform-example-critical.json")));
        Signal resolved = only(normalize("metric_alert", fixture("metric-alert-integration-platform-example-resolved.json")));

        assertThat(critical.type()).isEqualTo(SignalType.FAILING);
        assertThat(critical.service()).isEqualTo("metric alert");
        assertThat(critical.check()).isEqualTo("456");
        assertThat(critical.env()).isEqualTo("prod");
        assertThat(critical.severity()).isEqualTo("critical");
        assertThat(critical.observedAt()).as("no date in the payload").isEqualTo(RECEIVED);
        assertThat(critical.summary()).isEqualTo("metric alert");
        assertThat(critical.labels()).containsEntry("rule", "metric alert")
                .containsEntry("description", "5 events in the last 10 minutes");
        assertThat(resolved.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(resolved.service()).isEqualTo(critical.service());
        assertThat(resolved.check()).isEqualTo(critical.check());
    }

    @Test
    void rejectsAMetricAlertThatNamesNeitherProjectsNorItsRule() {
        ObjectNode body = (ObjectNode) fixture("metric-alert-integration-platform-example-critical.json");
        ((ObjectNode) body.get("data").get("metric_alert").get("alert_rule")).remove("name");

        Normalization n = normalize("metric_alert", body);

        assertThat(n.rejectedReason()).contains("'projects' in 'data.metric_alert'")
                .contains("no 'name' in 'data.metric_alert.alert_rule'");
    }
}

