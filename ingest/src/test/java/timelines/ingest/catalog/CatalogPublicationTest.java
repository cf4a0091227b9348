package timelines.ingest.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogVersion;

class CatalogPublicationTest {
    static final Catalog A = new Catalog("prod", List.of(new Catalog.Service("keycloak", List.of())), List.of());
    static final Catalog B = new Catalog("prod", List.of(new Catalog.Service("keycloak", List.of()),
            new Catalog.Service("generic-upload", List.of("keycloak"))), List.of());
    static final Instant NOW = Instant.parse("2026-12-03T07:00:00Z");
    static final Duration DELAY = Duration.ofSeconds(30);

    static Stream<Arguments> cases() {
        CatalogVersion aFirst = CatalogVersion.of(A, Instant.EPOCH, NOW.minusSeconds(3600), "streams");
        CatalogVersion bAhead = CatalogVersion.of(B, NOW.plusSeconds(60), NOW, "ingest");
        return Stream.of(
                // loaded, newest on the topic, outcome, in force from
                Arguments.of("an empty topic: in force from the beginning", A, null,
                        CatalogPublication.Outcome.FIRST, Instant.EPOCH),
                Arguments.of("the newest already: nothing sent", A, aFirst,
                        CatalogPublication.Outcome.UNCHANGED, null),
                Arguments.of("changed: from now plus the delay", B, aFirst,
                        CatalogPublication.Outcome.CHANGED, NOW.plus(DELAY)),
                Arguments.of("changed back while the newest is still ahead: after it", A, bAhead,
                        CatalogPublication.Outcome.CHANGED, NOW.plusSeconds(60).plusMillis(1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String story, Catalog loaded, CatalogVersion newest, CatalogPublication.Outcome outcome,
            Instant from) {
        CatalogPublication.Decision d = CatalogPublication.decide(loaded, newest, NOW, DELAY, "streams");

        assertThat(d.outcome()).isEqualTo(outcome);
        if (from == null) {
            assertThat(d.publish()).isNull();
        } else {
            assertThat(d.publish().effectiveFrom()).isEqualTo(from);
            assertThat(d.publish().version()).isEqualTo(CatalogVersion.versionOf(loaded));
            assertThat(d.publish().publishedAt()).isEqualTo(NOW);
            assertThat(d.publish().parsed().connected("generic-upload", "keycloak"))
                    .isEqualTo(loaded.connected("generic-upload", "keycloak"));
        }
    }

    @org.junit.jupiter.api.Test
    void theNewestIsTheLatestInForceWhateverTheOrderRead() {
        CatalogVersion first = CatalogVersion.of(A, Instant.EPOCH, NOW, "streams");
        CatalogVersion second = CatalogVersion.of(B, NOW.plus(DELAY), NOW, "ingest");
        CatalogVersion sameAsFirstLater = CatalogVersion.of(A, NOW.plusSeconds(90), NOW, "replay");

        assertThat(CatalogPublisher.newest(List.of(second, first))).isEqualTo(second);
        assertThat(CatalogPublisher.newest(List.of(sameAsFirstLater, second, first))).isEqualTo(sameAsFirstLater);
        assertThat(CatalogPublisher.newest(List.of())).isNull();
    }
}
