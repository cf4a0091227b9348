package timelines.app.cli;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import timelines.app.config.TimelinesConfig;
import timelines.app.run.AllInOne;
import timelines.ingest.Sources;
import timelines.ingest.http.WebhookAuth;

/**
 * {@code timelines run}. Each option sets a config key ({@link ConfigOptions#KEY_OF}); the fields
 * only type-check what is given, the configuration is built once from the file, the environment
 * and the options given, and every key of it takes effect.
 */
@Command(name = "run", mixinStandardHelpOptions = true, defaultValueProvider = ConfigOptions.class,
        description = "Run everything in one process: ingest over HTTP, the topology, and the draft sink, "
                + "on an embedded Kafka broker unless --bootstrap-servers is given. Every option sets a key of the "
                + "config file (README, Configuration keys); the command line wins over the environment, which wins "
                + "over the file.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--bootstrap-servers",
            description = "Kafka to use instead of the embedded broker (kafka.bootstrapServers, env KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--data-dir",
            description = "Where the embedded broker and the topology keep their state (embedded.dataDir, default: "
                    + "${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--kafka-port",
            description = "Embedded broker's client port; the controller takes the next one (embedded.port, default: "
                    + "${DEFAULT-VALUE}).")
    Integer kafkaPort;

    @Option(names = "--http-host", description = "Address to listen on (ingest.host, default: ${DEFAULT-VALUE}).")
    String httpHost;

    @Option(names = "--http-port",
            description = "Ingest HTTP port, also the pages and /metrics (ingest.port, default: ${DEFAULT-VALUE}).")
    Integer httpPort;

    @Option(names = "--out", description = "Where drafts are written (sink.out, default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--partitions",
            description = "Partitions of each topic when this run creates them (kafka.partitions, default: "
                    + "${DEFAULT-VALUE}).")
    Integer partitions;

    @Option(names = "--tick-interval",
            description = "How often stream time is moved forward while signals are quiet (ingest.tickInterval, "
                    + "default: ${DEFAULT-VALUE}).")
    Duration tickInterval;

    @Option(names = "--no-auth",
            description = "Accept deliveries without a token (ingest.noAuth). For local demos only: anyone who can "
                    + "reach the port can write signals.")
    boolean noAuth;

    @Option(names = "--probes", description = "Active probes (HTTP and AMQP checks) to run, as YAML (ingest.probes).")
    Path probes;

    @Option(names = "--sns-auto-confirm",
            description = "Confirm SNS HTTP subscriptions by fetching their SubscribeURL (https SNS endpoints only; "
                    + "ingest.snsAutoConfirm). Off: the URL is logged for a person to open.")
    boolean snsAutoConfirm;

    @Option(names = "--slack-webhook",
            description = "Slack-compatible incoming webhook for unrecorded-outage alerts (sink.slackWebhook, env "
                    + "TIMELINES_SLACK_WEBHOOK).")
    URI slackWebhook;

    @Option(names = "--alertmanager-url",
            description = "Prometheus Alertmanager base URL; alerts go to <url>/api/v2/alerts (sink.alertmanager, env "
                    + "TIMELINES_ALERTMANAGER_URL).")
    URI alertmanager;

    @Option(names = "--draft-link-base",
            description = "How alerts point at a draft: a URL or path, {id} replaced by the incident id "
                    + "(sink.draftLinkBase; default: this run's http://<host>:<port>/incidents/{id}).")
    String draftLinkBase;

    @Mixin
    CorrelationOptions correlation = new CorrelationOptions();

    /** The configuration this command line asks for, in this environment. */
    TimelinesConfig config(java.util.Map<String, String> env) {
        return TimelinesConfig.load(correlation.config, env,
                ConfigOptions.given(spec.commandLine().getParseResult(), ConfigOptions.RUN_ONLY));
    }

    @Override
    public Integer call() throws Exception {
        TimelinesConfig config = config(System.getenv());
        boolean open = config.ingest().noAuth();
        WebhookAuth auth = WebhookAuth.fromEnvironment(System.getenv(), Sources.normalizers("prod").sources(), open);
        String generated = null;
        if (open) {
            System.out.println("timelines: WARNING ingest.noAuth (--no-auth): every delivery is accepted without a "
                    + "token. Do not expose this port.");
        } else if (!auth.hasTokens()) {
            generated = WebhookAuth.randomToken();
            auth = new WebhookAuth(generated, auth.tokens(), auth.signingSecrets(), false);
        }
        AllInOne app = AllInOne.start(config, auth);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("timelines: stopping");
            app.close();
            stopped.countDown();
        }, "timelines-shutdown"));
        System.out.printf("timelines is running: Kafka %s, ingest http://localhost:%d/v1/signals, timelines at "
                + "http://localhost:%d/, drafts in %s. Ctrl-C stops it.%n", app.bootstrapServers(), app.httpPort(),
                app.httpPort(), config.sink().out().toAbsolutePath());
        if (generated != null) {
            System.out.printf("timelines: no TIMELINES_TOKEN set, so this run accepts the token %s "
                    + "(send 'Authorization: Bearer %s' or add ?token=%s to a webhook URL; set TIMELINES_TOKEN to keep "
                    + "one across runs).%n", generated, generated, generated);
        }
        stopped.await();
        return 0;
    }
}
