package timelines.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import timelines.app.soak.FaultSchedule;
import timelines.app.soak.Soak;

/**
 * {@code timelines soak}: minutes of load through a three-node cluster and the three components,
 * each a process, while the partition leader broker, streams and the sink are killed in turn;
 * then every acknowledged delivery is looked for in the drafts.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Run load through a 3-node Kafka cluster (replication 3, min.insync.replicas 2) and ingest, "
                + "streams and sink processes while the partition leader broker, streams and the sink are killed "
                + "(kill -9) on a schedule; then count the acknowledged deliveries in the drafts. Prints "
                + "'soak: accepted=N drafted=N lost=N duplicated=N'; exits 1 unless lost and duplicated are 0.")
final class SoakCommand implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "10", description = "How long the load runs (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--rate", defaultValue = "40",
            description = "Deliveries per second over all senders (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--lanes", defaultValue = "8", description = "Concurrent senders (default: ${DEFAULT-VALUE}).")
    int lanes;

    @Option(names = "--fault-period", defaultValue = "PT2M30S",
            description = "Each period kills the partition leader broker, then streams, then the sink "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration faultPeriod;

    @Option(names = "--broker-down", defaultValue = "PT10S",
            description = "How long a killed broker stays down (default: ${DEFAULT-VALUE}).")
    Duration brokerDown;

    @Option(names = "--dir", description = "Where the cluster, state and drafts go (default: a temporary directory, "
            + "removed afterwards).")
    Path dir;

    @Override
    public Integer call() throws Exception {
        if (minutes < 1) {
            throw new IllegalArgumentException("--minutes must be at least 1, was " + minutes);
        }
        if (lanes < 1 || !(rate > 0)) {
            throw new IllegalArgumentException("--lanes must be at least 1 and --rate above 0, were " + lanes + " and "
                    + rate);
        }
        Duration load = Duration.ofMinutes(minutes);
        Duration period = faultPeriod.compareTo(load) > 0 ? load : faultPeriod;
        boolean temporary = dir == null;
        Path work = temporary ? Files.createTempDirectory("timelines-soak") : dir;
        try {
            Soak.Result r = Soak.run(new Soak.Settings(work, classpath(), load,
                    FaultSchedule.of(load, period), lanes, rate, brokerDown, Duration.ofMinutes(3)), System.err);
            System.err.printf("soak: %d faults, %,d retries, %,d unanswered, %,d refused, %d unreadable drafts, "
                    + "%d lines over the entry caps, %d ERROR lines from the Kafka nodes%n", r.faults().size(),
                    r.retries(), r.unanswered(), r.refused(), r.unreadable().size(), r.omitted(), r.brokerErrors().size());
            r.unreadable().forEach(u -> System.err.println("soak: unreadable draft " + u));
            r.brokerErrors().stream().limit(20).forEach(e -> System.err.println("soak: " + e));
            System.out.println(r.tally().line());
            return r.clean() ? 0 : 1;
        } finally {
            if (temporary) {
                delete(work);
            }
        }
    }

    /** This JVM's class path, absolute: the processes it starts run in another directory. */
    private static String classpath() {
        return Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(p -> Path.of(p).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
