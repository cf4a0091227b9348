package timelines.ingest;

import java.util.Collection;
import java.util.List;
import timelines.contracts.Heartbeats;
import timelines.ingest.alertmanager.AlertmanagerNormalizer;
import timelines.ingest.amqp.AmqpNormalizer;
import timelines.ingest.azuremonitor.AzureMonitorNormalizer;
import timelines.ingest.cloudwatch.CloudWatchNormalizer;
import timelines.ingest.datadog.DatadogNormalizer;
import timelines.ingest.gcpmonitoring.GcpMonitoringNormalizer;
import timelines.ingest.honeybadger.HoneybadgerNormalizer;
import timelines.ingest.jira.JiraNormalizer;
import timelines.ingest.newrelic.NewRelicNormalizer;
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

    /** With the default heartbeats ({@link Heartbeats#DEFAULT_NAMES}). */
    public static Normalizers normalizers(String defaultEnv) {
        return normalizers(defaultEnv, Heartbeats.DEFAULT_NAMES);
    }

    /**
     * @param heartbeats the alertnames of heartbeats, {@code correlation.heartbeats}: an alert of
     *     severity {@code none} is a signal only when it is one of them
     */
    public static Normalizers normalizers(String defaultEnv, Collection<String> heartbeats) {
        return new Normalizers(List.of(
                new GenericSignalNormalizer(defaultEnv),
                new RecordNormalizer(defaultEnv),
                new SentryNormalizer(defaultEnv),
                new AlertmanagerNormalizer(defaultEnv, heartbeats),
                new GrafanaNormalizer(defaultEnv, heartbeats),
                new PagerDutyNormalizer(defaultEnv),
                new OpsgenieNormalizer(defaultEnv),
                new UptimeKumaNormalizer(defaultEnv),
                new UptimeRobotNormalizer(defaultEnv),
                new PingdomNormalizer(defaultEnv),
                new CloudWatchNormalizer(defaultEnv),
                new DatadogNormalizer(defaultEnv),
                new NewRelicNormalizer(defaultEnv),
                new GcpMonitoringNormalizer(defaultEnv),
                new AzureMonitorNormalizer(defaultEnv),
                new HoneybadgerNormalizer(defaultEnv),
                new AmqpNormalizer(defaultEnv),
                new JiraNormalizer(defaultEnv),
                new ProbeNormalizer(defaultEnv)));
    }
}
