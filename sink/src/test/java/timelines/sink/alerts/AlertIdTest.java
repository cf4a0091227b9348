package timelines.sink.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;

class AlertIdTest {

    @Test
    void theSameAlertDeliveredAgainHasTheSameId() {
        Alert again = new Alert(AlertType.RAISED, Alerts.ID, "prod", Alerts.SERVICES, Alerts.RAISED_AT, Alerts.BEGIN,
                Alerts.RAISE_REASON);

        assertThat(AlertId.of(again)).isEqualTo(AlertId.of(Alerts.raised())).matches("[0-9a-f]{32}");
    }

    @Test
    void theIncidentWhetherRaisedOrClearedAndWhenMakeTheId() {
        Alert raised = Alerts.raised();
        Alert otherIncident = Alerts.raised("another", "prod", Alerts.SERVICES, Alerts.RAISE_REASON);
        Alert clearedAtTheSameMoment = new Alert(AlertType.CLEARED, Alerts.ID, "prod", Alerts.SERVICES,
                Alerts.RAISED_AT, Alerts.BEGIN, Alerts.RAISE_REASON);
        Alert raisedAgainLater = new Alert(AlertType.RAISED, Alerts.ID, "prod", Alerts.SERVICES,
                Alerts.CLEARED_AT.plusSeconds(600), Alerts.BEGIN, Alerts.RAISE_REASON);
        // What the alert says about the incident does not make it another alert.
        Alert otherWords = new Alert(AlertType.RAISED, Alerts.ID, "prod", List.of("keycloak"), Alerts.RAISED_AT,
                Alerts.BEGIN, "reworded");

        assertThat(List.of(otherIncident, clearedAtTheSameMoment, raisedAgainLater))
                .extracting(AlertId::of).doesNotContain(AlertId.of(raised)).doesNotHaveDuplicates();
        assertThat(AlertId.of(otherWords)).isEqualTo(AlertId.of(raised));
    }
}
