package timelines.app.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import timelines.app.config.TimelinesConfig;
import timelines.app.replay.Exporter;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the deliveries received in a time range (from signals.raw.v1) as a capture that "
                + "'timelines replay' re-derives timelines from, e.g. after a normalizer or a rule changed.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--from", required = true, description = "First receipt time, ISO-8601 (2026-11-25T00:00:00Z).")
    Instant from;

    @Option(names = "--to", required = true, description = "Last receipt time, ISO-8601, inclusive.")
    Instant to;

    @Option(names = "--out", required = true, description = "The capture file to write (JSON Lines).")
    Path out;

    @Option(names = "--config", description = "YAML config (kafka.bootstrapServers, kafka.client.*).")
    Path config;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: the config's, or KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Override
    public Integer call() throws Exception {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("--to is before --from");
        }
        TimelinesConfig c = TimelinesConfig.load(config, System.getenv(), bootstrapServers == null ? Map.of()
                : Map.of("kafka.bootstrapServers", bootstrapServers));
        String bootstrap = c.kafka().bootstrapServers();
        if (bootstrap == null) {
            throw new IllegalArgumentException("which Kafka? pass --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS");
        }
        long n = Exporter.export(bootstrap, c.kafka().client(), from, to, out);
        System.out.printf("export: %d deliveries received %s to %s -> %s%n", n, from, to, out);
        return 0;
    }
}
