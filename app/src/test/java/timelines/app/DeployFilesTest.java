package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import timelines.contracts.OwnAlerts;

/**
 * What {@code deploy/} ships for Prometheus and Alertmanager passes their own checkers
 * ({@code promtool}, {@code amtool}; skipped, saying so, where they are not installed), routes
 * the product's own alerts to the pager and never back to ingest, keeps the token out of the
 * webhook's URL, and is what the README shows.
 */
class DeployFilesTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Path alertmanagerFile() {
        return ComposeFileTest.root().resolve("deploy/alertmanager/alertmanager.yml");
    }

    static Path prometheusFile() {
        return ComposeFileTest.root().resolve("deploy/prometheus/prometheus.yml");
    }

    static Path rulesFile() {
        return ComposeFileTest.root().resolve("deploy/prometheus/alert-rules.example.yml");
    }

    private static Path tool(Optional<Path> found, String what, String envVar) {
        assumeTrue(found.isPresent(), StackBinaries.missing(what, envVar));
        return found.get();
    }

    @Test
    void amtoolAcceptsTheAlertmanagerConfig() throws Exception {
        Path amtool = tool(StackBinaries.amtool(), "amtool", "TIMELINES_AMTOOL_BIN");
        StackBinaries.Run run = StackBinaries.run(List.of(amtool.toString(), "check-config",
                alertmanagerFile().toString()), null);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains("SUCCESS");
    }

    @Test
    void theOwnAlertsPageAPersonAndEveryOtherAlertReachesIngestAndThePager() throws Exception {
        Path amtool = tool(StackBinaries.amtool(), "amtool", "TIMELINES_AMTOOL_BIN");
        for (String own : OwnAlerts.NAMES) {
            assertThat(routes(amtool, "alertname=" + own, "env=prod", "incident_id=0123abcd"))
                    .as("receivers of %s", own).isEqualTo("team-pager");
        }
        assertThat(routes(amtool, "alertname=CheckoutDown", "env=prod", "service=checkout", "severity=critical"))
                .isEqualTo("timelines,team-pager");
    }

    private static String routes(Path amtool, String... labels) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(amtool.toString(), "config", "routes", "test",
                "--config.file=" + alertmanagerFile()));
        command.addAll(List.of(labels));
        StackBinaries.Run run = StackBinaries.run(command, null);
        assertThat(run.exit()).as(run.output()).isZero();
        // amtool warns on stderr that --config.file overrides --alertmanager.url; the answer is the first other line.
        return run.output().lines().filter(l -> !l.startsWith("Warning:")).findFirst().orElse("").strip();
    }

    @Test
    void theTokenGoesInTheAuthorizationHeaderNeverInTheUrl() throws Exception {
        JsonNode receiver = receiver(YAML.readTree(alertmanagerFile().toFile()), "timelines");
        JsonNode webhook = receiver.path("webhook_configs").get(0);
        assertThat(webhook.path("url").asText()).endsWith("/v1/webhooks/alertmanager").doesNotContain("token");
        assertThat(webhook.path("send_resolved").asBoolean()).as("resolved alerts end outages").isTrue();
        JsonNode auth = webhook.path("http_config").path("authorization");
        assertThat(auth.path("type").asText()).isEqualTo("Bearer");
        assertThat(auth.path("credentials_file").asText()).isNotBlank();
    }

    static JsonNode receiver(JsonNode config, String name) {
        for (JsonNode r : config.path("receivers")) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no receiver '" + name + "' in " + alertmanagerFile());
    }

    @Test
    void promtoolAcceptsThePrometheusConfigAndTheExampleRule() throws Exception {
        Path promtool = tool(StackBinaries.promtool(), "promtool", "TIMELINES_PROMTOOL_BIN");
        StackBinaries.Run config = StackBinaries.run(List.of(promtool.toString(), "check", "config",
                prometheusFile().toString()), null);
        assertThat(config.exit()).as(config.output()).isZero();
        StackBinaries.Run rules = StackBinaries.run(List.of(promtool.toString(), "check", "rules",
                rulesFile().toString()), null);
        assertThat(rules.exit()).as(rules.output()).isZero();
        assertThat(rules.output()).contains("SUCCESS: 1 rules found");
    }

    /** The README's section shows the shipped files as they are, so the two cannot drift apart. */
    @Test
    void theReadmeShowsTheShippedAlertmanagerRoutesAndReceiverAndTheExampleRule() throws Exception {
        String section = ConfigKeysDocumentedTest.section(ConfigKeysDocumentedTest.readme(),
                "## Running with Prometheus and Alertmanager");
        for (Path file : List.of(alertmanagerFile(), rulesFile())) {
            for (String block : yamlBlocksOf(file)) {
                assertThat(section).as("README shows this part of %s as it is", file.getFileName()).contains(block);
            }
        }
        assertThat(section).contains("deploy/alertmanager/alertmanager.yml", "deploy/prometheus/alert-rules.example.yml",
                "http_config", "credentials_file", "for:", "startsAt", "sink.alertSeverity");
    }

    /** The file without its leading comment lines: what the README shows of it. */
    static List<String> yamlBlocksOf(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        int first = 0;
        while (first < lines.size() && (lines.get(first).startsWith("#") || lines.get(first).isBlank())) {
            first++;
        }
        return List.of(String.join("\n", lines.subList(first, lines.size())));
    }
}
