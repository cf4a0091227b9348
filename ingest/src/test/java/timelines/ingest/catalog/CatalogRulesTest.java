package timelines.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    void labelsAndTypeMatch() throws Exception {
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

    @ParameterizedTest(name = "labels.container: {0} against {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            checkout-api                    | checkout-api               | true
            checkout-api                    | checkout-api-canary        | false
            checkout                        | checkout-api               | false
            checkout-.*                     | checkout-api               | true
            (?!kube-state-metrics$).+       | checkout-api               | true
            (?!kube-state-metrics$).+       | kube-state-metrics         | false
            (?!kube-state-metrics$).+       | kube-state-metrics-shard-0 | true
            `api|worker`                    | worker                     | true
            `api|worker`                    | api-worker                 | false
            """)
    void aLabelMatchIsARegularExpressionOverTheWholeValue(String pattern, String value, boolean matches)
            throws Exception {
        Catalog c = catalog("rules: [{match: {labels.container: '" + pattern + "'}, set: {service: x}}]");

        assertThat(CatalogRules.judge(c.rules().get(0), signal("alertmanager", "ksm", "s", Map.of("container", value))))
                .isEqualTo(matches ? CatalogRules.Verdict.APPLIES : CatalogRules.Verdict.NO_MATCH);
    }

    @Test
    void anAbsentLabelMatchesNoPatternNotEvenOneThatTakesEverything() throws Exception {
        Catalog c = catalog("rules: [{match: {labels.deployment: '.*'}, set: {service: x}}]");

        assertThat(CatalogRules.judge(c.rules().get(0), signal("alertmanager", "ksm", "s", Map.of())))
                .isEqualTo(CatalogRules.Verdict.NO_MATCH);
    }

    @Test
    void severityMatchesTheNormalizedSeverity() throws Exception {
        Catalog c = catalog("""
                rules:
                  - match: { source: alertmanager, severity: warning }
                    set: { alerting: false }
                """);
        Signal warning = signal("alertmanager", "api", "s", Map.of("severity", "warn")).withSeverity("warning");
        Signal critical = warning.withSeverity("critical");
        Signal absent = warning.withSeverity(null);

        assertThat(CatalogRules.apply(c, warning).alerting()).isFalse();
        assertThat(CatalogRules.apply(c, critical).alerting()).isTrue();
        assertThat(CatalogRules.apply(c, absent).alerting()).isTrue();
    }

    @Test
    void aRuleSetsImpactAndSeverityAndLeavesTheRestToTheTopology() throws Exception {
        Catalog c = catalog("""
                rules:
                  - match: { labels.alertname: KubePodCrashLooping }
                    set: { impact: true }
                  - match: { labels.alertname: CPUThrottlingHigh }
                    set: { severity: warning }
                  - match: { labels.alertname: TargetDown }
                    set: { severity: critical, impact: false }
                """);
        Signal crash = CatalogRules.apply(c, signal("alertmanager", "shop", "s", Map.of("alertname",
                "KubePodCrashLooping")).withSeverity("warning"));
        Signal throttled = CatalogRules.apply(c, signal("alertmanager", "shop", "s", Map.of("alertname",
                "CPUThrottlingHigh")).withSeverity("info"));
        Signal down = CatalogRules.apply(c, signal("alertmanager", "shop", "s", Map.of("alertname", "TargetDown")));

        assertThat(crash.impact()).isTrue();
        assertThat(crash.severity()).as("untouched").isEqualTo("warning");
        assertThat(throttled.severity()).isEqualTo("warning");
        assertThat(throttled.impact()).as("derived by the topology from the new severity").isNull();
        assertThat(down.severity()).isEqualTo("critical");
        assertThat(down.impact()).as("impact set in a rule wins").isFalse();
    }

    @Test
    void aTemplateTakesTheSignalsLabelsAndFields() throws Exception {
        Catalog c = catalog("""
                rules:
                  - match: { source: alertmanager }
                    set: { service: "{labels.namespace}/{labels.deployment}", env: "{env}-{labels.cluster}" }
                  - match: { source: alertmanager }
                    set: { service: "{source}:{service}" }
                """);
        Signal out = CatalogRules.apply(c, signal("alertmanager", "kube-prometheus-stack-kube-state-metrics", "s",
                Map.of("namespace", "shop", "deployment", "checkout-api", "cluster", "eu-1")));

        assertThat(out.env()).isEqualTo("stage-eu-1");
        assertThat(out.service()).as("a later rule sees what an earlier one set").isEqualTo(
                "alertmanager:shop/checkout-api");
    }

    @Test
    void aRuleWhoseTemplateNamesWhatTheSignalLacksDoesNotApplyAtAll() throws Exception {
        Catalog c = catalog("""
                rules:
                  - match: { source: alertmanager }
                    set: { service: "{labels.deployment}", alerting: false, impact: true }
                  - match: { source: alertmanager }
                    set: { service: "{labels.statefulset}", ignore: true }
                """);
        Signal podAlert = signal("alertmanager", "kube-prometheus-stack-kube-state-metrics", "s",
                Map.of("namespace", "shop", "pod", "checkout-api-6d5f7b9c8-2xq7p"));

        assertThat(CatalogRules.judge(c.rules().get(0), podAlert)).isEqualTo(CatalogRules.Verdict.TEMPLATE_LACKS_VALUE);
        Signal out = CatalogRules.apply(c, podAlert);
        assertThat(out).as("the ignore rule did not apply either").isNotNull();
        assertThat(out.service()).isEqualTo("kube-prometheus-stack-kube-state-metrics");
        assertThat(out.alerting()).as("no key of the skipped rule is set").isTrue();
        assertThat(out.impact()).isNull();
    }

    @Test
    void aBlankLabelCountsAsAbsent() throws Exception {
        Catalog c = catalog("rules: [{match: {source: alertmanager}, set: {service: '{labels.container}'}}]");

        assertThat(CatalogRules.judge(c.rules().get(0), signal("alertmanager", "ksm", "s", Map.of("container", " "))))
                .isEqualTo(CatalogRules.Verdict.TEMPLATE_LACKS_VALUE);
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
