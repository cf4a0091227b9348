package timelines.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import timelines.app.config.TimelinesConfig;
import timelines.app.run.Component;

/** {@code timelines ingest|streams|sink}: one component alone against a Kafka cluster. */
abstract class ComponentCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML config (see the README's key table); environment variables "
            + "override it.")
    Path config;

    abstract Component.Kind kind();

    @Override
    public Integer call() throws Exception {
        TimelinesConfig c = TimelinesConfig.load(config, System.getenv());
        Component component = Component.start(kind(), c, System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // SIGTERM: finish requests in flight, close Streams cleanly (it commits and leaves its group).
            System.out.println("timelines " + name() + ": stopping");
            component.close();
            stopped.countDown();
        }, "timelines-shutdown"));
        System.out.printf("timelines %s is running against %s; /healthz, /readyz and /metrics on port %d%n", name(),
                c.kafka().bootstrapServers(), component.port());
        stopped.await();
        return 0;
    }

    private String name() {
        return kind().name().toLowerCase(java.util.Locale.ROOT);
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Run ingest alone: the HTTP receivers, ticks and probes, producing to Kafka.")
    static final class Ingest extends ComponentCommand {
        @Override
        Component.Kind kind() {
            return Component.Kind.INGEST;
        }
    }

    @Command(name = "streams", mixinStandardHelpOptions = true,
            description = "Run one instance of the correlation topology; instances with the same application id share "
                    + "the partitions.")
    static final class Streams extends ComponentCommand {
        @Override
        Component.Kind kind() {
            return Component.Kind.STREAMS;
        }
    }

    @Command(name = "sink", mixinStandardHelpOptions = true,
            description = "Run the sink alone: drafts on disk, alert delivery and the timeline pages.")
    static final class Sink extends ComponentCommand {
        @Override
        Component.Kind kind() {
            return Component.Kind.SINK;
        }
    }
}
