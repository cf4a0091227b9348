package timelines.app.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import timelines.app.config.TimelinesConfig;
import timelines.app.kafka.TopicAdmin;
import timelines.contracts.Topics;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create every topic of the pipeline with its partitions, retention and compaction, or (--check) "
                + "only report what is missing or differs. Exits 1 when anything differs.")
final class TopicsCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML config (kafka.bootstrapServers, kafka.partitions, kafka.client.*).")
    Path config;

    @Option(names = "--bootstrap-servers", description = "Kafka (default: the config's, or KAFKA_BOOTSTRAP_SERVERS).")
    String bootstrapServers;

    @Option(names = "--check", description = "Change nothing; only report.")
    boolean check;

    @Override
    public Integer call() {
        TimelinesConfig c = TimelinesConfig.load(config, System.getenv(), bootstrapServers == null ? Map.of()
                : Map.of("kafka.bootstrapServers", bootstrapServers));
        String bootstrap = c.kafka().bootstrapServers();
        if (bootstrap == null) {
            throw new IllegalArgumentException("which Kafka? pass --bootstrap-servers or set KAFKA_BOOTSTRAP_SERVERS");
        }
        List<Topics.Spec> specs = Topics.all(c.kafka().partitions(), Topics.RAW_RETENTION);
        if (!check) {
            TopicAdmin.ensure(bootstrap, specs, c.kafka().client());
        }
        List<String> drift = TopicAdmin.check(bootstrap, specs, c.kafka().client());
        for (Topics.Spec s : specs) {
            boolean ok = drift.stream().noneMatch(d -> d.startsWith(s.name() + " "));
            System.out.printf("%-24s %3d partitions  %s  %s%n", s.name(), s.partitions(), s.configs(), ok ? "ok" : "DIFFERS");
        }
        drift.forEach(d -> System.out.println("drift: " + d));
        return drift.isEmpty() ? 0 : 1;
    }
}
