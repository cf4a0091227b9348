package timelines.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;

class CatalogRulesTest {
    static final Instant T = Instant.parse("2023-03-06T07:26:00Z");

    @TempDir
    Path dir;

    @Test
    void rulesApplyInOrderAndAllMatchingRulesApply() throws Exception {
        Catalog c = catalog("""
                rules:
                  - match: { source: sentry, service: tis-esr-service }
                    set: { service: esr }
                  - match: { source: sentry, summary: "(?i)channel error" }
                    set: { service: amazonmq, severity: critical }
                  - match: { service: amazonmq }
                    set: { alerting: "false" }
                """);
        Signal out = CatalogRules.apply(c, signal("sentry", "tis-esr-service",
                "Channel shutdown: channel error; protocol method", Map.of()));
        assertThat(out.service()).isEqualTo("amazonmq");
        assertThat(out.severity()).isEqualTo("critical");
        assertThat(out.alerting()).isFalse();
        assertThat(out.id()).as("rules never change the identity").isEqualTo("id-1");
    }

    @Test
    void labelsAndTypeMatchExactly() throws Exception {
        Catalog c = catalog("""
                rules:
                  - match: { source: cloudwatch, labels.account: "123456789012", type: failing }
                    set: { env: prod }
                """);
        assertThat(CatalogRules.apply(c, signal("cloudwatch", "alb", "x", Map.of("account", "123456789012"))).env())
                .isEqualTo("prod");
        assertThat(CatalogRules.apply(c, signal("cloudwatch", "alb", "x", Map.of("account", "999"))).env())
                .isEqualTo("stage");
    }

    @Test
    void anIgnoreRuleDropsTheSignal() throws Exception {
        Catalog c = catalog("""
                rules:
                  - match: { service: canary }
                    set: { ignore: "true" }
                """);
        assertThat(CatalogRules.apply(c, signal("pingdom", "canary", "down", Map.of()))).isNull();
        assertThat(CatalogRules.apply(c, signal("pingdom", "api", "down", Map.of()))).isNotNull();
    }

    private Catalog catalog(String yaml) throws Exception {
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        return CatalogLoader.load(f);
    }

    private static Signal signal(String source, String service, String summary, Map<String, String> labels) {
        return new Signal("id-1", source, SignalType.FAILING, "stage", service, "check-1", T, T, true, null, summary,
                null, labels, false);
    }
}
