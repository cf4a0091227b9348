package timelines.ingest;

import java.util.List;
import timelines.ingest.alertmanager.AlertmanagerNormalizer;
import timelines.ingest.amqp.AmqpNormalizer;
import timelines.ingest.cloudwatch.CloudWatchNormalizer;
import timelines.ingest.jira.JiraNormalizer;
import timelines.ingest.pingdom.PingdomNormalizer;
import timelines.ingest.uptimekuma.UptimeKumaNormalizer;
import timelines.ingest.uptimerobot.UptimeRobotNormalizer;
import timelines.ingest.delivery.Normalizers;
import timelines.ingest.grafana.GrafanaNormalizer;
import timelines.ingest.opsgenie.OpsgenieNormalizer;
import timelines.ingest.pagerduty.PagerDutyNormalizer;
import timelines.ingest.probe.ProbeNormalizer;
import timelines.ingest.sentry.SentryNormalizer;
import timelines.ingest.generic.GenericSignalNormalizer;
import timelines.ingest.generic.RecordNormalizer;

/** Every source ingest understands. Adding a vendor is one line here and one package. */
public final class Sources {
    private Sources() {}

    public static Normalizers normalizers(String defaultEnv) {
        return new Normalizers(List.of(
                new GenericSignalNormalizer(defaultEnv),
                new RecordNormalizer(defaultEnv),
                new SentryNormalizer(defaultEnv),
                new AlertmanagerNormalizer(defaultEnv),
                new GrafanaNormalizer(defaultEnv),
                new PagerDutyNormalizer(defaultEnv),
                new OpsgenieNormalizer(defaultEnv),
                new UptimeKumaNormalizer(defaultEnv),
                new UptimeRobotNormalizer(defaultEnv),
                new PingdomNormalizer(defaultEnv),
                new CloudWatchNormalizer(defaultEnv),
                new AmqpNormalizer(defaultEnv),
                new JiraNormalizer(defaultEnv),
                new ProbeNormalizer(defaultEnv)));
    }
}
