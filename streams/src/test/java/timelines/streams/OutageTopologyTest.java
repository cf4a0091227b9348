package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.streams.TimelineTopologyTest.at;
import static timelines.streams.TimelineTopologyTest.error;
import static timelines.streams.TimelineTopologyTest.incidentRecord;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Incident;
import timelines.contracts.Marker;
import timelines.contracts.SignalType;
import timelines.streams.TimelineTopologyTest.Pipeline;
import timelines.streams.TimelineTopologyTest.Sig;

/**
 * DESIGN 5a as small postmortems, with what a kube-prometheus cluster sends through Alertmanager:
 * the always-firing Watchdog, warnings that fire for hours without anyone affected, and now and
 * then an outage among them. Only outages get their markers over impact, detection lag and an
 * unrecorded-outage alert.
 */
class OutageTopologyTest {
    @TempDir
    Path stateDir;

    private Pipeline p;

    @BeforeEach
    void start() {
        p = new Pipeline(stateDir, null);
    }

    @AfterEach
    void stop() {
        p.close();
    }

    /** An Alertmanager alert of a kube-prometheus rule, firing at {@code time}. */
    static Sig firing(String alertname, String service, String severity, String time) {
        Sig s = new Sig(SignalType.FAILING, service, time).source("alertmanager").check(alertname + "/" + service)
                .summary(alertname + " on " + service).alerting().label("alertname", alertname);
        return severity == null ? s : s.severity(severity).label("severity.raw", severity);
    }

    static Sig resolved(String alertname, String service, String severity, String time) {
        Sig s = new Sig(SignalType.RECOVERED, service, time).source("alertmanager").check(alertname + "/" + service)
                .summary(alertname + " on " + service).label("alertname", alertname);
        return severity == null ? s : s.severity(severity);
    }

    @Test
    void shouldNeverOpenAnIncidentForTheAlwaysFiringWatchdog() {
        // Alertmanager repeats a firing alert every repeat_interval (4 h); the rule's severity is none.
        for (String t : new String[] {"00:00", "04:00", "08:00", "12:00", "16:00", "20:00"}) {
            p.send(new Sig(SignalType.FAILING, "prometheus", t).source("alertmanager").check("Watchdog")
                    .summary("An alert that should always be firing").alerting().label("alertname", "Watchdog")
                    .label("severity.raw", "none"));
        }
        p.tick("23:59");
        assertThat(p.revisions()).isEmpty();
        assertThat(p.alerts()).isEmpty();
        assertThat(p.outcomes("HEARTBEAT")).isEqualTo(6.0);
    }

    /** Alertmanager re-sending the firing Watchdog (same startsAt, same fingerprint) received at {@code time}. */
    static Sig watchdog(String time) {
        return new Sig(SignalType.FAILING, "Watchdog", "00:00").source("alertmanager").check("watchdog-fp")
                .summary("An alert that should always be firing").alerting().label("alertname", "Watchdog")
                .label("severity.raw", "none").received(time);
    }

    @Test
    void shouldRaiseSilentWhenTheHeartbeatStopsAndShowItOnTheOutageItOverlaps() {
        // Every 5 minutes until 09:10, then nothing: seed 001's monitoring paused during an upgrade.
        for (String t : new String[] {"09:00", "09:05", "09:10"}) {
            p.send(watchdog(t));
        }
        p.tick("09:20", "09:24");
        assertThat(p.alerts()).as("within 15 min (3 intervals is less)").isEmpty();
        p.tick("09:25");
        assertThat(p.alerts()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(timelines.contracts.AlertType.SILENT);
            assertThat(a.at()).isEqualTo(at("09:25"));
            assertThat(a.begin()).isEqualTo(at("09:10"));
            assertThat(a.reason()).contains("Watchdog").contains("blind");
            assertThat(a.heartbeat()).isEqualTo(new timelines.contracts.Alert.Heartbeat("Watchdog", "alertmanager"));
        });

        p.send(firing("TargetDown", "bulk-upload", "critical", "09:40"));
        p.send(resolved("TargetDown", "bulk-upload", "critical", "10:00"));
        p.send(watchdog("10:30"));
        p.tick("10:40");

        String silence = p.alerts().get(0).incidentId();
        assertThat(p.alerts()).as("the outage nobody recorded pages on its own").anySatisfy(a -> {
            assertThat(a.type()).isEqualTo(timelines.contracts.AlertType.RAISED);
            assertThat(a.services()).containsExactly("bulk-upload");
        });
        assertThat(p.alerts()).filteredOn(a -> a.incidentId().equals(silence)).hasSize(2).last().satisfies(a -> {
            assertThat(a.type()).isEqualTo(timelines.contracts.AlertType.CLEARED);
            assertThat(a.at()).isEqualTo(at("10:30"));
        });
        assertThat(p.onlyIncident().entries()).anySatisfy(e -> assertThat(e.summary())
                .isEqualTo("Monitoring silent from 2016-09-05 09:10 UTC to 2016-09-05 10:30 UTC: heartbeat Watchdog "
                        + "from alertmanager stopped arriving"));
    }

    @Test
    void shouldNotTakeTheEndOfAReplaysInputForASilence() {
        for (String t : new String[] {"09:00", "09:05", "09:10"}) {
            p.send(watchdog(t));
        }
        p.endOfInput("10:10");
        p.tick("11:00");
        assertThat(p.alerts()).isEmpty();
    }

    @Test
    void shouldKeepAWarningThatFiresForHoursAsAWarningIncidentThatNeverPages() {
        p.send(firing("NodeFilesystemSpaceFillingUp", "node-exporter", "warning", "09:00").received("09:00:30"));
        p.tick("11:00");
        p.send(resolved("NodeFilesystemSpaceFillingUp", "node-exporter", "warning", "12:00"));
        p.tick("12:30");

        Incident i = p.onlyIncident();
        assertThat(i.isOutage()).isFalse();
        assertThat(i.severity()).isEqualTo("warning");
        assertThat(i.begin()).as("a warning incident still has its times").isEqualTo(at("09:00"));
        assertThat(p.alerts()).as("no unrecorded-outage alert for a warning").isEmpty();
        assertThat(p.meters.find("timelines_time_to_detect").timers()).as("no detection lag for a warning").isEmpty();
        assertThat(p.meters.get("timelines_warning_incidents_total").tag("env", "prod").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void shouldTakeAnOutagesMarkersOverItsImpactAndKeepTheWarningsAsContext() {
        // The disk fills (warning) from 09:00; the service goes down (critical) at 09:40 and is back at 10:10.
        p.send(firing("KubePersistentVolumeFillingUp", "checkout", "warning", "09:00").received("09:00:30"));
        p.send(firing("KubeDeploymentReplicasMismatch", "checkout", "critical", "09:40").received("09:40:30"));
        p.send(resolved("KubeDeploymentReplicasMismatch", "checkout", "critical", "10:10"));
        p.tick("10:20");
        p.send(resolved("KubePersistentVolumeFillingUp", "checkout", "warning", "10:30"));
        p.tick("10:40");

        Incident i = p.onlyIncident();
        assertThat(i.isOutage()).isTrue();
        assertThat(i.severity()).isEqualTo("critical");
        assertThat(i.begin()).isEqualTo(at("09:40"));
        assertThat(i.detect()).isEqualTo(at("09:40:30"));
        assertThat(i.end()).isEqualTo(at("10:10"));
        assertThat(i.timeToRecoverSeconds()).isEqualTo(30 * 60L);
        assertThat(i.entries()).as("the warning is a context line").anySatisfy(e -> {
            assertThat(e.summary()).contains("KubePersistentVolumeFillingUp");
            assertThat(e.marker()).isNull();
        });
        assertThat(i.entries()).filteredOn(e -> e.marker() == Marker.BEGIN).singleElement()
                .satisfies(e -> assertThat(e.summary()).contains("KubeDeploymentReplicasMismatch"));
        assertThat(i.earlyWarnings()).singleElement().satisfies(w -> {
            assertThat(w.at()).isEqualTo(at("09:00"));
            assertThat(w.leadSeconds()).isEqualTo(40 * 60L);
            assertThat(w.severity()).isEqualTo("warning");
            assertThat(w.summary()).contains("KubePersistentVolumeFillingUp");
        });
        assertThat(p.alerts()).as("unrecorded: raised 15 min after the outage began")
                .singleElement().satisfies(a -> assertThat(a.at()).isEqualTo(at("09:55")));
    }

    @Test
    void shouldListTheWarningsOfTheServiceInTheLookbackAsEarlyWarningsNearestFirst() {
        p.send(firing("KubeMemoryOvercommit", "checkout", "warning", "01:00"));  // 8 h 40 before: too early
        p.send(resolved("KubeMemoryOvercommit", "checkout", "warning", "01:10"));
        p.send(firing("CPUThrottlingHigh", "checkout", "info", "06:00"));
        p.send(resolved("CPUThrottlingHigh", "checkout", "info", "06:40"));
        p.send(firing("KubePodCrashLooping", "search", "warning", "09:00"));  // another service
        p.send(firing("KubeContainerWaiting", "checkout", "warning", "09:20"));
        p.send(resolved("KubeContainerWaiting", "checkout", "warning", "09:30"));
        p.send(firing("TargetDown", "checkout", "critical", "09:40"));
        p.tick("10:00");

        Incident outage = p.incidents().stream().filter(Incident::isOutage).findFirst().orElseThrow();
        assertThat(outage.earlyWarnings()).extracting(w -> w.summary(), w -> w.leadSeconds()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("KubeContainerWaiting on checkout", 20 * 60L),
                org.assertj.core.groups.Tuple.tuple("CPUThrottlingHigh on checkout", 220 * 60L));
        assertThat(p.incidents()).filteredOn(i -> !i.isOutage())
                .allSatisfy(i -> assertThat(i.earlyWarnings()).as("only outages list them").isEmpty());
    }

    @Test
    void shouldMakeAnOutageOfAnErrorBurstButNotOfTwoErrors() {
        p.send(error("billing", "09:00", "TimeoutError").severity("error"));
        p.send(error("billing", "09:05", "TimeoutError").severity("error"));
        p.tick("09:40");
        assertThat(p.onlyIncident().isOutage()).as("two isolated errors").isFalse();

        p.send(error("search", "11:00", "KeyError").severity("error"));
        p.send(error("search", "11:02", "KeyError").severity("error"));
        p.send(error("search", "11:04", "KeyError").severity("error"));
        p.tick("11:40");
        assertThat(p.incidents()).filteredOn(i -> i.services().contains("search")).singleElement()
                .satisfies(i -> {
                    assertThat(i.isOutage()).isTrue();
                    assertThat(i.end()).isEqualTo(at("11:04"));
                    assertThat(i.endInferred()).isTrue();
                });
    }

    @Test
    void shouldNotTakeErrorsAnHourApartForABurstThoughAWarningHoldsTheEpisodeOpen() {
        // A low-urgency page (a warning) open for three hours; three error-level issues about 55 min apart inside it.
        p.send(firing("ErrorBudgetBurn", "keycloak", "warning", "09:00"));
        p.send(error("keycloak", "09:20", "NullPointerException").severity("error"));
        p.send(error("keycloak", "10:15", "TimeoutException").severity("error"));
        p.send(error("keycloak", "11:10", "SQLException").severity("error"));
        p.send(resolved("ErrorBudgetBurn", "keycloak", "warning", "12:00"));
        p.tick("12:30");

        assertThat(p.onlyIncident().isOutage()).as("three isolated errors").isFalse();
        assertThat(p.alerts()).isEmpty();
    }

    @Test
    void shouldNotTakeALoneErrorInTheWarningsBeforeAnOutageForItsBegin() {
        p.send(firing("KubePodCrashLooping", "checkout", "warning", "08:00"));
        p.send(error("checkout", "08:24", "KeyError").severity("error"));
        p.send(firing("ProbeFailure", "checkout", "critical", "10:00").received("10:00:30"));
        p.record(TimelineTopologyTest.incidentRecord("INC-9", "checkout", "10:06"));
        p.send(resolved("ProbeFailure", "checkout", "critical", "10:30"));
        p.send(resolved("KubePodCrashLooping", "checkout", "warning", "10:40"));
        p.tick("11:00");

        Incident i = p.onlyIncident();
        assertThat(i.isOutage()).isTrue();
        assertThat(i.begin()).as("BEGIN: the probe, not the lone KeyError 96 min before").isEqualTo(at("10:00"));
        assertThat(i.detect()).isEqualTo(at("10:00:30"));
        assertThat(p.alerts()).as("recorded 6 min in: nothing to page").isEmpty();
    }

    @Test
    void shouldTurnAWarningIncidentIntoAnOutageWhenImpactJoinsItAndPageFromTheImpact() {
        p.send(firing("CPUThrottlingHigh", "api", "info", "09:00"));
        p.tick("09:30");
        assertThat(p.onlyIncident().isOutage()).isFalse();
        assertThat(p.alerts()).isEmpty();

        p.send(firing("TargetDown", "api", null, "09:31").received("09:31:10"));
        p.tick("09:45", "09:46", "10:00");

        Incident i = p.onlyIncident();
        assertThat(i.isOutage()).as("a failing check with no severity is impact").isTrue();
        assertThat(i.begin()).isEqualTo(at("09:31"));
        assertThat(p.alerts()).singleElement().satisfies(a -> {
            assertThat(a.at()).as("BEGIN over impact + 15 min").isEqualTo(at("09:46"));
            assertThat(a.begin()).isEqualTo(at("09:31"));
        });
    }

    @Test
    void shouldTakeAWarningThatPeopleDeclaredForAnOutage() {
        p.send(firing("KubePodCrashLooping", "payments", "warning", "09:00"));
        p.tick("09:20");
        assertThat(p.onlyIncident().isOutage()).isFalse();

        p.record(incidentRecord("INC-7", "payments", "09:25"));
        Incident i = p.onlyIncident();
        assertThat(i.isOutage()).isTrue();
        assertThat(i.recorded()).isEqualTo(at("09:25"));
        assertThat(p.alerts()).as("recorded, so nothing to page").isEmpty();
    }

    @Test
    void shouldHonourImpactSeveritiesAndACatalogsImpact() {
        p.send(firing("KubeAPIErrorBudgetBurn", "apiserver", "critical", "09:00"));
        p.send(new Sig(SignalType.FAILING, "batch", "09:00").source("generic").check("nightly").severity("critical")
                .summary("nightly job failed").build().withImpact(false));
        p.tick("09:30");
        assertThat(p.incidents()).extracting(Incident::services, Incident::isOutage).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(java.util.List.of("apiserver"), true),
                org.assertj.core.groups.Tuple.tuple(java.util.List.of("batch"), false));
    }
}
