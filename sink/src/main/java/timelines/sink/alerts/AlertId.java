package timelines.sink.alerts;

import timelines.contracts.Alert;
import timelines.contracts.Ids;

/**
 * The id of an alert. {@link Alert} carries none on {@code alerts.v1}, so the sink derives one from
 * what makes an alert itself: the incident, RAISED or CLEARED, and the stream time it happened
 * at. Streams raises an incident's alert at most once per moment of stream time, so no two alerts
 * share it, and a replay or a re-delivery of the same alert after a crash gives the same id: that
 * is what {@code alerts.jsonl} keeps one line per, and what Slack and Alertmanager receive with
 * every delivery, so a receiver can drop a page it already has.
 */
final class AlertId {
    private AlertId() {}

    static String of(Alert alert) {
        return Ids.of("alert", alert.incidentId(), alert.type() == null ? null : alert.type().name(),
                alert.at() == null ? null : alert.at().toString());
    }
}
