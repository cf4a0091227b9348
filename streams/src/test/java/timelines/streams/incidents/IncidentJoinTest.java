package timelines.streams.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.streams.incidents.Story.GRAPH;
import static timelines.streams.incidents.Story.S;
import static timelines.streams.incidents.Story.at;
import static timelines.streams.incidents.Story.outage;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.streams.episodes.Episode;

/**
 * Stage 2's merge rule (DESIGN section 5): an episode joins an incident when one of the incident's
 * services is its own or connected to it in the catalog, and it overlaps the incident or comes
 * within {@code gap} (15 min) of it. Episodes come from the real stage 1: {@code outage(service,
 * begin, end)} is a pingdom check down at {@code begin} and up at {@code end} (null: still down).
 * In {@link Story#CATALOG}, generic-upload and esr-integration depend on keycloak.
 */
class IncidentJoinTest {

    static Stream<Arguments> joins() {
        return Stream.of(
                Arguments.of("generic-upload 09:31-09:50 while keycloak, its dependency, is down 09:29-10:00",
                        List.of(outage("keycloak", "09:29", "10:00")),
                        outage("generic-upload", "09:31", "09:50"), true),
                Arguments.of("keycloak 09:31-09:50 while generic-upload, which depends on it, is down 09:29-10:00",
                        List.of(outage("generic-upload", "09:29", "10:00")),
                        outage("keycloak", "09:31", "09:50"), true),
                Arguments.of("esr-integration 09:31-09:50 during generic-upload 09:29-10:00: connected"
                                + " through keycloak",
                        List.of(outage("generic-upload", "09:29", "10:00")),
                        outage("esr-integration", "09:31", "09:50"), true),
                Arguments.of("billing 09:31-09:50 during keycloak 09:29-10:00: not connected",
                        List.of(outage("keycloak", "09:29", "10:00")),
                        outage("billing", "09:31", "09:50"), false),
                Arguments.of("search-api (not in the catalog) during keycloak 09:29-10:00",
                        List.of(outage("keycloak", "09:29", "10:00")),
                        outage("search-api", "09:31", "09:50"), false),
                Arguments.of("generic-upload from 10:15, exactly gap after keycloak's END 10:00",
                        List.of(outage("keycloak", "09:29", "10:00")),
                        outage("generic-upload", "10:15", "10:30"), true),
                Arguments.of("generic-upload from 10:15:01, a second more than gap after keycloak's END",
                        List.of(outage("keycloak", "09:29", "10:00")),
                        outage("generic-upload", "10:15:01", "10:30"), false),
                Arguments.of("generic-upload 08:00-09:14, ending exactly gap before keycloak's BEGIN 09:29",
                        List.of(outage("keycloak", "09:29", "10:00")),
                        outage("generic-upload", "08:00", "09:14"), true),
                Arguments.of("generic-upload 08:00-09:13:59, ending a second more than gap before keycloak's BEGIN",
                        List.of(outage("keycloak", "09:29", "10:00")),
                        outage("generic-upload", "08:00", "09:13:59"), false),
                Arguments.of("generic-upload from 14:00 while keycloak is still down since 09:29",
                        List.of(outage("keycloak", "09:29", null)),
                        outage("generic-upload", "14:00", "14:30"), true),
                Arguments.of("keycloak 09:29-10:00 while generic-upload is still down since 07:00",
                        List.of(outage("generic-upload", "07:00", null)),
                        outage("keycloak", "09:29", "10:00"), true),
                Arguments.of("keycloak down since 06:00, still: generic-upload 07:00-07:30 fell inside it",
                        List.of(outage("generic-upload", "07:00", "07:30")),
                        outage("keycloak", "06:00", null), true),
                Arguments.of("keycloak still down since 11:00, generic-upload 09:29-10:00 long over",
                        List.of(outage("generic-upload", "09:29", "10:00")),
                        outage("keycloak", "11:00", null), false),
                Arguments.of("esr-integration from 10:40: an hour after keycloak ended, within gap of the"
                                + " incident's end (generic-upload, with keycloak, until 10:30)",
                        List.of(outage("keycloak", "09:29", "09:40"), outage("generic-upload", "09:35", "10:30")),
                        outage("esr-integration", "10:40", "11:00"), true),
                Arguments.of("billing during an incident of keycloak and generic-upload: connected to neither",
                        List.of(outage("keycloak", "09:29", "09:40"), outage("generic-upload", "09:35", "10:30")),
                        outage("billing", "09:50", "10:00"), false));
    }

    @ParameterizedTest(name = "{0} -> joins {3}")
    @MethodSource("joins")
    void shouldJoinConnectedServicesThatOverlapOrComeWithinGap(String story, List<Episode> incident, Episode episode,
            boolean joins) {
        assertThat(IncidentJoin.joins(incident, episode, GRAPH, S.gap())).isEqualTo(joins);
    }

    @Test
    void shouldNotJoinTwoServicesWhenNoCatalogConnectsThem() {
        List<Episode> keycloak = List.of(outage("keycloak", "09:29", "10:00"));
        Episode genericUpload = outage("generic-upload", "09:31", "09:50");

        assertThat(IncidentJoin.joins(keycloak, genericUpload, GRAPH, S.gap())).isTrue();
        assertThat(IncidentJoin.joins(keycloak, genericUpload, ServiceGraph.NONE, S.gap())).isFalse();
        assertThat(IncidentJoin.joins(keycloak, outage("keycloak", "09:29", "10:00"), ServiceGraph.NONE, S.gap()))
                .as("the same service is always connected to itself").isTrue();
    }

    @Test
    void shouldJoinWhenConnectedToOneOfTheIncidentsServicesOnly() {
        // Merged under a catalog where generic-upload depended on keycloak; the catalog in force now has no edges.
        List<Episode> incident = List.of(
                outage("keycloak", "09:29", "09:40"), outage("generic-upload", "09:35", "10:30"));

        assertThat(IncidentJoin.joins(incident, outage("keycloak", "10:00", "10:10"), ServiceGraph.NONE, S.gap()))
                .isTrue();
        assertThat(IncidentJoin.joins(incident, outage("esr-integration", "10:00", "10:10"), ServiceGraph.NONE,
                S.gap())).isFalse();
    }

    @Test
    void shouldFindTheEarliestBeginOfAnIncidentsEpisodes() {
        IncidentState state = new IncidentState("inc-1", List.of(
                outage("generic-upload", "09:35", "10:30"), outage("keycloak", "09:29", "09:40")),
                3, null, null, false, false, List.of());

        assertThat(IncidentJoin.earliestBegin(state)).isEqualTo(at("09:29"));
    }
}
