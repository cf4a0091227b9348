package timelines.streams.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.streams.incidents.Story.S;
import static timelines.streams.incidents.Story.at;
import static timelines.streams.incidents.Story.hm;
import static timelines.streams.incidents.Story.outage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.streams.episodes.Episode;

/**
 * Stage 2's working set of one env: each incident's span, which incident holds each episode, and
 * the look-ups that find the few incidents an episode, a change or a warning concerns. The env of
 * most stories here holds three incidents of keycloak (pingdom, through the real stage 1):
 * A 09:00-09:30, B 11:00-11:20, and C down since 12:00.
 */
class EnvIncidentsTest {
    private static final Duration GAP = S.gap();

    private static IncidentState incident(String id, Episode... episodes) {
        return new IncidentState(id, List.of(episodes), 1, null, null, false, false, List.of());
    }

    private static final Episode A = outage("keycloak", "09:00", "09:30");
    private static final Episode B = outage("keycloak", "11:00", "11:20");
    private static final Episode C = outage("keycloak", "12:00", null);

    private static EnvIncidents threeIncidents() {
        EnvIncidents env = new EnvIncidents();
        env.put(incident("C", C));
        env.put(incident("A", A));
        env.put(incident("B", B));
        return env;
    }

    // ---- spans -----------------------------------------------------------------------------------

    static Stream<Arguments> spans() {
        return Stream.of(
                Arguments.of("keycloak 09:29-10:00", List.of(outage("keycloak", "09:29", "10:00")), "09:29-10:00"),
                Arguments.of("keycloak 09:29-09:40 and generic-upload 09:35-10:30",
                        List.of(outage("keycloak", "09:29", "09:40"), outage("generic-upload", "09:35", "10:30")),
                        "09:29-10:30"),
                Arguments.of("generic-upload 09:35-10:30 and keycloak 09:29-09:40, in that order",
                        List.of(outage("generic-upload", "09:35", "10:30"), outage("keycloak", "09:29", "09:40")),
                        "09:29-10:30"),
                Arguments.of("keycloak 09:29-09:40 and generic-upload down since 09:35",
                        List.of(outage("keycloak", "09:29", "09:40"), outage("generic-upload", "09:35", null)),
                        "09:29-open"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("spans")
    void shouldSpanFromTheEarliestBeginToTheLastEndOrStayOpen(String story, List<Episode> episodes, String span) {
        EnvIncidents env = new EnvIncidents();
        env.put(new IncidentState("inc-1", episodes, 1, null, null, false, false, List.of()));

        EnvIncidents.Span s = env.span("inc-1");
        assertThat(hm(s.begin()) + "-" + (s.open() ? "open" : hm(s.end()))).isEqualTo(span);
        assertThat(EnvIncidents.Span.of(episodes)).isEqualTo(s);
        assertThat(env.openCount()).isEqualTo(s.open() ? 1 : 0);
    }

    // ---- in reach of an episode ------------------------------------------------------------------

    static Stream<Arguments> reach() {
        return Stream.of(
                Arguments.of("keycloak 09:40-09:50: 10 min after A",
                        outage("keycloak", "09:40", "09:50"), List.of("A")),
                Arguments.of("keycloak 09:45-09:50: exactly gap after A", outage("keycloak", "09:45", "09:50"),
                        List.of("A")),
                Arguments.of("keycloak 09:46-09:50: 16 min after A", outage("keycloak", "09:46", "09:50"), List.of()),
                Arguments.of("keycloak 08:00-08:45: exactly gap before A", outage("keycloak", "08:00", "08:45"),
                        List.of("A")),
                Arguments.of("keycloak 08:00-08:30: 30 min before A", outage("keycloak", "08:00", "08:30"), List.of()),
                Arguments.of("keycloak 10:50-10:55: just before B", outage("keycloak", "10:50", "10:55"), List.of("B")),
                Arguments.of("keycloak 11:50-11:55: 30 min after B, 5 min before C",
                        outage("keycloak", "11:50", "11:55"), List.of("C")),
                Arguments.of("keycloak down since 10:00: B and C, not A", outage("keycloak", "10:00", null),
                        List.of("B", "C")),
                Arguments.of("keycloak 08:50-+1 09:00: all three", outage("keycloak", "08:50", "+1 09:00"),
                        List.of("A", "B", "C")),
                Arguments.of("keycloak 14:00-14:10: only C, still open", outage("keycloak", "14:00", "14:10"),
                        List.of("C")));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("reach")
    void shouldFindTheIncidentsAnEpisodeOverlapsOrComesWithinGapOf(String story, Episode episode, List<String> ids) {
        EnvIncidents env = threeIncidents();

        assertThat(env.inOrder(env.inReach(episode, GAP))).containsExactlyElementsOf(ids);
    }

    @Test
    void shouldBeInReachExactlyWhenTheTimeHalfOfTheJoinSaysSo() {
        // Every service connected to every other: the join is then decided by time alone.
        ServiceGraph everything = (a, b) -> true;
        List<Episode> incidents = List.of(A, B, C,
                outage("billing", "10:00", "10:10"), outage("billing", "06:00", null));
        List<Episode> episodes = new ArrayList<>();
        for (String begin : List.of("05:00", "08:44", "08:45", "09:15", "09:45", "09:46", "10:25", "10:26", "11:59")) {
            episodes.add(outage("generic-upload", begin, null));
            for (int minutes : List.of(1, 14, 15, 16, 90)) {
                episodes.add(outage("generic-upload", begin,
                        hm(at(begin).plus(Duration.ofMinutes(minutes)))));
            }
        }
        EnvIncidents env = new EnvIncidents();
        for (int i = 0; i < incidents.size(); i++) {
            env.put(incident("inc-" + i, incidents.get(i)));
        }

        for (Episode episode : episodes) {
            List<String> inReach = env.inReach(episode, GAP);
            for (int i = 0; i < incidents.size(); i++) {
                assertThat(inReach.contains("inc-" + i))
                        .as("%s-%s against inc-%d", hm(episode.begin()), hm(episode.end()), i)
                        .isEqualTo(IncidentJoin.joins(List.of(incidents.get(i)), episode, everything, GAP));
            }
        }
    }

    // ---- covering a change or a warning ----------------------------------------------------------

    static Stream<Arguments> covering() {
        return Stream.of(
                Arguments.of("a deploy 02:59, more than 6 h before A", "02:59", List.of()),
                Arguments.of("a deploy 03:00, exactly 6 h before A", "03:00", List.of("A")),
                Arguments.of("a deploy 05:30: in the lookback of A and B", "05:30", List.of("A", "B")),
                Arguments.of("a deploy 09:30, at A's END", "09:30", List.of("A", "B", "C")),
                Arguments.of("a deploy 09:31, after A ended", "09:31", List.of("B", "C")),
                Arguments.of("a deploy 11:21, after B ended", "11:21", List.of("C")),
                Arguments.of("a deploy the next morning: C is still going on", "+1 09:00", List.of("C")));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("covering")
    void shouldFindTheIncidentsWhoseLookbackOrDurationCoversATime(String story, String time, List<String> ids) {
        assertThat(threeIncidents().covering(at(time), S.lookback())).containsExactlyElementsOf(ids);
    }

    // ---- order, holders, updates -----------------------------------------------------------------

    @Test
    void shouldOrderIncidentsByBeginThenIdWhateverTheOrderTheyCameIn() {
        Episode keycloak = outage("keycloak", "09:29", "10:00");
        Episode billing = outage("billing", "09:29", "09:50");
        Episode early = outage("deployer-api", "08:00", "08:10");
        EnvIncidents one = new EnvIncidents();
        one.put(incident("inc-b", keycloak));
        one.put(incident("inc-a", billing));
        one.put(incident("inc-z", early));
        EnvIncidents other = new EnvIncidents();
        other.put(incident("inc-z", early));
        other.put(incident("inc-a", billing));
        other.put(incident("inc-b", keycloak));

        assertThat(one.all()).containsExactly("inc-z", "inc-a", "inc-b");
        assertThat(other.all()).isEqualTo(one.all());
        assertThat(one.inOrder(List.of("inc-b", "inc-a", "inc-z"))).containsExactly("inc-z", "inc-a", "inc-b");
    }

    static Stream<Arguments> merges() {
        return Stream.of(Arguments.of("merged first, then the absorbed one removed", true),
                Arguments.of("absorbed one removed first, then the merged one put", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("merges")
    void shouldKnowWhichIncidentHoldsAnEpisodeAfterAMerge(String story, boolean putFirst) {
        // keycloak's incident absorbs generic-upload's, which a later keycloak episode connected it to.
        Episode keycloak = outage("keycloak", "09:29", "10:00");
        Episode genericUpload = outage("generic-upload", "09:31", "09:50");
        EnvIncidents env = new EnvIncidents();
        env.put(incident("inc-k", keycloak));
        env.put(incident("inc-g", genericUpload));
        assertThat(env.holderOf(genericUpload.id())).isEqualTo("inc-g");

        if (putFirst) {
            env.put(incident("inc-k", keycloak, genericUpload));
            env.remove("inc-g");
        } else {
            env.remove("inc-g");
            env.put(incident("inc-k", keycloak, genericUpload));
        }

        assertThat(env.holderOf(keycloak.id())).isEqualTo("inc-k");
        assertThat(env.holderOf(genericUpload.id())).isEqualTo("inc-k");
        assertThat(env.get("inc-g")).isNull();
        assertThat(env.span("inc-g")).isNull();
        assertThat(env.all()).containsExactly("inc-k");
        assertThat(env.inReach(genericUpload, GAP)).containsExactly("inc-k");
    }

    @Test
    void shouldLeaveTheOpenIndexWhenAnIncidentEnds() {
        EnvIncidents env = new EnvIncidents();
        env.put(incident("inc-1", outage("keycloak", "09:29", null)));
        assertThat(env.openCount()).isEqualTo(1);
        Episode at14 = outage("generic-upload", "14:00", "14:10");
        assertThat(env.inReach(at14, GAP)).containsExactly("inc-1");

        env.put(incident("inc-1", outage("keycloak", "09:29", "10:00")));

        assertThat(env.openCount()).isZero();
        assertThat(env.inReach(at14, GAP)).isEmpty();
        assertThat(env.inReach(outage("generic-upload", "10:10", "10:20"), GAP)).containsExactly("inc-1");
    }

    @Test
    void shouldForgetAnIncidentsOldEndWhenItsEndMoves() {
        // An amended episode can end earlier than first thought: 10:00, then 09:40.
        EnvIncidents env = new EnvIncidents();
        Episode later = outage("keycloak", "09:29", "10:00");
        env.put(incident("inc-1", later));
        Episode at1010 = outage("generic-upload", "10:10", "10:20");
        assertThat(env.inReach(at1010, GAP)).containsExactly("inc-1");

        Episode earlier = outage("keycloak", "09:29", "09:40");
        env.put(incident("inc-1", earlier));

        assertThat(env.inReach(at1010, GAP)).isEmpty();
        assertThat(env.inReach(outage("generic-upload", "09:50", "09:55"), GAP)).containsExactly("inc-1");
        assertThat(env.span("inc-1").end()).isEqualTo(at("09:40"));
    }

    @Test
    void shouldForgetEverythingOfARemovedIncident() {
        EnvIncidents env = threeIncidents();
        env.built(IncidentBuilder.header("C", List.of(C), List.of(), null, S));

        env.remove("C");

        assertThat(env.get("C")).isNull();
        assertThat(env.span("C")).isNull();
        assertThat(env.lastBuilt("C")).isNull();
        assertThat(env.holderOf(C.id())).isNull();
        assertThat(env.openCount()).isZero();
        assertThat(env.all()).containsExactly("A", "B");
        assertThat(env.inReach(outage("keycloak", "14:00", "14:10"), GAP)).isEmpty();
        assertThat(env.covering(at("+1 09:00"), S.lookback())).isEmpty();

        env.remove("A");
        env.remove("B");
        assertThat(env.isEmpty()).isTrue();
    }
}
