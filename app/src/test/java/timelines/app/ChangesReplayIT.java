package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.replay.Replayer;
import timelines.contracts.Incident;
import timelines.contracts.IncidentStatus;
import timelines.contracts.SignalType;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;
import timelines.streams.CorrelationSettings;

/**
 * A capture of the change, declaration and error sources (rollbar, statuspage, github, gitlab; see
 * captures/README.md) replayed whole: nothing rejected, and a GitHub deployment ten minutes before an
 * outage of the service its repository maps to is that outage's trigger candidate, with no glue but
 * the catalog rules the README shows.
 */
class ChangesReplayIT {
    /** The README's mapping: the repository to its service, GitHub's environment name to the catalog's env. */
    static final String CATALOG = """
            defaults: { env: prod }
            services:
              - name: hello-world
            rules:
              - match: { source: github, labels.repository: "Codertocat/Hello-World" }
                set: { service: hello-world }
              - match: { env: production }
                set: { env: prod }
            """;

    @TempDir
    static Path dir;
    static Replayer.Result result;

    @BeforeAll
    static void replay() throws Exception {
        Path capture = dir.resolve("changes.jsonl");
        try (InputStream in = ChangesReplayIT.class.getResourceAsStream("/captures/changes.jsonl")) {
            Files.copy(in, capture);
        }
        Path catalog = dir.resolve("catalog.yaml");
        Files.writeString(catalog, CATALOG);
        Catalog c = CatalogLoader.load(catalog);
        result = Replayer.replay(capture, dir.resolve("out"), c, CorrelationSettings.defaults(), System.err);
    }

    @Test
    void everyDeliveryIsAcceptedAndNoneRejected() throws Exception {
        assertThat(result.rejected()).isEmpty();
        assertThat(result.deliveries()).isEqualTo(13);
        assertThat(result.accepted()).isEqualTo(13);
        assertThat(dir.resolve("out").resolve("rejected.jsonl")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(Files.readString(p)).isEmpty());
    }

    @Test
    void theGitHubDeploymentIsTheTriggerCandidateOfTheOutageAfterIt() {
        Incident i = only("prod", "hello-world");

        assertThat(i.isOutage()).isTrue();
        assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(i.begin()).isEqualTo(Instant.parse("2019-05-15T15:31:00Z"));
        assertThat(i.triggerCandidates()).first().satisfies(c -> {
            assertThat(c.at()).isEqualTo(Instant.parse("2019-05-15T15:20:55Z"));
            assertThat(c.service()).isEqualTo("hello-world");
            assertThat(c.summary()).startsWith("GitHub deployment of Codertocat/Hello-World master (f95f852) to production");
        });
        assertThat(i.entries()).extracting(e -> e.type()).doesNotContain(SignalType.CHANGE);
    }

    @Test
    void aStatuspageComponentOutageIsAnOutageFromItsUpdateToItsRecovery() {
        Incident i = only("prod", "Database component");

        assertThat(i.isOutage()).isTrue();
        assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(i.begin()).isEqualTo(Instant.parse("2017-12-26T07:59:09.379Z"));
        assertThat(i.end()).isEqualTo(Instant.parse("2017-12-26T08:41:12.098Z"));
    }

    private static Incident only(String env, String service) {
        List<Incident> matching = result.incidents().stream()
                .filter(i -> i.env().equals(env) && i.services().contains(service)).toList();
        assertThat(matching).as(env + "|" + service + " in " + result.incidents().stream()
                .map(i -> i.env() + "|" + i.services()).toList()).hasSize(1);
        return matching.get(0);
    }
}
