package timelines.ingest.github;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;
import timelines.ingest.catalog.CatalogRules;
import timelines.ingest.Fixtures;
import timelines.ingest.delivery.Normalization;

class GitHubNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2019-05-15T15:21:00Z");
    private final GitHubNormalizer normalizer = new GitHubNormalizer("prod");

    private Normalization normalize(String event, JsonNode body) {
        Map<String, String> headers = event == null ? Map.of() : Map.of("x-github-event", event);
        return normalizer.normalize(new RawDelivery(RECEIVED, GitHubNormalizer.SOURCE, headers, body, null));
    }

    private Normalization fixture(String file) {
        return normalize(file.substring(0, file.indexOf('-')), Fixtures.json("github/" + file));
    }

    /** fixture, state, observedAt, environment, summary fragment. */
    static Stream<Arguments> finishedDeploymentsAreChanges() {
        return Stream.of(
                Arguments.of("deployment_status-payload.json", "success", "2019-05-15T15:20:55Z", "production",
                        "GitHub deployment of Codertocat/Hello-World master (f95f852) to production: success"),
                Arguments.of("deployment_status-ghes-35.json", "success", "2019-05-15T19:38:21Z", "production",
                        "to production: success"),
                Arguments.of("deployment_status-failure.json", "failure", "2019-05-15T15:24:10Z", "production",
                        "failure - Deployment failed: health check timed out"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void finishedDeploymentsAreChanges(String file, String state, String at, String env, String summary) {
        Normalization n = fixture(file);

        assertThat(n.isRejected()).as(n.rejectedReason()).isFalse();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.CHANGE);
            assertThat(s.source()).isEqualTo("github");
            assertThat(s.service()).isEqualTo("Hello-World");
            assertThat(s.env()).isEqualTo(env);
            assertThat(s.observedAt()).isEqualTo(Instant.parse(at));
            assertThat(s.alerting()).isFalse();
            assertThat(s.severity()).isNull();
            assertThat(s.summary()).contains(summary);
            assertThat(s.labels()).containsEntry("repository", "Codertocat/Hello-World")
                    .containsEntry("environment", "production").containsEntry("state", state);
        });
    }

    /** fixture (its event from the file name), what the reason says. */
    static Stream<Arguments> unfinishedStatesAndOtherEventsAreIgnored() {
        return Stream.of(
                Arguments.of("deployment_status-gh-pages.json", "'in_progress' is not a finished deployment"),
                Arguments.of("deployment-payload.json", "'deployment' is not a deployment_status"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void unfinishedStatesAndOtherEventsAreIgnored(String file, String reason) {
        Normalization n = fixture(file);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains(reason);
    }

    @Test
    void aPingIsIgnored() {
        Normalization n = normalize("ping", Fixtures.parse("{\"zen\":\"Keep it logically awesome.\",\"hook_id\":1}"));

        assertThat(n.ignoredReason()).contains("'ping'");
    }

    @Test
    void theSameStatusRedeliveredOrSentToAnAppHasTheSameId() {
        Signal first = fixture("deployment_status-payload.json").signals().get(0);
        Signal again = fixture("deployment_status-payload.json").signals().get(0);
        Signal toApp = fixture("deployment_status-with-installation.json").signals().get(0);
        Signal failed = fixture("deployment_status-failure.json").signals().get(0);

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(toApp.id()).isEqualTo(first.id());
        assertThat(failed.id()).isNotEqualTo(first.id());
    }

    @Test
    void withoutTheHeaderTheBodyNamesTheEvent() {
        Normalization n = normalize(null, Fixtures.json("github/deployment_status-payload.json"));

        assertThat(n.signals()).singleElement().extracting(Signal::type).isEqualTo(SignalType.CHANGE);
    }

    @Test
    void aBodyThatIsNoGitHubEventIsRejected() {
        assertThat(normalize(null, Fixtures.parse("{\"hello\":1}")).rejectedReason())
                .contains("X-GitHub-Event");
        ObjectNode noRepository = (ObjectNode) Fixtures.json("github/deployment_status-payload.json");
        noRepository.remove("repository");
        assertThat(normalize("deployment_status", noRepository).rejectedReason()).contains("'repository'");
        assertThat(normalize("deployment_status", Fixtures.parse("[1]")).isRejected()).isTrue();
    }

    /** The README's catalog rules: the repository names the service, GitHub's environment name the env. */
    @Test
    void theReadmesCatalogRulesMapTheRepositoryAndEnvironmentToTheCatalogsNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("catalog.yaml");
        Files.writeString(file, """
                defaults: { env: prod }
                rules:
                  - match: { source: github, labels.repository: "Codertocat/Hello-World" }
                    set: { service: hello-world }
                  - match: { env: production }
                    set: { env: prod }
                """);
        Catalog catalog = CatalogLoader.load(file);

        Signal s = CatalogRules.apply(catalog, fixture("deployment_status-payload.json").signals().get(0));

        assertThat(s.service()).isEqualTo("hello-world");
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.type()).isEqualTo(SignalType.CHANGE);
    }

    @Test
    void aStatusWithoutATimeTakesTheReceipt() {
        ObjectNode body = (ObjectNode) Fixtures.json("github/deployment_status-payload.json");
        ((ObjectNode) body.get("deployment_status")).remove("created_at");
        ((ObjectNode) body.get("deployment_status")).remove("updated_at");

        assertThat(normalize("deployment_status", body).signals().get(0).observedAt()).isEqualTo(RECEIVED);
    }
}
