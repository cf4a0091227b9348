package timelines.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;
import timelines.ingest.Fixtures;
import timelines.ingest.alertmanager.AlertmanagerNormalizer;

/**
 * The README's catalog for a kube-prometheus-stack cluster, on that cluster's alerts as
 * Alertmanager sends them (fixtures/alertmanager/kube-prometheus-stack-*.json): each alert lands
 * on the application it is about, not on the scrape target that reported it.
 */
class KubePrometheusCatalogTest {
    private static final Instant RECEIVED = Instant.parse("2026-03-02T13:00:00Z");
    private static final Path CATALOG = Path.of("src/test/resources/catalogs/kube-prometheus-stack.yaml");

    private final AlertmanagerNormalizer normalizer = new AlertmanagerNormalizer("prod");
    private final Catalog catalog = CatalogLoader.load(CATALOG);

    private List<Signal> signals(JsonNode body) {
        return normalizer.normalize(new RawDelivery(RECEIVED, AlertmanagerNormalizer.SOURCE, Map.of(), body, null))
                .signals().stream().map(s -> CatalogRules.apply(catalog, s)).toList();
    }

    private static JsonNode fixture(String name) {
        return Fixtures.json("alertmanager/kube-prometheus-stack-" + name);
    }

    private Signal only(String fixture, String alertname) {
        return signals(fixture(fixture)).stream().filter(s -> s.labels().get("alertname").equals(alertname))
                .reduce((a, b) -> {
                    throw new AssertionError("two " + alertname + " in " + fixture);
                }).orElseThrow(() -> new AssertionError("no " + alertname + " in " + fixture));
    }

    @ParameterizedTest(name = "{1} ({0}) -> {2}")
    @CsvSource(nullValues = "absent", textBlock = """
            shop-firing.json,              KubeDeploymentReplicasMismatch, checkout-api,     warning,  absent
            shop-firing.json,              KubeHpaMaxedOut,                checkout-api,     warning,  absent
            shop-firing.json,              KubePodCrashLooping,            checkout-api,     warning,  true
            shop-firing.json,              CPUThrottlingHigh,              checkout-api,     info,     absent
            shop-resolved.json,            KubePodCrashLooping,            checkout-api,     warning,  true
            shop-resolved.json,            KubeDeploymentReplicasMismatch, checkout-api,     warning,  absent
            node-filesystem-warning.json,  NodeFilesystemSpaceFillingUp,   kubernetes-nodes, warning,  absent
            node-filesystem-critical.json, NodeFilesystemSpaceFillingUp,   kubernetes-nodes, critical, absent
            apiserver-error-budget.json,   KubeAPIErrorBudgetBurn,         kube-apiserver,   critical, absent
            job-failed.json,               KubeJobFailed,                  payments,         warning,  absent
            target-down.json,              TargetDown,                     payments-api,     warning,  absent
            watchdog.json,                 Watchdog,                       Watchdog,         absent,   absent
            """)
    void eachAlertLandsOnTheApplicationItIsAbout(String fixture, String alertname, String service, String severity,
            Boolean impact) {
        Signal s = only(fixture, alertname);

        assertThat(s.service()).isEqualTo(service);
        assertThat(s.env()).as("no cluster label: the catalog's default").isEqualTo("prod");
        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.impact()).isEqualTo(impact);
    }

    @Test
    void theScrapeTargetIsNeverTakenForTheApplication() {
        for (String fixture : List.of("shop-firing.json", "shop-resolved.json", "node-filesystem-warning.json",
                "node-filesystem-critical.json", "job-failed.json", "target-down.json")) {
            assertThat(signals(fixture(fixture))).as(fixture).isNotEmpty().allSatisfy(s -> assertThat(s.service())
                    .doesNotStartWith("kube-prometheus-stack-").isNotEqualTo("kube-state-metrics")
                    .isNotEqualTo("node-exporter").isNotEqualTo("monitoring"));
        }
    }

    @Test
    void aDeploymentAlertIsTheDeploymentsThoughItCarriesTheKubeStateMetricsContainer() {
        Signal mismatch = only("shop-firing.json", "KubeDeploymentReplicasMismatch");

        assertThat(mismatch.labels()).containsEntry("container", "kube-state-metrics")
                .containsEntry("service", "kube-prometheus-stack-kube-state-metrics")
                .containsEntry("deployment", "checkout-api");
        assertThat(mismatch.service()).isEqualTo("checkout-api");
    }

    @Test
    void aKubeStateMetricsAlertNamingNoWorkloadIsItsNamespacesNotKubeStateMetrics() {
        Signal failed = only("job-failed.json", "KubeJobFailed");

        assertThat(failed.labels()).containsEntry("container", "kube-state-metrics")
                .containsEntry("job_name", "payments-ledger-backfill-29541870");
        assertThat(failed.service()).isEqualTo("payments");
    }

    @Test
    void aPodAlertWithoutAContainerBelongsToItsNamespace() {
        ObjectNode body = (ObjectNode) fixture("shop-firing.json");
        ObjectNode crashLoop = (ObjectNode) body.get("alerts").get(2);
        assertThat(crashLoop.get("labels").get("alertname").asText()).isEqualTo("KubePodCrashLooping");
        ((ObjectNode) crashLoop.get("labels")).remove("container");

        Signal s = signals(body).stream().filter(x -> x.labels().get("alertname").equals("KubePodCrashLooping"))
                .findFirst().orElseThrow();

        assertThat(s.service()).isEqualTo("shop");
        assertThat(s.impact()).as("the impact rule names checkout-api only").isNull();
    }

    @Test
    void aClusterLabelNamesTheEnv() {
        ObjectNode body = (ObjectNode) fixture("target-down.json");
        ((ObjectNode) body.get("alerts").get(0).get("labels")).put("cluster", "eu-prod-1");

        assertThat(signals(body)).singleElement().satisfies(s -> {
            assertThat(s.env()).isEqualTo("eu-prod-1");
            assertThat(s.service()).isEqualTo("payments-api");
        });
    }

    @Test
    void theCatalogIsTheOneTheReadmeShows() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        String yaml = Files.readString(CATALOG);

        assertThat(readme).contains("```yaml\n" + yaml + "```\n");
    }
}
