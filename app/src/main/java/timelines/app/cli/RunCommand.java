package timelines.app.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import timelines.app.config.TimelinesConfig;
import timelines.app.run.AllInOne;
import timelines.sink.alerts.AlertTargets;
import timelines.ingest.Sources;
import timelines.ingest.http.WebhookAuth;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run everything in one process: ingest over HTTP, the topology, and the draft sink, "
                + "on an embedded Kafka broker unless --bootstrap-servers is given.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS}",
            description = "Kafka to use instead of the embedded broker (env KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--data-dir", defaultValue = "data",
            description = "Where the embedded broker and the topology keep their state (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port", defaultValue = "9092",
            description = "Embedded broker's client port; the controller takes the next one (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--http-host", defaultValue = "0.0.0.0", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port", defaultValue = "8080", description = "Ingest HTTP port (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--out", defaultValue = "drafts", description = "Where drafts are written (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--partitions", defaultValue = "3",
            description = "Partitions of each topic when this run creates them (default: ${DEFAULT-VALUE}).")
    int partitions;

    @Option(names = "--tick-interval", defaultValue = "PT5S",
            description = "How often stream time is moved forward while signals are quiet (default: ${DEFAULT-VALUE}).")
    Duration tickInterval;

    @Option(names = "--no-auth",
            description = "Accept deliveries without a token. For local demos only: anyone who can reach the port can "
                    + "write signals.")
    boolean noAuth;

    @Option(names = "--probes", description = "Active probes (HTTP and AMQP checks) to run, as YAML.")
    Path probes;

    @Option(names = "--sns-auto-confirm",
            description = "Confirm SNS HTTP subscriptions by fetching their SubscribeURL (https SNS endpoints only). "
                    + "Off: the URL is logged for a person to open.")
    boolean snsAutoConfirm;

    @Option(names = "--slack-webhook", defaultValue = "${env:TIMELINES_SLACK_WEBHOOK}",
            description = "Slack-compatible incoming webhook for unrecorded-outage alerts (env TIMELINES_SLACK_WEBHOOK).")
    URI slackWebhook;

    @Option(names = "--alertmanager-url", defaultValue = "${env:TIMELINES_ALERTMANAGER_URL}",
            description = "Prometheus Alertmanager base URL; alerts go to <url>/api/v2/alerts (env TIMELINES_ALERTMANAGER_URL).")
    URI alertmanager;

    @Option(names = "--draft-link-base", defaultValue = "${env:TIMELINES_DRAFT_LINK_BASE}",
            description = "How alerts point at a draft: a URL or path, {id} replaced by the incident id "
                    + "(default: this run's http://<host>:<port>/incidents/{id}).")
    String draftLinkBase;

    @Mixin
    CorrelationOptions correlation = new CorrelationOptions();

    AlertTargets alertTargets() {
        String link = draftLinkBase != null ? draftLinkBase
                : "http://" + (httpHost.equals("0.0.0.0") ? "localhost" : httpHost) + ":" + httpPort + "/incidents/{id}";
        return AlertTargets.defaults().withSlackWebhook(slackWebhook).withAlertmanager(alertmanager)
                .withDraftLinkBase(link);
    }

    @Override
    public Integer call() throws Exception {
        WebhookAuth auth = WebhookAuth.fromEnvironment(System.getenv(), Sources.normalizers("prod").sources(), noAuth);
        String generated = null;
        if (noAuth) {
            System.out.println("timelines: WARNING --no-auth: every delivery is accepted without a token. "
                    + "Do not expose this port.");
        } else if (!auth.hasTokens()) {
            generated = WebhookAuth.randomToken();
            auth = new WebhookAuth(generated, auth.tokens(), auth.signingSecrets(), false);
        }
        // The config file and KAFKA_CLIENT_* give the security settings of a real cluster; the options here win.
        TimelinesConfig config = TimelinesConfig.load(correlation.config, System.getenv());
        String bootstrap = bootstrapServers != null ? bootstrapServers : config.bootstrapServers();
        AllInOne app = AllInOne.start(new AllInOne.Settings(bootstrap, dataDir, kafkaPort, httpHost, httpPort,
                out, partitions, correlation.catalog, correlation.defaultEnv, tickInterval, correlation.settings(), auth, probes, snsAutoConfirm, alertTargets()), config.kafkaClient(),
                config.kafkaClientMetrics());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("timelines: stopping");
            app.close();
            stopped.countDown();
        }, "timelines-shutdown"));
        System.out.printf("timelines is running: Kafka %s, ingest http://localhost:%d/v1/signals, timelines at "
                + "http://localhost:%d/, drafts in %s. Ctrl-C stops it.%n", app.bootstrapServers(), app.httpPort(),
                app.httpPort(), out.toAbsolutePath());
        if (generated != null) {
            System.out.printf("timelines: no TIMELINES_TOKEN set, so this run accepts the token %s "
                    + "(send 'Authorization: Bearer %s' or add ?token=%s to a webhook URL; set TIMELINES_TOKEN to keep "
                    + "one across runs).%n", generated, generated, generated);
        }
        stopped.await();
        return 0;
    }
}
