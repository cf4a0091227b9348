package timelines.streams.incidents;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.streams.incidents.Story.S;
import static timelines.streams.incidents.Story.at;
import static timelines.streams.incidents.Story.envRecord;
import static timelines.streams.incidents.Story.error;
import static timelines.streams.incidents.Story.failing;
import static timelines.streams.incidents.Story.hm;
import static timelines.streams.incidents.Story.incidentRecord;
import static timelines.streams.incidents.Story.maintenance;
import static timelines.streams.incidents.Story.recovered;
import static timelines.streams.incidents.Story.report;
import static timelines.streams.incidents.Story.resolved;
import static timelines.streams.incidents.Story.warning;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.streams.CorrelationSettings;
import timelines.streams.episodes.CheckState;
import timelines.streams.episodes.Episode;
import timelines.streams.episodes.EpisodeVerdict;
import timelines.streams.incidents.Outage.Reason;
import timelines.streams.incidents.Story.Sig;
import timelines.streams.incidents.Story.Stage1;

/**
 * DESIGN 5a: whether an incident is an outage, and why. The signals in, through the real stage 1;
 * the {@link Reason} out, looked for in the order of the enum.
 */
class OutageTest {

    private static Outage outageOf(List<Episode> episodes, List<Record> records, CorrelationSettings s) {
        Set<String> services = new TreeSet<>();
        episodes.forEach(e -> services.add(e.service()));
        return Outage.of("prod", services, episodes, records, s);
    }

    private static Outage outageOf(List<Sig> signals, String tick, List<Record> records) {
        return outageOf(Stage1.of(signals).tick(tick).episodes(), records, S);
    }

    static Stream<Arguments> reasons() {
        return Stream.of(
                Arguments.of("pingdom: deployer-api down 09:29, up 10:00",
                        List.of(failing("deployer-api", "09:29"), recovered("deployer-api", "10:00")), List.of(),
                        Reason.IMPACT_CHECK_FAILED, "critical"),
                Arguments.of("a check that says no severity is impact (a team that labels nothing pages on everything)",
                        List.of(failing("deployer-api", "09:29").severity(null)), List.of(),
                        Reason.IMPACT_CHECK_FAILED, null),
                Arguments.of("an alert of severity error failing",
                        List.of(warning("billing", "09:29", "PaymentsFailing").severity("error")), List.of(),
                        Reason.IMPACT_CHECK_FAILED, "error"),
                Arguments.of("a warning 09:00, then the check down 09:29: the check decides",
                        List.of(warning("keycloak", "09:00", "KeycloakHighLatency"), failing("keycloak", "09:29"),
                                report("keycloak", "09:40")),
                        List.of(), Reason.IMPACT_CHECK_FAILED, "critical"),
                Arguments.of("users report deployer-api failing, nothing alerted",
                        List.of(report("deployer-api", "09:40")), List.of(),
                        Reason.REPORTED_BY_A_PERSON, null),
                Arguments.of("a disk warning, and people declared an incident of its service",
                        List.of(warning("keycloak", "09:00", "KeycloakDiskFilling")),
                        List.of(incidentRecord("JIRA-7", "keycloak", "09:20")),
                        Reason.DECLARED_BY_A_RECORD, null),
                Arguments.of("a disk warning, declared 15 min (gap) before it began (the edge of the reach)",
                        List.of(warning("keycloak", "09:00", "KeycloakDiskFilling")),
                        List.of(incidentRecord("JIRA-7", "keycloak", "08:45")),
                        Reason.DECLARED_BY_A_RECORD, null),
                Arguments.of("a disk warning, an env-wide record: marks only outages that are outages already",
                        List.of(warning("keycloak", "09:00", "KeycloakDiskFilling")),
                        List.of(envRecord("JIRA-7", "09:20")),
                        Reason.NO_IMPACT, "warning"),
                Arguments.of("a disk warning, a record of billing",
                        List.of(warning("keycloak", "09:00", "KeycloakDiskFilling")),
                        List.of(incidentRecord("JIRA-7", "billing", "09:20")),
                        Reason.NO_IMPACT, "warning"),
                Arguments.of("a disk warning, a record of keycloak opened 16 min before it (about something else)",
                        List.of(warning("keycloak", "09:00", "KeycloakDiskFilling")),
                        List.of(incidentRecord("JIRA-7", "keycloak", "08:44")),
                        Reason.NO_IMPACT, "warning"),
                Arguments.of("a disk warning 09:00-09:20, a record of keycloak 1 h 1 min after it ended",
                        List.of(warning("keycloak", "09:00", "KeycloakDiskFilling"),
                                resolved("keycloak", "09:20", "KeycloakDiskFilling")),
                        List.of(incidentRecord("JIRA-7", "keycloak", "10:21")),
                        Reason.NO_IMPACT, "warning"),
                Arguments.of("a disk warning, a maintenance of keycloak",
                        List.of(warning("keycloak", "09:00", "KeycloakDiskFilling")),
                        List.of(maintenance("M", "keycloak", "09:00", "10:00")),
                        Reason.NO_IMPACT, "warning"),
                Arguments.of("a disk warning, a record of keycloak in staging",
                        List.of(warning("keycloak", "09:00", "KeycloakDiskFilling")),
                        List.of(new Record("JIRA-7", RecordType.INCIDENT, "staging", List.of("keycloak"), at("09:20"),
                                null, null, "staging keycloak", null)),
                        Reason.NO_IMPACT, "warning"),
                Arguments.of("three sentry errors 09:29, 09:31, 09:33 (errorBurst 3)",
                        List.of(error("billing", "09:29", "PaymentDeclined"),
                                error("billing", "09:31", "PaymentDeclined"),
                                error("billing", "09:33", "PaymentDeclined")),
                        List.of(), Reason.ERROR_BURST, "error"),
                Arguments.of("two sentry errors 09:29, 09:31",
                        List.of(error("billing", "09:29", "PaymentDeclined"),
                                error("billing", "09:31", "PaymentDeclined")),
                        List.of(), Reason.NO_IMPACT, null),
                Arguments.of("three sentry warnings",
                        List.of(error("billing", "09:29", "SlowQuery").severity("warning"),
                                error("billing", "09:31", "SlowQuery").severity("warning"),
                                error("billing", "09:33", "SlowQuery").severity("warning")),
                        List.of(), Reason.NO_IMPACT, "warning"),
                Arguments.of("an info alert and a warning: the warning's severity is said",
                        List.of(warning("keycloak", "09:00", "KeycloakGCPressure").severity("info"),
                                warning("keycloak", "09:05", "KeycloakHighLatency")),
                        List.of(), Reason.NO_IMPACT, "warning"));
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @MethodSource("reasons")
    void shouldTellAnOutageFromAWarningAndSayWhy(String story, List<Sig> signals, List<Record> records,
            Reason reason, String severity) {
        Outage outage = outageOf(signals, "09:45", records);

        assertThat(outage.reason()).isEqualTo(reason);
        assertThat(outage.isOutage()).isEqualTo(reason != Reason.NO_IMPACT);
        assertThat(outage.severity()).isEqualTo(severity);
    }

    @Test
    void shouldCountErrorsOfEveryEpisodeTowardsTheBurst() {
        // Two errors of generic-upload and one of keycloak (its dependency), one incident: three impact errors.
        List<Episode> episodes = Stage1.of(List.of(
                error("generic-upload", "09:29", "UploadFailed"), error("generic-upload", "09:31", "UploadFailed"),
                error("keycloak", "09:32", "TokenEndpointTimeout"))).tick("09:40").episodes();

        assertThat(outageOf(episodes.subList(0, 1), List.of(), S).reason()).isEqualTo(Reason.NO_IMPACT);
        assertThat(outageOf(episodes, List.of(), S).reason()).isEqualTo(Reason.ERROR_BURST);
        assertThat(outageOf(episodes, List.of(), S).evidence().errors()).isEqualTo(3);
    }

    @Test
    void shouldTakeTheBurstFromTheSettings() {
        CorrelationSettings burstOfTwo = new CorrelationSettings(S.gap(), S.quiet(), S.lookback(), S.recordGrace(),
                S.minDuration(), S.excludedEnvs(), S.maxEntries(), S.amendHorizon(), S.impactSeverities(), 2,
                S.heartbeats(), null);
        List<Episode> episodes = new Stage1(burstOfTwo).feed(
                error("billing", "09:29", "PaymentDeclined"), error("billing", "09:31", "PaymentDeclined"))
                .tick("09:40").episodes();

        assertThat(outageOf(episodes, List.of(), burstOfTwo).reason()).isEqualTo(Reason.ERROR_BURST);
        assertThat(outageOf(episodes, List.of(), S).reason()).isEqualTo(Reason.NO_IMPACT);
    }

    @Test
    void shouldEndAtTheLastImpactRecoveryAndSayWhenNoImpactCheckRecovered() {
        Outage recoveredCheck = outageOf(List.of(
                warning("keycloak", "09:00", "KeycloakHighLatency"), failing("keycloak", "09:29"),
                recovered("keycloak", "10:00"), resolved("keycloak", "10:30", "KeycloakHighLatency")),
                "10:40", List.of());
        Outage errorsStopped = outageOf(List.of(
                error("billing", "09:29", "PaymentDeclined"), error("billing", "09:31", "PaymentDeclined"),
                error("billing", "09:33", "PaymentDeclined")), "10:00", List.of());

        assertThat(hm(recoveredCheck.evidence().begin()) + " to " + hm(recoveredCheck.end())
                + (recoveredCheck.endInferred() ? " (inferred)" : "")).isEqualTo("09:29 to 10:00");
        assertThat(hm(errorsStopped.evidence().begin()) + " to " + hm(errorsStopped.end())
                + (errorsStopped.endInferred() ? " (inferred)" : "")).isEqualTo("09:29 to 09:33 (inferred)");
    }

    // ---- state written before DESIGN 5a ----------------------------------------------------------

    /** An episode as stored before outages were told from warnings: no impact evidence, checks without impact. */
    private static Episode before5a(String service, Map<String, CheckState> checks, String lastErrorAt) {
        return new Episode("ep-" + service, "prod", service, at("09:29"), at("10:00"), checks.isEmpty(),
                checks.isEmpty() ? EpisodeVerdict.CLOSED_GAP_AFTER_LAST_ERROR
                        : EpisodeVerdict.CLOSED_QUIET_AFTER_RECOVERY,
                checks, lastErrorAt == null ? null : at(lastErrorAt), null, null, null, List.of(), 0, List.of());
    }

    static Stream<Arguments> before5a() {
        return Stream.of(
                Arguments.of("a check down 09:29, up 10:00",
                        before5a("deployer-api",
                                Map.of("pingdom-1", new CheckState(at("09:29"), at("09:29"), at("10:00"), 1)), null),
                        Reason.IMPACT_CHECK_FAILED),
                Arguments.of("one error at 10:00, nothing else",
                        before5a("billing", Map.of(), "10:00"), Reason.ERROR_BURST));
    }

    @ParameterizedTest(name = "before 5a: {0} -> {2}, as every incident was then")
    @MethodSource("before5a")
    void shouldCountAnEpisodeStoredBeforeOutagesWereToldFromWarningsAsAnOutage(String story, Episode episode,
            Reason reason) {
        assertThat(episode.impact()).isNull();

        Outage outage = outageOf(List.of(episode), List.of(), S);

        assertThat(outage.reason()).isEqualTo(reason);
        assertThat(outage.evidence().begin()).isEqualTo(at("09:29"));
    }
}
