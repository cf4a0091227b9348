package timelines.streams.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.streams.incidents.Story.GRAPH;
import static timelines.streams.incidents.Story.S;
import static timelines.streams.incidents.Story.ack;
import static timelines.streams.incidents.Story.failing;
import static timelines.streams.incidents.Story.recovered;
import static timelines.streams.incidents.Story.resolved;
import static timelines.streams.incidents.Story.warning;

import java.util.List;
import org.junit.jupiter.api.Test;
import timelines.contracts.Incident;
import timelines.contracts.Marker;
import timelines.contracts.SignalType;
import timelines.streams.incidents.Story.Sig;
import timelines.streams.incidents.Story.Stage1;

/** DESIGN 5a: an outage's markers over impact evidence only; warnings stay unmarked lines. */
class OutageMarkersTest {

    private static Incident build(Stage1 stage) {
        return IncidentBuilder.build("inc-1", stage.episodes(), stage.context(List.of()), GRAPH, null, S);
    }

    private static List<String> marked(Incident i) {
        return i.entries().stream().filter(e -> e.marker() != null).map(Story::line).toList();
    }

    @Test
    void shouldMarkTheImpactLinesNotAWarningThatBeganAndEndedInTheSameSecond() {
        Incident incident = build(Stage1.of(List.of(
                warning("keycloak", "09:29", "KeycloakHighLatency"),
                failing("keycloak", "09:29").alerting(),
                recovered("keycloak", "10:00"),
                resolved("keycloak", "10:00", "KeycloakHighLatency"))).tick("10:10"));

        assertThat(marked(incident)).containsExactly(
                "09:29 BEGIN FAILING pingdom: keycloak is down",
                "09:29 DETECT - pingdom: Detected: keycloak is down",
                "10:00 END RECOVERED pingdom: keycloak is up");
        assertThat(incident.title()).isEqualTo("keycloak in prod, 2016-09-05: keycloak is down");
    }

    @Test
    void shouldNotTakeTheAckOfAWarningPageBeforeTheOutageBeganForTheOutagesAck() {
        // KeycloakDiskFilling paged 09:00 and was acked 09:05; keycloak went down 09:29 (paged 09:31), nobody acked.
        Incident incident = build(Stage1.of(List.of(
                warning("keycloak", "09:00", "KeycloakDiskFilling"),
                ack("keycloak", "09:05"),
                failing("keycloak", "09:29").alerting().received("09:31"),
                recovered("keycloak", "10:00"),
                resolved("keycloak", "10:00", "KeycloakDiskFilling"))).tick("10:10"));

        assertThat(incident.outage()).isTrue();
        assertThat(incident.ack()).as("ACK of the outage").isNull();
        assertThat(incident.timeToAcknowledgeSeconds()).as("time to acknowledge the outage").isNull();
        assertThat(incident.entries()).noneMatch(e -> e.marker() == Marker.ACK);
    }

    @Test
    void shouldMarkBeginWhenACheckEscalatesFromWarningToCriticalUnderTheSameSummary() {
        // One generic check: warning at 09:00, critical at 09:29, same summary; recovered 10:00.
        Incident incident = build(Stage1.of(List.of(
                new Sig(SignalType.FAILING, "keycloak", "09:00").source("generic").check("kc-latency")
                        .severity("warning").summary("keycloak p99 latency high").alerting(),
                new Sig(SignalType.FAILING, "keycloak", "09:29").source("generic").check("kc-latency")
                        .severity("critical").summary("keycloak p99 latency high").alerting(),
                new Sig(SignalType.RECOVERED, "keycloak", "10:00").source("generic").check("kc-latency")
                        .summary("keycloak p99 latency ok"))).tick("10:10"));

        assertThat(incident.begin()).isEqualTo(Story.at("09:29"));
        assertThat(incident.entries()).filteredOn(e -> e.marker() == Marker.BEGIN).singleElement()
                .satisfies(e -> assertThat(e.at()).isEqualTo(Story.at("09:29")));
        assertThat(incident.title()).isEqualTo("keycloak in prod, 2016-09-05: keycloak p99 latency high");
    }
}
