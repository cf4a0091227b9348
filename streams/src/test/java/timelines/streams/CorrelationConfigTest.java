package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrelationConfigTest {
    @TempDir
    Path dir;

    @Test
    void missingKeysTakeTheDefaults() throws Exception {
        assertThat(read("")).isEqualTo(CorrelationSettings.defaults());
        assertThat(read("correlation: {}")).isEqualTo(CorrelationSettings.defaults());
    }

    @Test
    void everySettingIsRead() throws Exception {
        CorrelationSettings s = read("""
                correlation:
                  gap: PT10M
                  quiet: PT2M
                  lookback: PT12H
                  recordGrace: PT30M
                  minDuration: PT3M
                  excludedEnvs: [sandbox]
                  maxEntries: 50
                  amendHorizon: P3D
                """);
        assertThat(s).isEqualTo(new CorrelationSettings(Duration.ofMinutes(10), Duration.ofMinutes(2),
                Duration.ofHours(12), Duration.ofMinutes(30), Duration.ofMinutes(3), java.util.Set.of("sandbox"), 50,
                Duration.ofDays(3)));
    }

    @Test
    void aMistakeNamesItsKey() {
        assertThatThrownBy(() -> read("correlation: {gapp: PT1M}")).hasMessageContaining("correlation.gapp");
        assertThatThrownBy(() -> read("correlation: {gap: 15m}")).hasMessageContaining("correlation.gap")
                .hasMessageContaining("ISO-8601");
        assertThatThrownBy(() -> read("correlation: {quiet: PT0S}")).hasMessageContaining("correlation.quiet");
        assertThatThrownBy(() -> read("correlation: {maxEntries: lots}")).hasMessageContaining("correlation.maxEntries");
        assertThatThrownBy(() -> read("correlation: {excludedEnvs: stage}"))
                .hasMessageContaining("correlation.excludedEnvs");
    }

    private CorrelationSettings read(String yaml) throws Exception {
        Path f = dir.resolve("timelines.yaml");
        Files.writeString(f, yaml);
        return CorrelationConfig.read(f);
    }
}
