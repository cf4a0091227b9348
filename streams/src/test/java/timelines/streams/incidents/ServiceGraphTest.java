package timelines.streams.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import timelines.contracts.catalog.Catalog;

class ServiceGraphTest {
    static final Catalog CATALOG = new Catalog("prod", List.of(
            new Catalog.Service("keycloak", List.of()),
            new Catalog.Service("generic-upload", List.of("keycloak")),
            new Catalog.Service("esr-integration", List.of("keycloak", "esr-amqp")),
            new Catalog.Service("esr-amqp", List.of()),
            new Catalog.Service("billing", List.of("billing-db")),
            new Catalog.Service("tis-admin-ui", List.of())), List.of());
    static final List<String> NAMES = List.of("keycloak", "generic-upload", "esr-integration", "esr-amqp", "billing",
            "billing-db", "tis-admin-ui", "not-in-the-catalog");

    @Test
    void shouldAnswerAsTheCatalogDoesForEveryPairOfServices() {
        ServiceGraph graph = ServiceGraph.of(() -> CATALOG);
        for (String a : NAMES) {
            assertThat(graph.dependenciesOf(a)).as("dependencies of %s", a)
                    .containsExactlyElementsOf(CATALOG.dependenciesOf(a));
            for (String b : NAMES) {
                assertThat(graph.connected(a, b)).as("%s ~ %s", a, b).isEqualTo(CATALOG.connected(a, b));
            }
        }
        assertThat(graph.connected("generic-upload", "esr-amqp")).isTrue();
        assertThat(graph.connected("billing", "keycloak")).isFalse();
        assertThat(graph.connected("not-in-the-catalog", "not-in-the-catalog")).isTrue();
    }

    @Test
    void shouldFollowTheCatalogWhenItIsReloaded() {
        AtomicReference<Catalog> inForce = new AtomicReference<>(CATALOG);
        ServiceGraph graph = ServiceGraph.of(inForce::get);
        assertThat(graph.connected("billing", "keycloak")).isFalse();
        assertThat(graph.dependenciesOf("billing")).containsExactly("billing-db");

        inForce.set(new Catalog("prod", List.of(new Catalog.Service("billing", List.of("keycloak"))), List.of()));

        assertThat(graph.connected("billing", "keycloak")).isTrue();
        assertThat(graph.connected("generic-upload", "keycloak")).isFalse();
        assertThat(graph.dependenciesOf("billing")).containsExactly("keycloak");
    }
}
