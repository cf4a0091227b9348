package timelines.sink.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;

class AlertSubjectTest {

    @Test
    void anOutagesRaisedAndClearedAreAboutAnUnrecordedOutage() {
        assertThat(AlertSubject.of(Alerts.raised())).isEqualTo(AlertSubject.OUTAGE);
        assertThat(AlertSubject.of(Alerts.cleared())).isEqualTo(AlertSubject.OUTAGE);
    }

    @Test
    void aClearedThatNamesItsHeartbeatIsASilencesWhateverItsReasonSays() {
        Alert b = Alerts.back();
        Alert named = new Alert(AlertType.CLEARED, "some-id", b.env(), List.of(), b.at(), b.begin(), "back",
                new Alert.Heartbeat("DeadMansSwitch", "grafana"));

        AlertSubject subject = AlertSubject.of(named);

        assertThat(subject.silence()).isTrue();
        assertThat(subject.heartbeatWords()).isEqualTo("heartbeat DeadMansSwitch from grafana");
    }

    @Test
    void aSilenceAndTheClearedThatEndsItNameTheHeartbeat() {
        AlertSubject silent = AlertSubject.of(Alerts.silent());
        AlertSubject back = AlertSubject.of(Alerts.back());

        assertThat(silent).isEqualTo(new AlertSubject(AlertSubject.Kind.MONITORING_SILENT, "Watchdog", "alertmanager"));
        assertThat(back).isEqualTo(silent);
        assertThat(back.heartbeatWords()).isEqualTo("heartbeat Watchdog from alertmanager");
    }

    @Test
    void aClearedIsASilencesWhenItsIdIsTheSilencesEvenIfItNamedAService() {
        Alert b = Alerts.back();
        Alert withService = new Alert(AlertType.CLEARED, b.incidentId(), b.env(), List.of("kube-prometheus"), b.at(),
                b.begin(), b.reason());

        assertThat(AlertSubject.of(withService).silence()).isTrue();
    }

    @Test
    void anOutagesClearedWhoseReasonHappensToStartWithHeartbeatStaysAnOutages() {
        Alert c = Alerts.cleared();
        Alert odd = new Alert(AlertType.CLEARED, c.incidentId(), c.env(), c.services(), c.at(), c.begin(),
                "heartbeat Watchdog from alertmanager arrived again at 2021-07-20T19:47:00Z");

        assertThat(AlertSubject.of(odd)).isEqualTo(AlertSubject.OUTAGE);
    }

    @Test
    void aSilentAlertWhoseReasonSaysNoHeartbeatIsStillASilence() {
        Alert s = Alerts.silent();
        Alert terse = new Alert(AlertType.SILENT, s.incidentId(), s.env(), s.services(), s.at(), s.begin(), null);

        AlertSubject subject = AlertSubject.of(terse);
        assertThat(subject.silence()).isTrue();
        assertThat(subject.heartbeat()).isNull();
        assertThat(subject.heartbeatWords()).isEqualTo("a heartbeat");
    }
}
