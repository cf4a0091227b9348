package timelines.contracts.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
        assertThat(c.rules().get(1).summaryPattern().matcher("Channel shutdown: CHANNEL ERROR").find()).isTrue();
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

    private Catalog load(String yaml) throws Exception {
        Path f = dir.resolve("catalog.yaml");
        Files.writeString(f, yaml);
        return CatalogLoader.load(f);
    }
}
