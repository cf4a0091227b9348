package timelines.bench.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;

/** The week's capture is deterministic, in the vendors' shapes, and its outcome is what its javadoc promises. */
class NoiseWeekTest {
    @TempDir
    Path dir;

    @Test
    void shouldWriteTheSameCaptureForTheSameSeedAndAnotherForAnother() throws Exception {
        new NoiseWeek(13).write(dir.resolve("a"));
        new NoiseWeek(13).write(dir.resolve("b"));
        new NoiseWeek(14).write(dir.resolve("c"));

        byte[] a = Files.readAllBytes(dir.resolve("a/capture.jsonl"));
        assertThat(Files.readAllBytes(dir.resolve("b/capture.jsonl"))).isEqualTo(a);
        assertThat(Files.readAllBytes(dir.resolve("c/capture.jsonl"))).isNotEqualTo(a);
    }

    @Test
    void shouldPlantSevenOutagesAWeekAmongNoiseInReceiptOrder() throws Exception {
        NoiseWeek.Capture c = new NoiseWeek(13).write(dir);

        NoiseWeek.Outcome o = c.outcome();
        assertThat(o.outages()).extracting(NoiseWeek.PlantedOutage::story).extracting(s -> s.replaceAll("-\\d+$", ""))
                .containsExactlyInAnyOrder("checkout-down", "search-errors", "payments-burst", "cart-reports",
                        "search-blip", "apiserver-burn", "node-disk");
        assertThat(o.unrecorded()).extracting(NoiseWeek.PlantedOutage::recording)
                .containsOnly(NoiseWeek.Recording.NEVER, NoiseWeek.Recording.LATE).hasSize(4);
        assertThat(o.bySource()).containsOnlyKeys("alertmanager", "sentry", "pagerduty", "signals", "records");
        assertThat(o.heartbeats()).isBetween(1_000, 1_010);
        assertThat(c.deliveries()).isSortedAccordingTo((x, y) -> x.receivedAt().compareTo(y.receivedAt()));
        assertThat(c.deliveries()).allSatisfy(d -> assertThat(d.receivedAt()).isBetween(NoiseWeek.DEFAULT_START,
                NoiseWeek.DEFAULT_START.plus(Duration.ofDays(7))));
    }

    @Test
    void shouldSendAlertmanagerNotificationsInTheWebhookV4ShapeFieldForField() throws Exception {
        new NoiseWeek(13).write(dir);
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> notifications = Files.readAllLines(dir.resolve("capture.jsonl")).stream().map(l -> {
            try {
                return mapper.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).filter(l -> l.get("source").asText().equals("alertmanager")).map(l -> l.get("body")).toList();

        assertThat(notifications).isNotEmpty().allSatisfy(b -> {
            assertThat(fields(b)).containsExactly("receiver", "status", "alerts", "notification_reason", "groupLabels",
                    "commonLabels", "commonAnnotations", "externalURL", "version", "groupKey", "truncatedAlerts");
            assertThat(b.get("version").asText()).isEqualTo("4");
            b.get("alerts").forEach(a -> {
                assertThat(fields(a)).containsExactly("status", "labels", "annotations", "startsAt", "endsAt",
                        "generatorURL", "fingerprint");
                Map<String, String> labels = mapper.convertValue(a.get("labels"),
                        new com.fasterxml.jackson.core.type.TypeReference<Map<String, String>>() {});
                assertThat(a.get("fingerprint").asText()).isEqualTo(PromAlert.fingerprint(new java.util.TreeMap<>(labels)));
            });
        });
        assertThat(notifications.stream().flatMap(b -> java.util.stream.StreamSupport.stream(b.get("alerts").spliterator(),
                false)).map(a -> a.get("labels").get("alertname").asText()).collect(Collectors.toSet()))
                .contains("Watchdog", "InfoInhibitor", "CPUThrottlingHigh", "KubePodCrashLooping",
                        "KubeDeploymentReplicasMismatch", "KubeContainerWaiting", "TargetDown",
                        "NodeFilesystemSpaceFillingUp", "KubeAPIErrorBudgetBurn", "ProbeFailure", "HighErrorRate");
    }

    @Test
    void shouldWriteACatalogThatLoads() throws Exception {
        new NoiseWeek(13).write(dir);

        Catalog catalog = CatalogLoader.load(dir.resolve("catalog.yaml"));
        assertThat(catalog.defaultEnv()).isEqualTo("prod");
        assertThat(catalog.dependenciesOf("checkout-api")).containsExactly("payments-api");
    }

    @Test
    void shouldPlantEachHazardAloneInItsScene() {
        for (NoiseWeek.Hazard h : NoiseWeek.Hazard.values()) {
            NoiseWeek.Capture c = NoiseWeek.scene(h, 13).generate();
            assertThat(c.deliveries()).as(h.name()).hasSizeBetween(4, 20);
            assertThat(c.outcome().outages()).as(h.name()).hasSize(h == NoiseWeek.Hazard.SCATTERED_ERRORS || h == NoiseWeek.Hazard.ERRORS_ACROSS_EPISODES ? 0 : 1);
        }
    }

    private static List<String> fields(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
