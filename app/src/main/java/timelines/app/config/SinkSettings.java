package timelines.app.config;

import java.net.URI;
import java.nio.file.Path;
import timelines.sink.alerts.AlertTargets;

/**
 * The sink: where drafts go, its pages' port, where unrecorded-outage alerts are delivered.
 *
 * @param port the port of {@code timelines sink} (and of {@code run}'s extra sink port when given)
 * @param slackWebhook a secret: never logged
 * @param draftLinkBase how alerts point at a draft; null: {@code run} links its own page, a lone sink
 *     names the incident only
 * @param alertSeverity the {@code severity} label of the alerts sent to Alertmanager
 */
public record SinkSettings(Path out, int port, URI slackWebhook, URI alertmanager, String draftLinkBase,
        String alertSeverity) {
    static SinkSettings read(Values v) {
        return new SinkSettings(v.path("sink.out"), v.number("sink.port", 0, 65535), v.httpUrl("sink.slackWebhook"),
                v.httpUrl("sink.alertmanager"), v.text("sink.draftLinkBase"), v.text("sink.alertSeverity"));
    }

    /**
     * The configured targets over {@code base} (its delivery policy, attempts and backoff, is not
     * configurable; see {@link AlertTargets#defaults()}); {@code link} is the draft link when neither
     * names one.
     */
    public AlertTargets alertTargets(AlertTargets base, String link) {
        String draftLink = draftLinkBase != null ? draftLinkBase
                : base.draftLinkBase() != null ? base.draftLinkBase() : link;
        return base.withSlackWebhook(slackWebhook != null ? slackWebhook : base.slackWebhook())
                .withAlertmanager(alertmanager != null ? alertmanager : base.alertmanager())
                .withDraftLinkBase(draftLink)
                .withAlertSeverity(alertSeverity);
    }
}
