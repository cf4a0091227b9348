package timelines.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.catalog.CatalogLoader;

class CatalogWatcherTest {
    @TempDir
    Path dir;

    @Test
    void aChangedFileIsReloadedAndABrokenOneKeepsTheLastGood() throws Exception {
        Path file = dir.resolve("catalog.yaml");
        write(file, "defaults: { env: prod }\nservices: [{name: a}]\n", 1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (CatalogWatcher watcher = new CatalogWatcher(file, meters)) {
            assertThat(watcher.get().services()).hasSize(1);

            write(file, "defaults: { env: prod }\nservices: [{name: a}, {name: b, dependsOn: [a]}]\n", 2);
            watcher.reloadIfChanged();
            assertThat(watcher.get().connected("a", "b")).isTrue();
            assertThat(meters.get("timelines_catalog_healthy").gauge().value()).isEqualTo(1.0);

            write(file, "services: [{dependsOn: [a]}]\n", 3);
            watcher.reloadIfChanged();
            assertThat(watcher.get().connected("a", "b")).as("the last good catalog stays in force").isTrue();
            assertThat(meters.get("timelines_catalog_healthy").gauge().value()).isEqualTo(0.0);
            assertThat(meters.get("timelines_catalog_reload_failures_total").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void everyLoadIsHandedOnAndAFailedHandOverIsRetriedAtTheNextPoll() throws Exception {
        Path file = dir.resolve("catalog.yaml");
        write(file, "services: [{name: a}]\n", 1);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        java.util.List<java.util.List<String>> published = new java.util.ArrayList<>();
        boolean[] kafkaDown = {false};
        try (CatalogWatcher watcher = new CatalogWatcher(file, meters, c -> {
            if (kafkaDown[0]) {
                throw new IllegalStateException("cannot publish: broker unreachable");
            }
            published.add(c.services().stream().map(s -> s.name()).toList());
        })) {
            assertThat(published).as("the first load, at once").containsExactly(java.util.List.of("a"));

            kafkaDown[0] = true;
            write(file, "services: [{name: a}, {name: b, dependsOn: [a]}]\n", 2);
            watcher.reloadIfChanged();
            assertThat(watcher.get().connected("a", "b")).as("the rules use it at once").isTrue();
            assertThat(meters.get("timelines_catalog_publish_failures_total").counter().count()).isEqualTo(1.0);
            assertThat(published).hasSize(1);

            kafkaDown[0] = false;
            watcher.reloadIfChanged();
            assertThat(published).as("retried with the file unchanged").containsExactly(java.util.List.of("a"),
                    java.util.List.of("a", "b"));
            watcher.reloadIfChanged();
            assertThat(published).as("once").hasSize(2);

            write(file, "services: [{name: a}, {dependsOn: [a]}]\n", 3);
            watcher.reloadIfChanged();
            assertThat(published).as("a broken file publishes nothing").hasSize(2);
        }
    }

    @Test
    void aBrokenFileAtStartUpIsAnError() throws Exception {
        Path file = dir.resolve("catalog.yaml");
        Files.writeString(file, "rules: [{match: {colour: red}, set: {env: x}}]");
        assertThatThrownBy(() -> new CatalogWatcher(file, new SimpleMeterRegistry()))
                .isInstanceOf(CatalogLoader.InvalidCatalog.class).hasMessageContaining("rules[0].match.colour");
    }

    private static void write(Path file, String yaml, int version) throws Exception {
        Files.writeString(file, yaml);
        // File systems with coarse timestamps would otherwise see no change.
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version)));
    }
}
