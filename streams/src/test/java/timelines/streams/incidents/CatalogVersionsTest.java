package timelines.streams.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogVersion;

class CatalogVersionsTest {
    static final Catalog UNCONNECTED = new Catalog("prod", List.of(new Catalog.Service("keycloak", List.of()),
            new Catalog.Service("generic-upload", List.of())), List.of());
    static final Catalog CONNECTED = new Catalog("prod", List.of(new Catalog.Service("keycloak", List.of()),
            new Catalog.Service("generic-upload", List.of("keycloak"))), List.of());
    static final Instant T0 = Instant.parse("2021-07-20T12:00:00Z");
    static final CatalogVersion V1 = CatalogVersion.of(UNCONNECTED, Instant.EPOCH, T0.minusSeconds(86_400), "streams");
    static final CatalogVersion V2 = CatalogVersion.of(CONNECTED, T0, T0.minusSeconds(30), "ingest");
    /** V1's content published again later (the file changed back): the same version id. */
    static final CatalogVersion V1_AGAIN = CatalogVersion.of(UNCONNECTED, T0.plusSeconds(3600), T0, "streams");

    static Stream<Arguments> inForce() {
        return Stream.of(
                // versions (in any order), at, version in force, reason, upload ~ keycloak
                Arguments.of(List.of(), T0, null, CatalogVersions.Reason.NONE_YET, false),
                Arguments.of(List.of(V2), T0.minusMillis(1), null, CatalogVersions.Reason.NONE_YET, false),
                Arguments.of(List.of(V2, V1), T0.minusMillis(1), V1.version(),
                        CatalogVersions.Reason.LATEST_EFFECTIVE, false),
                Arguments.of(List.of(V2, V1), T0, V2.version(), CatalogVersions.Reason.LATEST_EFFECTIVE, true),
                Arguments.of(List.of(V1_AGAIN, V2, V1), T0.plusSeconds(1800), V2.version(),
                        CatalogVersions.Reason.LATEST_EFFECTIVE, true),
                Arguments.of(List.of(V1_AGAIN, V2, V1), T0.plusSeconds(3600), V1.version(),
                        CatalogVersions.Reason.LATEST_EFFECTIVE, false));
    }

    @ParameterizedTest
    @MethodSource
    void inForce(List<CatalogVersion> versions, Instant at, String version, CatalogVersions.Reason reason,
            boolean connected) {
        CatalogVersions.InForce f = CatalogVersions.of(versions).at(at);

        assertThat(f.version()).isEqualTo(version);
        assertThat(f.reason()).isEqualTo(reason);
        assertThat(f.graph().connected("generic-upload", "keycloak")).isEqualTo(connected);
    }

    @Test
    void twoVersionsInForceFromTheSameInstantAreOrderedByIdOnEveryInstance() {
        CatalogVersion a = CatalogVersion.of(UNCONNECTED, T0, T0, "a");
        CatalogVersion b = CatalogVersion.of(CONNECTED, T0, T0, "b");
        String greater = a.version().compareTo(b.version()) > 0 ? a.version() : b.version();

        assertThat(CatalogVersions.of(List.of(a, b)).at(T0).version()).isEqualTo(greater);
        assertThat(CatalogVersions.of(List.of(b, a)).at(T0).version()).isEqualTo(greater);
    }

    @Test
    void aRevisionIsRebuiltWithTheGraphOfTheVersionItNames() {
        CatalogVersions versions = CatalogVersions.of(List.of(V1, V2));

        assertThat(versions.graph(V2.version()).dependenciesOf("generic-upload")).containsExactly("keycloak");
        assertThat(versions.graph(V1.version()).dependenciesOf("generic-upload")).isEmpty();
        assertThat(versions.graph(null).connected("generic-upload", "keycloak")).isFalse();
        assertThat(versions.graph("0000000000000000").connected("generic-upload", "keycloak")).isFalse();
    }

    static Stream<Arguments> late() {
        return Stream.of(
                // known before, known now, decided up to, late
                Arguments.of(List.of(), List.of(V1, V2), null, List.of()),
                Arguments.of(List.of(V1), List.of(V1, V2), T0.minusMillis(1), List.of()),
                Arguments.of(List.of(V1), List.of(V1, V2), T0, List.of(V2)),
                Arguments.of(List.of(V1, V2), List.of(V1, V2), T0.plusSeconds(60), List.of()),
                Arguments.of(List.of(), List.of(V1), T0, List.of(V1)));
    }

    @ParameterizedTest
    @MethodSource
    void late(List<CatalogVersion> before, List<CatalogVersion> now, Instant decidedUpTo, List<CatalogVersion> late) {
        assertThat(CatalogVersions.of(now).arrivedLate(CatalogVersions.of(before), decidedUpTo))
                .containsExactlyElementsOf(late);
    }

    @Test
    void aVersionThatCannotBeReadIsLeftOut() {
        CatalogVersion unreadable = new CatalogVersion("ffffffffffffffff", T0.minusSeconds(1), T0, "future",
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put("rules", "all"));

        CatalogVersions versions = CatalogVersions.of(List.of(V1, unreadable));
        assertThat(versions.size()).isEqualTo(1);
        assertThat(versions.at(T0).version()).isEqualTo(V1.version());
    }
}
