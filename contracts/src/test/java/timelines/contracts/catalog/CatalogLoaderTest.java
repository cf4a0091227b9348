package timelines.contracts.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CatalogLoaderTest {
    @TempDir
    Path dir;

    static final String DESIGN_EXAMPLE = """
            defaults: { env: prod }
            services:
              - name: keycloak
              - name: generic-upload
                dependsOn: [keycloak]
              - name: esr
                dependsOn: [keycloak, amazonmq]
            rules:
              - match: { source: sentry, service: tis-generic-upload }
                set: { service: generic-upload }
              - match: { source: sentry, summary: "(?i)channel error|AmqpIOException" }
                set: { service: amazonmq }
              - match: { source: cloudwatch, labels.account: "123456789012" }
                set: { env: prod }
            """;

    @Test
    void readsTheDesignExample() throws Exception {
        Catalog c = load(DESIGN_EXAMPLE);
        assertThat(c.defaultEnv()).isEqualTo("prod");
        assertThat(c.services()).extracting(Catalog.Service::name).containsExactly("keycloak", "generic-upload", "esr");
        assertThat(c.rules()).hasSize(3);
        assertThat(c.rules().get(1).patterns().get("summary").matcher("Channel shutdown: CHANNEL ERROR").find())
                .isTrue();
        assertThat(c.rules().get(2).patterns().get("labels.account").matcher("123456789012").matches()).isTrue();
    }

    @Test
    void namesItsDefaultEnvAndThePlainEnvsItsRulesMatchOrSetButNoTemplate() throws Exception {
        Catalog c = load("""
                defaults: { env: live }
                rules:
                  - match: { env: stage }
                    set: { service: api }
                  - match: { source: cloudwatch }
                    set: { env: prod }
                  - match: { source: alertmanager }
                    set: { env: "kube-{labels.namespace}" }
                """);
        assertThat(c.envs()).containsExactly("live", "prod", "stage");
        assertThat(Catalog.EMPTY.envs()).containsExactly("prod");
    }

    @Test
    void servicesSharingADependencyAreConnectedEitherWayAndTransitively() throws Exception {
        Catalog c = load(DESIGN_EXAMPLE);
        assertThat(c.connected("generic-upload", "keycloak")).isTrue();
        assertThat(c.connected("keycloak", "generic-upload")).isTrue();
        assertThat(c.connected("generic-upload", "esr")).isTrue();
        assertThat(c.connected("generic-upload", "amazonmq")).isTrue();
        assertThat(c.connected("generic-upload", "billing")).isFalse();
        assertThat(c.connected("billing", "billing")).isTrue();
        assertThat(c.dependenciesOf("esr")).containsExactly("amazonmq", "keycloak");
        assertThat(c.dependenciesOf("keycloak")).isEmpty();
    }

    @Test
    void anEmptyFileIsAnEmptyCatalogWithTheDefaultEnv() throws Exception {
        assertThat(load("")).isEqualTo(Catalog.EMPTY);
        assertThat(Catalog.EMPTY.defaultEnv()).isEqualTo("prod");
    }

    @Test
    void everyMistakeNamesItsKey() {
        assertThatThrownBy(() -> load("servces: []")).hasMessageContaining("unknown key 'servces'");
        assertThatThrownBy(() -> load("services: [{dependsOn: [a]}]")).hasMessageContaining("services[0].name");
        assertThatThrownBy(() -> load("services: [{name: a, dependsOn: b}]"))
                .hasMessageContaining("services[0].dependsOn");
        assertThatThrownBy(() -> load("rules: [{match: {colour: red}, set: {env: x}}]"))
                .hasMessageContaining("rules[0].match.colour");
        assertThatThrownBy(() -> load("rules: [{match: {source: a}, set: {owner: x}}]"))
                .hasMessageContaining("rules[0].set.owner");
        assertThatThrownBy(() -> load("rules: [{match: {source: a}}]")).hasMessageContaining("rules[0].set");
        assertThatThrownBy(() -> load("rules: [{match: {summary: \"(unclosed\"}, set: {env: x}}]"))
                .hasMessageContaining("rules[0].match.summary");
        assertThatThrownBy(() -> load("services: [a: [b")).isInstanceOf(CatalogLoader.InvalidCatalog.class)
                .hasMessageContaining("catalog.yaml");
    }

    /** Each bad rule is refused at load, named by its place, so no signal ever meets it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            match: {labels.container: "(?!kube-state-metrics"}, set: {env: x}       | rules[0].match.labels.container is not a valid regular expression
            match: {labels.: x}, set: {env: x}                                       | rules[0].match.labels. names no label
            match: {severity: sev1}, set: {env: x}                                   | rules[0].match.severity must be one of critical, error, warning, info; was 'sev1'
            match: {type: FIRING}, set: {env: x}                                     | rules[0].match.type must be one of FAILING
            set: {severity: none}                                                    | rules[0].set.severity must be one of critical, error, warning, info; was 'none'
            set: {impact: maybe}                                                     | rules[0].set.impact must be true or false; was 'maybe'
            set: {alerting: "no"}                                                    | rules[0].set.alerting must be true or false
            set: {ignore: 1}                                                         | rules[0].set.ignore must be true or false
            set: {service: "{labels.container"}                                      | rules[0].set.service: '{' at position 0 is not closed
            set: {service: "{namespace}"}                                            | rules[0].set.service: {namespace} names no field of a signal
            set: {env: "}prod"}                                                      | rules[0].set.env: '}' at position 0 closes no '{'
            set: {service: ""}                                                       | rules[0].set.service is empty
            set: {service: }                                                         | rules[0].set.service has no value
            match: {source: a}, set: {env: x}, stop: true                            | rules[0].stop is not a rule key (match, set)
            """)
    void aBadRuleIsALoadErrorNamingTheRule(String rule, String message) {
        assertThatThrownBy(() -> load("rules:\n  - { match: {source: ok}, set: {env: ok} }\n  - {" + rule + "}"))
                .isInstanceOf(CatalogLoader.InvalidCatalog.class)
                .hasMessageContaining(message.replace("rules[0]", "rules[1]"));
    }

    @Test
    void readsTheKubernetesKeys() throws Exception {
        Catalog c = load("""
                rules:
                  - match: { source: alertmanager, labels.container: "(?!kube-state-metrics$).+", severity: WARNING }
                    set: { service: "{labels.container}", severity: Critical, impact: True }
                """);
        Rule r = c.rules().get(0);
        assertThat(r.match()).containsEntry("severity", "warning");
        assertThat(r.set()).containsEntry("severity", "critical").containsEntry("impact", "true");
        assertThat(r.templates().get("service").parts())
                .containsExactly(new Template.Reference("labels.container"));
        assertThat(r.patterns().get("labels.container").matcher("checkout-api").matches()).isTrue();
        assertThat(r.patterns().get("labels.container").matcher("kube-state-metrics").matches()).isFalse();
        assertThat(r.patterns().get("labels.container").matcher("kube-state-metrics-shard").matches()).isTrue();
    }

    private Catalog load(String yaml) throws Exception {
        Path f = dir.resolve("catalog.yaml");
        Files.writeString(f, yaml);
        return CatalogLoader.load(f);
    }
}
