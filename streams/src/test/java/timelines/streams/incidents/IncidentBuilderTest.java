package timelines.streams.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.streams.incidents.Story.GRAPH;
import static timelines.streams.incidents.Story.S;
import static timelines.streams.incidents.Story.ack;
import static timelines.streams.incidents.Story.at;
import static timelines.streams.incidents.Story.change;
import static timelines.streams.incidents.Story.envRecord;
import static timelines.streams.incidents.Story.error;
import static timelines.streams.incidents.Story.failing;
import static timelines.streams.incidents.Story.hm;
import static timelines.streams.incidents.Story.incidentRecord;
import static timelines.streams.incidents.Story.line;
import static timelines.streams.incidents.Story.maintenance;
import static timelines.streams.incidents.Story.recovered;
import static timelines.streams.incidents.Story.report;
import static timelines.streams.incidents.Story.resolved;
import static timelines.streams.incidents.Story.silence;
import static timelines.streams.incidents.Story.warning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.Incident;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Incident.Entry;
import timelines.contracts.IncidentStatus;
import timelines.contracts.Marker;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.SignalType;
import timelines.streams.CorrelationSettings;
import timelines.streams.episodes.Episode;
import timelines.streams.episodes.MonitoringSilence;
import timelines.streams.incidents.Story.Sig;
import timelines.streams.incidents.Story.Stage1;

/**
 * Stage 2's derivation of one incident (DESIGN sections 5 and 5a): the signals in, through the real
 * stage 1, and the incident out, its markers, durations, trigger candidates, early warnings and
 * timeline. Settings at their defaults (gap 15 min, quiet 5 min, lookback 6 h) unless a case says.
 */
class IncidentBuilderTest {

    private static Incident build(Stage1 stage, List<Record> records) {
        return build(stage.episodes(), stage.context(records));
    }

    private static Incident build(List<Episode> episodes, EnvContext context) {
        return IncidentBuilder.build("inc-1", episodes, context, GRAPH, null, S);
    }

    /** The markers, status and durations of an incident in one line, as the draft's header reads. */
    private static String markers(Incident i) {
        return i.status() + " begin " + hm(i.begin()) + " detect " + hm(i.detect()) + " ack " + hm(i.ack())
                + " recorded " + hm(i.recorded()) + " end " + hm(i.end()) + (i.endInferred() ? " (inferred)" : "")
                + " | to detect " + secs(i.timeToDetectSeconds()) + ", ack " + secs(i.timeToAcknowledgeSeconds())
                + ", record " + secs(i.timeToRecordSeconds()) + ", recover " + secs(i.timeToRecoverSeconds());
    }

    private static String secs(Long s) {
        return s == null ? "-" : s + "s";
    }

    private static List<String> timeline(Incident i) {
        return i.entries().stream().map(Story::line).toList();
    }

    private static List<String> marked(Incident i) {
        return i.entries().stream().filter(e -> e.marker() != null).map(Story::line).toList();
    }

    // ---- markers and durations -------------------------------------------------------------------

    static Stream<Arguments> markerStories() {
        return Stream.of(
                Arguments.of("seed 003: pingdom down 09:29, paged 09:29:04, up 10:00",
                        List.of(failing("deployer-api", "09:29").alerting().received("09:29:04"),
                                recovered("deployer-api", "10:00")),
                        List.of(), "10:06",
                        "RESOLVED begin 09:29 detect 09:29:04 ack - recorded - end 10:00"
                                + " | to detect 4s, ack -, record -, recover 1860s"),
                Arguments.of("pingdom down 09:29, paged 09:31, acked 09:40, recorded 09:45, up 10:00",
                        List.of(failing("deployer-api", "09:29").alerting().received("09:31"),
                                ack("deployer-api", "09:40"), recovered("deployer-api", "10:00")),
                        List.of(incidentRecord("JIRA-1", "deployer-api", "09:45")), "10:06",
                        "RESOLVED begin 09:29 detect 09:31 ack 09:40 recorded 09:45 end 10:00"
                                + " | to detect 120s, ack 540s, record 960s, recover 1860s"),
                Arguments.of("pingdom down 09:29, still down at 09:50",
                        List.of(failing("deployer-api", "09:29").alerting()), List.of(), "09:50",
                        "OPEN begin 09:29 detect 09:29 ack - recorded - end -"
                                + " | to detect 0s, ack -, record -, recover -"),
                Arguments.of("pingdom down 09:29, up 10:00, quiet not passed at 10:04",
                        List.of(failing("deployer-api", "09:29"), recovered("deployer-api", "10:00")), List.of(),
                        "10:04",
                        "OPEN begin 09:29 detect - ack - recorded - end - | to detect -, ack -, record -, recover -"),
                Arguments.of("sentry errors 09:29, 09:35, 09:40, then nothing (no recovery)",
                        List.of(error("deployer-api", "09:29", "UploadFailed"),
                                error("deployer-api", "09:35", "UploadFailed"),
                                error("deployer-api", "09:40", "UploadFailed")),
                        List.of(), "10:00",
                        "ENDED_WITHOUT_RECOVERY begin 09:29 detect - ack - recorded - end 09:40 (inferred)"
                                + " | to detect -, ack -, record -, recover 660s"),
                Arguments.of("clock skew: the page's receipt 09:28:30 lies before pingdom's 09:29",
                        List.of(failing("deployer-api", "09:29").alerting().received("09:28:30"),
                                recovered("deployer-api", "10:00")),
                        List.of(), "10:06",
                        "RESOLVED begin 09:29 detect 09:29 ack - recorded - end 10:00"
                                + " | to detect 0s, ack -, record -, recover 1860s"),
                Arguments.of("recorded 08:45, before the outage began at 09:29",
                        List.of(failing("deployer-api", "09:29").alerting(), recovered("deployer-api", "10:00")),
                        List.of(incidentRecord("JIRA-2", "deployer-api", "08:45")), "10:06",
                        "RESOLVED begin 09:29 detect 09:29 ack - recorded 08:45 end 10:00"
                                + " | to detect 0s, ack -, record 0s, recover 1860s"),
                Arguments.of("webhook delay: acked 09:30, the page's receipt logged 09:33",
                        List.of(failing("deployer-api", "09:29").alerting().received("09:33"),
                                ack("deployer-api", "09:30"), recovered("deployer-api", "10:00")),
                        List.of(), "10:06",
                        "RESOLVED begin 09:29 detect 09:33 ack 09:30 recorded - end 10:00"
                                + " | to detect 240s, ack 0s, record -, recover 1860s"),
                Arguments.of("a probe (nobody paged) down 09:29, a user reports it 09:40, up 10:00",
                        List.of(failing("deployer-api", "09:29").source("probe"), report("deployer-api", "09:40"),
                                recovered("deployer-api", "10:00").source("probe")),
                        List.of(), "10:06",
                        "RESOLVED begin 09:29 detect 09:40 ack - recorded - end 10:00"
                                + " | to detect 660s, ack -, record -, recover 1860s"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markerStories")
    void shouldDeriveMarkersAndDurationsFromTheSignals(String story, List<Sig> signals, List<Record> records,
            String tick, String expected) {
        Incident incident = build(Stage1.of(signals).tick(tick), records);

        assertThat(markers(incident)).isEqualTo(expected);
        if (incident.detect() != null) {
            assertThat(incident.detect()).as("DETECT not before BEGIN").isAfterOrEqualTo(incident.begin());
        }
        assertThat(Stream.of(incident.timeToDetectSeconds(), incident.timeToAcknowledgeSeconds(),
                incident.timeToRecordSeconds(), incident.timeToRecoverSeconds()).filter(java.util.Objects::nonNull))
                .as("durations are never negative").allMatch(x -> x >= 0);
        assertThat(incident.entries()).extracting(Entry::at).isSorted();
        for (Marker m : Marker.values()) {
            List<Entry> lines = incident.entries().stream().filter(e -> e.marker() == m).toList();
            java.time.Instant expectedAt = switch (m) {
                case BEGIN -> incident.begin();
                case DETECT -> incident.detect();
                case ACK -> incident.ack();
                case RECORDED -> incident.recorded();
                case END -> incident.end();
            };
            assertThat(lines).as("one %s line at %s", m, expectedAt)
                    .hasSize(expectedAt == null ? 0 : 1)
                    .allSatisfy(e -> assertThat(e.at()).isEqualTo(expectedAt));
        }
    }

    @Test
    void shouldMarkThePagedAckedRecordedOutageInItsTimeline() {
        Incident incident = build(Stage1.of(List.of(
                        change("deployer-api", "09:27", "deleted ECS service deployer-api"),
                        failing("deployer-api", "09:29").alerting().received("09:31"),
                        ack("deployer-api", "09:40"),
                        change("deployer-api", "09:50", "recreated ECS service deployer-api"),
                        recovered("deployer-api", "10:00").alerting()))
                .tick("10:06"), List.of(incidentRecord("JIRA-1", "deployer-api", "09:45")));

        assertThat(timeline(incident)).containsExactly(
                "09:29 BEGIN FAILING pingdom: deployer-api is down",
                "09:31 DETECT - pingdom: Detected: deployer-api is down",
                "09:40 ACK ACK pagerduty: acknowledged by mathias",
                "09:45 RECORDED - records: Incident recorded: deployer-api outage",
                "09:50 CHANGE github: recreated ECS service deployer-api",
                "10:00 END RECOVERED pingdom: deployer-api is up");
        assertThat(incident.title()).isEqualTo("deployer-api in prod, 2016-09-05: deployer-api is down");
        assertThat(incident.detectedBy()).isEqualTo(new DetectedBy("pingdom", "deployer-api", "deployer-api is down"));
        assertThat(incident.entries()).filteredOn(e -> e.marker() == Marker.RECORDED).singleElement()
                .extracting(Entry::link).isEqualTo("https://jira.example.com/browse/JIRA-1");
        assertThat(incident.triggerCandidates()).extracting(c -> hm(c.at()) + " " + c.summary())
                .containsExactly("09:27 deleted ECS service deployer-api");
    }

    @Test
    void shouldMarkTheEndOnAnExtraLineWhenErrorsStopWithoutRecovery() {
        Incident incident = build(Stage1.of(List.of(
                        error("deployer-api", "09:29", "UploadFailed"),
                        error("deployer-api", "09:35", "UploadFailed"),
                        error("deployer-api", "09:40", "UploadFailed")))
                .tick("10:00"), List.of());

        assertThat(timeline(incident)).containsExactly(
                "09:29 BEGIN ERROR sentry: UploadFailed (x3)",
                "09:40 END -: No further errors (end inferred)");
    }

    @Test
    void shouldBuildTheSameHeaderAsTheFullBuildWithoutItsTimeline() {
        Stage1 stage = Stage1.of(List.of(
                failing("deployer-api", "09:29").alerting().received("09:31"), ack("deployer-api", "09:40"),
                recovered("deployer-api", "10:00"))).tick("10:06");
        List<Record> records = List.of(incidentRecord("JIRA-1", "deployer-api", "09:45"));

        Incident full = build(stage, records);
        Incident header = IncidentBuilder.header("inc-1", stage.episodes(), records, null, S);

        assertThat(markers(header)).isEqualTo(markers(full));
        assertThat(header.planned()).isEqualTo(full.planned());
        assertThat(header.outage()).isEqualTo(full.outage());
        assertThat(header.entries()).isEmpty();
        assertThat(header.title()).isNull();
    }

    // ---- RECORDED --------------------------------------------------------------------------------

    static Stream<Arguments> recordReach() {
        return Stream.of(
                Arguments.of("recorded 09:45, during the outage",
                        List.of(incidentRecord("R", "deployer-api", "09:45")), "09:45"),
                Arguments.of("recorded 08:29, exactly BEGIN - 1 h",
                        List.of(incidentRecord("R", "deployer-api", "08:29")), "08:29"),
                Arguments.of("recorded 08:28:59, a second before the reach",
                        List.of(incidentRecord("R", "deployer-api", "08:28:59")), "-"),
                Arguments.of("recorded 11:00, exactly END + 1 h",
                        List.of(incidentRecord("R", "deployer-api", "11:00")), "11:00"),
                Arguments.of("recorded 11:00:01, a second after the reach",
                        List.of(incidentRecord("R", "deployer-api", "11:00:01")), "-"),
                Arguments.of("a record naming no service: the whole env", List.of(envRecord("R", "09:45")), "09:45"),
                Arguments.of("a record naming another service does not record it",
                        List.of(incidentRecord("R", "billing", "09:45")), "-"),
                Arguments.of("a record of another env does not record it",
                        List.of(new Record("R", RecordType.INCIDENT, "staging", List.of("deployer-api"), at("09:45"),
                                null, null, "staging outage", null)), "-"),
                Arguments.of("a maintenance record is no incident record",
                        List.of(maintenance("M", "deployer-api", "09:45", "10:45")), "-"),
                Arguments.of("two records: the first opened wins, whatever their order",
                        List.of(incidentRecord("R2", "deployer-api", "09:50"),
                                incidentRecord("R1", "deployer-api", "09:40")),
                        "09:40"));
    }

    @ParameterizedTest(name = "pingdom down 09:29, up 10:00; {0} -> RECORDED {2}")
    @MethodSource("recordReach")
    void shouldBeRecordedByAnIncidentRecordOfItsServiceInReach(String story, List<Record> records, String recorded) {
        Stage1 stage = Stage1.of(List.of(failing("deployer-api", "09:29"), recovered("deployer-api", "10:00")));

        Incident incident = build(stage.tick("10:06"), records);

        assertThat(hm(incident.recorded())).isEqualTo(recorded);
        assertThat(incident.entries()).filteredOn(e -> e.marker() == Marker.RECORDED)
                .hasSize(recorded.equals("-") ? 0 : 1);
        assertThat(incident.timeToRecordSeconds()).isEqualTo(
                recorded.equals("-") ? null : Math.max(0, Duration.between(at("09:29"), at(recorded)).getSeconds()));
    }

    @Test
    void shouldBeRecordedByARecordOpenedTheNextDayWhileTheOutageGoesOn() {
        Incident incident = build(Stage1.of(List.of(failing("deployer-api", "09:29"))).tick("+1 09:30"),
                List.of(incidentRecord("R", "deployer-api", "+1 09:00")));

        assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(hm(incident.recorded())).isEqualTo("+1 09:00");
        assertThat(incident.timeToRecordSeconds()).isEqualTo(Duration.ofMinutes(24 * 60 - 29).getSeconds());
    }

    // ---- planned ---------------------------------------------------------------------------------

    static Stream<Arguments> maintenanceWindows() {
        return Stream.of(
                Arguments.of("deployer-api upgrade 09:00-10:00",
                        List.of(maintenance("M", "deployer-api", "09:00", "10:00")), true),
                Arguments.of("whole-env maintenance 09:00-10:00",
                        List.of(maintenance("M", null, "09:00", "10:00")), true),
                Arguments.of("maintenance 09:00 with no end yet",
                        List.of(maintenance("M", "deployer-api", "09:00", null)), true),
                Arguments.of("maintenance starting exactly at BEGIN 09:29",
                        List.of(maintenance("M", "deployer-api", "09:29", "10:00")), true),
                Arguments.of("billing's maintenance 09:00-10:00",
                        List.of(maintenance("M", "billing", "09:00", "10:00")), false),
                Arguments.of("maintenance 08:00-09:20, over before the outage",
                        List.of(maintenance("M", "deployer-api", "08:00", "09:20")), false),
                Arguments.of("maintenance from 09:30, after the outage began",
                        List.of(maintenance("M", "deployer-api", "09:30", "11:00")), false),
                Arguments.of("an incident record is no maintenance",
                        List.of(incidentRecord("R", "deployer-api", "09:00")), false));
    }

    @ParameterizedTest(name = "pingdom down 09:29; {0} -> planned {2}")
    @MethodSource("maintenanceWindows")
    void shouldBePlannedWhenAMaintenanceWindowOfItsServiceCoversItsBegin(String story, List<Record> records,
            boolean planned) {
        Incident incident = build(Stage1.of(List.of(failing("deployer-api", "09:29"))).tick("09:30"), records);

        assertThat(incident.planned()).isEqualTo(planned);
    }

    @Test
    void shouldNotBePlannedWhenOnlyOneOfItsEpisodesFellInTheWindow() {
        // keycloak's upgrade was planned; generic-upload failing with it was not announced.
        Stage1 stage = Stage1.of(List.of(failing("keycloak", "09:29"), failing("generic-upload", "09:31")));
        List<Record> records = List.of(maintenance("M", "keycloak", "09:00", "10:00"));

        Episode keycloakAlone = stage.episodes().get(0);

        assertThat(build(List.of(keycloakAlone), stage.context(records)).planned()).isTrue();
        assertThat(build(stage, records).planned()).isFalse();
    }

    // ---- trigger candidates ----------------------------------------------------------------------

    static Stream<Arguments> triggerStories() {
        return Stream.of(
                Arguments.of("deploy of generic-upload 09:27",
                        List.of(change("generic-upload", "09:27", "deploy generic-upload v42")),
                        List.of("09:27 generic-upload: deploy generic-upload v42")),
                Arguments.of("keycloak (a dependency) upgraded 08:00",
                        List.of(change("keycloak", "08:00", "keycloak 21 -> 22")),
                        List.of("08:00 keycloak: keycloak 21 -> 22")),
                Arguments.of("esr-integration deployed 09:00: connected through keycloak, not a dependency",
                        List.of(change("esr-integration", "09:00", "deploy esr-integration")), List.of()),
                Arguments.of("billing (unrelated) deployed 09:20",
                        List.of(change("billing", "09:20", "deploy billing")), List.of()),
                Arguments.of("deploy exactly 6 h before BEGIN",
                        List.of(change("generic-upload", "03:29", "deploy generic-upload v41")),
                        List.of("03:29 generic-upload: deploy generic-upload v41")),
                Arguments.of("deploy 6 h 1 min before BEGIN",
                        List.of(change("generic-upload", "03:28", "deploy generic-upload v41")), List.of()),
                Arguments.of("deploy exactly at BEGIN",
                        List.of(change("generic-upload", "09:29", "deploy generic-upload v43")),
                        List.of("09:29 generic-upload: deploy generic-upload v43")),
                Arguments.of("three changes: nearest first",
                        List.of(change("keycloak", "07:00", "keycloak 21 -> 22"),
                                change("generic-upload", "09:27", "deploy generic-upload v42"),
                                change("generic-upload", "08:15", "config change: upload limit")),
                        List.of("09:27 generic-upload: deploy generic-upload v42",
                                "08:15 generic-upload: config change: upload limit",
                                "07:00 keycloak: keycloak 21 -> 22")));
    }

    @ParameterizedTest(name = "generic-upload down 09:29; {0}")
    @MethodSource("triggerStories")
    void shouldListChangesOfItsServicesAndDependenciesInTheLookbackNearestFirst(String story, List<Sig> changes,
            List<String> candidates) {
        List<Sig> signals = new ArrayList<>(changes);
        signals.add(failing("generic-upload", "09:29"));

        Incident incident = build(Stage1.of(signals).tick("09:30"), List.of());

        assertThat(incident.triggerCandidates()).extracting(c -> hm(c.at()) + " " + c.service() + ": " + c.summary())
                .containsExactlyElementsOf(candidates);
    }

    @Test
    void shouldListAChangeAfterBeginOnceInTheTimelineAndNotAsCandidate() {
        Incident incident = build(Stage1.of(List.of(
                failing("generic-upload", "09:29"),
                change("generic-upload", "09:45", "rollback generic-upload to v41"))).tick("09:50"), List.of());

        assertThat(incident.triggerCandidates()).isEmpty();
        assertThat(timeline(incident)).containsExactly(
                "09:29 BEGIN FAILING pingdom: generic-upload is down",
                "09:45 CHANGE github: rollback generic-upload to v41");
    }

    // ---- DESIGN 5a: outages over impact evidence -------------------------------------------------

    @Test
    void shouldTakeAnOutagesMarkersOverImpactEvidenceAndKeepTheWarningAsAnUnmarkedLine() {
        Incident incident = build(Stage1.of(List.of(
                        warning("keycloak", "09:00", "KeycloakHighLatency").received("09:00:30"),
                        failing("keycloak", "09:29").alerting().received("09:31"),
                        recovered("keycloak", "10:00"),
                        resolved("keycloak", "10:30", "KeycloakHighLatency")))
                .tick("10:40"), List.of());

        assertThat(incident.outage()).isTrue();
        assertThat(incident.severity()).isEqualTo("critical");
        assertThat(markers(incident)).isEqualTo("RESOLVED begin 09:29 detect 09:31 ack - recorded - end 10:00"
                + " | to detect 120s, ack -, record -, recover 1860s");
        assertThat(incident.detectedBy()).isEqualTo(new DetectedBy("pingdom", "keycloak", "keycloak is down"));
        assertThat(timeline(incident)).containsExactly(
                "09:00 FAILING alertmanager: KeycloakHighLatency",
                "09:29 BEGIN FAILING pingdom: keycloak is down",
                "09:31 DETECT - pingdom: Detected: keycloak is down",
                "10:00 END RECOVERED pingdom: keycloak is up",
                "10:30 RECOVERED alertmanager: KeycloakHighLatency resolved");
        assertThat(incident.title()).isEqualTo("keycloak in prod, 2016-09-05: keycloak is down");
        assertThat(incident.earlyWarnings()).extracting(w -> hm(w.at()) + " " + w.leadSeconds() + "s " + w.summary())
                .containsExactly("09:00 1740s KeycloakHighLatency");
    }

    @Test
    void shouldKeepAWarningIncidentWithItsMarkersOverAllItsSignalsAndNoEarlyWarnings() {
        Incident incident = build(Stage1.of(List.of(
                        warning("keycloak", "08:00", "KeycloakDiskFilling"),
                        warning("keycloak", "09:00", "KeycloakHighLatency").severity("info"),
                        resolved("keycloak", "09:20", "KeycloakHighLatency"),
                        resolved("keycloak", "09:25", "KeycloakDiskFilling")))
                .tick("09:40"), List.of());

        assertThat(incident.outage()).isFalse();
        assertThat(incident.severity()).isEqualTo("warning");
        assertThat(markers(incident)).isEqualTo("RESOLVED begin 08:00 detect 08:00 ack - recorded - end 09:25"
                + " | to detect 0s, ack -, record -, recover 5100s");
        assertThat(incident.earlyWarnings()).isEmpty();
    }

    @Test
    void shouldEndAnOutageOfErrorsAtItsLastImpactErrorWhileAWarningRecoversLater() {
        Incident incident = build(Stage1.of(List.of(
                        warning("billing", "09:00", "BillingQueueBacklog"),
                        error("billing", "09:29", "PaymentDeclined: gateway timeout"),
                        error("billing", "09:31", "PaymentDeclined: gateway timeout"),
                        error("billing", "09:33", "PaymentDeclined: gateway timeout"),
                        resolved("billing", "10:30", "BillingQueueBacklog")))
                .tick("10:40"), List.of());

        assertThat(incident.outage()).isTrue();
        assertThat(incident.severity()).isEqualTo("error");
        assertThat(markers(incident)).isEqualTo("ENDED_WITHOUT_RECOVERY begin 09:29 detect - ack - recorded -"
                + " end 09:33 (inferred) | to detect -, ack -, record -, recover 240s");
    }

    // ---- early warnings --------------------------------------------------------------------------

    static Stream<Arguments> earlyWarningStories() {
        return Stream.of(
                Arguments.of("generic-upload's own disk warning 07:29, resolved 07:45",
                        List.of(warning("generic-upload", "07:29", "DiskFilling"),
                                resolved("generic-upload", "07:45", "DiskFilling")),
                        List.of("07:29 7200s alertmanager generic-upload warning DiskFilling")),
                Arguments.of("keycloak (a dependency) slow 09:00, still firing",
                        List.of(warning("keycloak", "09:00", "KeycloakHighLatency")),
                        List.of("09:00 1740s alertmanager keycloak warning KeycloakHighLatency")),
                Arguments.of("an info of keycloak 09:10",
                        List.of(warning("keycloak", "09:10", "KeycloakGCPressure").severity("info")),
                        List.of("09:10 1140s alertmanager keycloak info KeycloakGCPressure")),
                Arguments.of("esr-integration warning 09:00: connected through keycloak, not a dependency",
                        List.of(warning("esr-integration", "09:00", "EsrQueueSlow")), List.of()),
                Arguments.of("billing (unrelated) warning 09:00",
                        List.of(warning("billing", "09:00", "BillingQueueBacklog")), List.of()),
                Arguments.of("keycloak warning exactly 6 h before BEGIN",
                        List.of(warning("keycloak", "03:29", "KeycloakHighLatency"),
                                resolved("keycloak", "03:40", "KeycloakHighLatency")),
                        List.of("03:29 21600s alertmanager keycloak warning KeycloakHighLatency")),
                Arguments.of("keycloak warning 6 h 1 min before BEGIN",
                        List.of(warning("keycloak", "03:28", "KeycloakHighLatency"),
                                resolved("keycloak", "03:40", "KeycloakHighLatency")),
                        List.of()),
                Arguments.of("keycloak warning at the very moment of BEGIN: no lead",
                        List.of(warning("keycloak", "09:29", "KeycloakHighLatency")), List.of()),
                Arguments.of("a warning that fired twice is listed once, from its first time",
                        List.of(warning("keycloak", "07:00", "KeycloakHighLatency"),
                                resolved("keycloak", "07:10", "KeycloakHighLatency"),
                                warning("keycloak", "08:00", "KeycloakHighLatency"),
                                resolved("keycloak", "08:10", "KeycloakHighLatency")),
                        List.of("07:00 8940s alertmanager keycloak warning KeycloakHighLatency")),
                Arguments.of("three warnings: nearest first",
                        List.of(warning("keycloak", "06:00", "KeycloakHighLatency"),
                                resolved("keycloak", "06:10", "KeycloakHighLatency"),
                                warning("generic-upload", "09:20", "UploadQueueGrowing"),
                                warning("generic-upload", "08:30", "DiskFilling")),
                        List.of("09:20 540s alertmanager generic-upload warning UploadQueueGrowing",
                                "08:30 3540s alertmanager generic-upload warning DiskFilling",
                                "06:00 12540s alertmanager keycloak warning KeycloakHighLatency")));
    }

    @ParameterizedTest(name = "generic-upload down 09:29; {0}")
    @MethodSource("earlyWarningStories")
    void shouldListWarningsOfItsServicesAndDependenciesBeforeBeginWithTheirLead(String story, List<Sig> warnings,
            List<String> expected) {
        List<Sig> signals = new ArrayList<>(warnings);
        signals.add(failing("generic-upload", "09:29").alerting());
        Stage1 stage = Stage1.of(signals).tick("09:30");
        List<Episode> ofGenericUpload = stage.episodes().stream()
                .filter(e -> e.service().equals("generic-upload")).toList();

        Incident incident = build(ofGenericUpload, stage.context(List.of()));

        assertThat(incident.outage()).isTrue();
        assertThat(incident.begin()).isEqualTo(at("09:29"));
        assertThat(incident.earlyWarnings())
                .extracting(w -> hm(w.at()) + " " + w.leadSeconds() + "s " + w.source() + " " + w.service() + " "
                        + w.severity() + " " + w.summary())
                .containsExactlyElementsOf(expected);
    }

    @Test
    void shouldListNoEarlyWarningsForAWarningIncident() {
        Stage1 stage = Stage1.of(List.of(
                warning("keycloak", "09:00", "KeycloakHighLatency"),
                warning("generic-upload", "09:29", "UploadQueueGrowing"))).tick("09:30");
        List<Episode> ofGenericUpload = stage.episodes().stream()
                .filter(e -> e.service().equals("generic-upload")).toList();

        Incident incident = build(ofGenericUpload, stage.context(List.of()));

        assertThat(incident.outage()).isFalse();
        assertThat(incident.earlyWarnings()).isEmpty();
    }

    // ---- monitoring silence ----------------------------------------------------------------------

    static Stream<Arguments> silences() {
        return Stream.of(
                Arguments.of("Watchdog silent 09:10-09:40, during the outage", silence("09:10", "09:40"), true,
                        "09:10 - timelines: Monitoring silent from 2016-09-05 09:10 UTC to 2016-09-05 09:40 UTC:"
                                + " heartbeat Watchdog from alertmanager stopped arriving"),
                Arguments.of("Watchdog silent since 08:00, still", silence("08:00", null), true,
                        "08:00 - timelines: Monitoring silent from 2016-09-05 08:00 UTC to now:"
                                + " heartbeat Watchdog from alertmanager stopped arriving"),
                Arguments.of("silent 09:00 up to BEGIN 09:29", silence("09:00", "09:29"), true,
                        "09:00 - timelines: Monitoring silent from 2016-09-05 09:00 UTC to 2016-09-05 09:29 UTC:"
                                + " heartbeat Watchdog from alertmanager stopped arriving"),
                Arguments.of("silent from END 10:00", silence("10:00", "10:30"), true,
                        "10:00 - timelines: Monitoring silent from 2016-09-05 10:00 UTC to 2016-09-05 10:30 UTC:"
                                + " heartbeat Watchdog from alertmanager stopped arriving"),
                Arguments.of("silent 07:00-08:00, before the outage", silence("07:00", "08:00"), true, null),
                Arguments.of("silent 10:30-11:00, after the outage", silence("10:30", "11:00"), true, null),
                Arguments.of("silent from 12:00 while the outage goes on", silence("12:00", null), false,
                        "12:00 - timelines: Monitoring silent from 2016-09-05 12:00 UTC to now:"
                                + " heartbeat Watchdog from alertmanager stopped arriving"));
    }

    @ParameterizedTest(name = "deployer-api down 09:29; {0}")
    @MethodSource("silences")
    void shouldSayWhenTheMonitoringWasSilentDuringTheIncident(String story, MonitoringSilence silence, boolean ended,
            String expected) {
        Stage1 stage = Stage1.of(List.of(failing("deployer-api", "09:29")));
        if (ended) {
            stage.feed(recovered("deployer-api", "10:00")).tick("10:06");
        } else {
            stage.tick("12:30");
        }
        EnvContext context = new EnvContext(List.of(), List.of(), List.of(), List.of(silence));

        Incident incident = build(stage.episodes(), context);

        List<String> silent = incident.entries().stream().filter(e -> "timelines".equals(e.source()))
                .map(Story::line).toList();
        assertThat(silent).containsExactlyElementsOf(expected == null ? List.of() : List.of(expected));
    }

    // ---- entry caps ------------------------------------------------------------------------------

    private static final CorrelationSettings TEN_ENTRIES = new CorrelationSettings(S.gap(), S.quiet(), S.lookback(),
            S.recordGrace(), S.minDuration(), S.excludedEnvs(), 10, S.amendHorizon());

    /** Pingdom down 09:29 (paged 09:29:04), fourteen distinct errors 09:30..09:43, up 10:00. */
    private static List<Sig> fourteenErrors() {
        List<Sig> signals = new ArrayList<>();
        signals.add(failing("deployer-api", "09:29").alerting().received("09:29:04"));
        IntStream.rangeClosed(1, 14).forEach(n -> signals.add(
                error("deployer-api", String.format("09:%02d", 29 + n), "UploadFailed #" + n)));
        signals.add(recovered("deployer-api", "10:00"));
        return signals;
    }

    @Test
    void shouldKeepTheMarkerLinesAndCountTheRestWhenTheTimelineIsOverItsCap() {
        // Stage 1 keeps all 16 lines; stage 2 keeps 10: the three marker lines and the seven earliest others.
        Stage1 stage = Stage1.of(fourteenErrors()).tick("10:16");
        assertThat(stage.only().entries()).hasSize(16);

        Incident incident = IncidentBuilder.build("inc-1", stage.episodes(), stage.context(List.of()), GRAPH, null,
                TEN_ENTRIES);

        assertThat(incident.entries()).hasSize(10);
        assertThat(marked(incident)).containsExactly(
                "09:29 BEGIN FAILING pingdom: deployer-api is down",
                "09:29:04 DETECT - pingdom: Detected: deployer-api is down",
                "10:00 END RECOVERED pingdom: deployer-api is up");
        assertThat(incident.entries()).filteredOn(e -> e.type() == SignalType.ERROR).extracting(Entry::summary)
                .containsExactly("UploadFailed #1", "UploadFailed #2", "UploadFailed #3", "UploadFailed #4",
                        "UploadFailed #5", "UploadFailed #6", "UploadFailed #7");
        assertThat(incident.entriesOmitted()).isEqualTo(7);
    }

    @Test
    void shouldCountTheLinesStage1LeftOutBesideThoseItLeavesOut() {
        // Stage 1 keeps 10 lines (the recovery among those it leaves out); stage 2 adds DETECT and END and keeps 10.
        Stage1 stage = new Stage1(TEN_ENTRIES).feed(fourteenErrors()).tick("10:16");
        assertThat(stage.only().entriesOmitted()).isEqualTo(6);

        Incident incident = IncidentBuilder.build("inc-1", stage.episodes(), stage.context(List.of()), GRAPH, null,
                TEN_ENTRIES);

        assertThat(incident.entries()).hasSize(10);
        assertThat(marked(incident)).containsExactly(
                "09:29 BEGIN FAILING pingdom: deployer-api is down",
                "09:29:04 DETECT - pingdom: Detected: deployer-api is down",
                "10:00 END -: All checks recovered");
        assertThat(incident.entriesOmitted()).isEqualTo(6 + 2);
    }
}
