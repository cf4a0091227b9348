package timelines.contracts;

import java.util.Set;

/**
 * The sources a signal can name (DESIGN sections 4 and 4a): what a metric may carry as its
 * {@code source} label. A signal relayed through the generic format may name any monitor; on a
 * metric, one not listed here is {@code other}, so payload text never multiplies the series.
 */
public final class SignalSources {
    public static final Set<String> KNOWN = Set.of("sentry", "alertmanager", "grafana", "uptime-kuma", "uptimerobot",
            "pingdom", "cloudwatch", "pagerduty", "opsgenie", "amqp", "probe", "generic", "ingest", "datadog",
            "newrelic", "gcp-monitoring", "azure-monitor", "honeybadger", "rollbar", "statuspage", "github", "gitlab",
            "slack", "jira", "records", "signals", "timelines");

    /** The label a metric gives a source. */
    public static final String OTHER = "other";

    private SignalSources() {}

    public static String label(String source) {
        return source != null && KNOWN.contains(source) ? source : OTHER;
    }
}
