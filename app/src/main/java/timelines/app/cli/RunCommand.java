package timelines.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import timelines.app.run.AllInOne;

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

    @Mixin
    CorrelationOptions correlation = new CorrelationOptions();

    @Override
    public Integer call() throws Exception {
        AllInOne app = AllInOne.start(new AllInOne.Settings(bootstrapServers, dataDir, kafkaPort, httpHost, httpPort,
                out, partitions, correlation.catalog, correlation.defaultEnv, tickInterval, correlation.settings()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("timelines: stopping");
            app.close();
            stopped.countDown();
        }, "timelines-shutdown"));
        System.out.printf("timelines is running: Kafka %s, ingest http://localhost:%d/v1/signals, drafts in %s. "
                + "Ctrl-C stops it.%n", app.bootstrapServers(), app.httpPort(), out.toAbsolutePath());
        stopped.await();
        return 0;
    }
}
