package timelines.contracts.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.JsonSerde;
import timelines.contracts.Topics;

class CatalogVersionTest {
    @TempDir
    Path dir;

    /** DESIGN section 6's example. */
    static final String DESIGN_EXAMPLE = """
            defaults: { env: prod }
            services:
              - name: keycloak
              - name: generic-upload
                dependsOn: [keycloak]
            rules:
              - match: { source: sentry, service: tis-generic-upload }
                set: { service: generic-upload }
              - match: { source: cloudwatch, labels.account: "123456789012" }
                set: { env: prod, alerting: "true" }
            """;

    /** The same catalog written differently: comments, flow style, a rule's keys in another order. */
    static final String SAME_REWRITTEN = """
            # reviewed 2026-12-01
            defaults:
              env: prod
            services: [{name: keycloak}, {name: generic-upload, dependsOn: [keycloak]}]
            rules:
              - set: { service: generic-upload }
                match: { service: tis-generic-upload, source: sentry }
              - match: { labels.account: "123456789012", source: cloudwatch }
                set: { alerting: "true", env: prod }
            """;

    @Test
    void theSameCatalogWrittenDifferentlyIsOneVersion() throws Exception {
        assertThat(CatalogVersion.versionOf(load(SAME_REWRITTEN))).isEqualTo(CatalogVersion.versionOf(load(DESIGN_EXAMPLE)))
                .hasSize(16).matches("[0-9a-f]{16}");
    }

    @Test
    void aChangedDependencyOrRuleOrderIsAnotherVersion() throws Exception {
        String base = CatalogVersion.versionOf(load(DESIGN_EXAMPLE));

        assertThat(CatalogVersion.versionOf(load(DESIGN_EXAMPLE.replace("dependsOn: [keycloak]", "dependsOn: []"))))
                .isNotEqualTo(base);
        assertThat(CatalogVersion.versionOf(load("""
                defaults: { env: prod }
                services: [{name: keycloak}, {name: generic-upload, dependsOn: [keycloak]}]
                rules:
                  - match: { source: cloudwatch, labels.account: "123456789012" }
                    set: { env: prod, alerting: "true" }
                  - match: { source: sentry, service: tis-generic-upload }
                    set: { service: generic-upload }
                """))).as("rules apply in order").isNotEqualTo(base);
    }

    @Test
    void aVersionSurvivesTheWireAndReadsBackAsTheSameCatalog() throws Exception {
        Catalog catalog = load(DESIGN_EXAMPLE);
        CatalogVersion v = CatalogVersion.of(catalog, Instant.parse("2026-12-03T07:00:30Z"),
                Instant.parse("2026-12-03T07:00:00Z"), "streams");
        JsonSerde<CatalogVersion> serde = JsonSerde.of(CatalogVersion.class);

        CatalogVersion read = serde.deserialize(Topics.CATALOG, serde.serialize(Topics.CATALOG, v));
        assertThat(read).isEqualTo(v);
        assertThat(read.key()).isEqualTo("2026-12-03T07:00:30Z|" + v.version());
        Catalog back = read.parsed();
        assertThat(back.defaultEnv()).isEqualTo("prod");
        assertThat(back.services()).isEqualTo(catalog.services());
        assertThat(back.rules()).extracting(Rule::match).containsExactlyElementsOf(
                catalog.rules().stream().map(Rule::match).toList());
        assertThat(back.rules()).extracting(Rule::set).containsExactlyElementsOf(
                catalog.rules().stream().map(Rule::set).toList());
        assertThat(CatalogVersion.versionOf(back)).isEqualTo(v.version());
    }

    private Catalog load(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "catalog", ".yaml");
        Files.writeString(file, yaml);
        return CatalogLoader.load(file);
    }
}
