package timelines.app.soak;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import timelines.app.kafka.EmbeddedKafka;
import timelines.contracts.Topics;

/**
 * A three-node Kafka cluster, ingest, streams and the sink each in a process of their own, a
 * {@link Load} against ingest, and the faults of a {@link FaultSchedule} (each a {@code kill -9});
 * then the drafts are counted against the deliveries ingest acknowledged ({@link Tally}). What
 * {@code timelines soak} runs, and the fault tests with a shorter load.
 */
public final class Soak {
    private static final String TOKEN_ENV = "TIMELINES_TOKEN";

    /**
     * @param dir        where the cluster, the state and the drafts go (emptied by the caller)
     * @param classpath  the jar (or class path) that holds {@code timelines.app.cli.Main}, for the processes
     * @param load       how long the load runs; faults are planned in it
     * @param faults     when which fault is injected
     * @param lanes      concurrent senders
     * @param perSecond  deliveries per second over all lanes
     * @param brokerDown how long a killed broker stays down before it is started again
     * @param drain      how long, after the load, the drafts may take to catch up
     */
    public record Settings(Path dir, String classpath, Duration load, List<FaultSchedule.Planned> faults, int lanes,
            double perSecond, Duration brokerDown, Duration drain) {}

    /**
     * @param faults     what was injected, in order
     * @param retries    deliveries sent again after no 2xx
     * @param unanswered deliveries given up on (never answered 2xx)
     * @param refused    deliveries answered 4xx
     * @param unreadable drafts that were not a whole incident
     * @param omitted    soak timeline lines left out by the entry caps
     * @param brokerErrors ERROR lines in the Kafka nodes' logs, for the report
     */
    public record Result(Tally tally, List<Injected> faults, long retries, long unanswered, long refused,
            List<String> unreadable, long omitted, List<String> brokerErrors) {
        /** Nothing lost, nothing duplicated, every delivery answered, every draft whole. */
        public boolean clean() {
            return tally.clean() && unanswered == 0 && refused == 0 && unreadable.isEmpty();
        }
    }

    /**
     * One fault as it happened.
     *
     * @param at             after the start of the load
     * @param what           what it hit (the node it killed)
     * @param acceptedBefore deliveries acknowledged before it: the load was running
     */
    public record Injected(Fault fault, Duration at, String what, long acceptedBefore) {}

    private Soak() {}

    public static Result run(Settings s, PrintStream log) throws Exception {
        Path dir = s.dir().toAbsolutePath();
        Files.createDirectories(dir);
        long began = System.nanoTime();
        try (KafkaCluster cluster = KafkaCluster.start(dir.resolve("kafka"), s.classpath(), Duration.ofSeconds(120))) {
            log.printf("soak: 3 Kafka nodes at %s (%d s)%n", cluster.bootstrapServers(), seconds(began));
            Pipeline pipeline = new Pipeline(dir, s.classpath(), cluster.bootstrapServers());
            try {
                pipeline.start(log);
                List<Injected> done = new ArrayList<>();
                Load load = new Load(pipeline.ingestPort, pipeline.token, s.lanes(), s.perSecond(), Clock.systemUTC())
                        .start();
                long loadStart = System.nanoTime();
                for (FaultSchedule.Planned p : s.faults()) {
                    sleepUntil(loadStart, p.at());
                    long acceptedBefore = load.accepted().size();
                    Duration at = Duration.ofNanos(System.nanoTime() - loadStart);
                    String what = inject(p.fault(), cluster, pipeline, s.brokerDown());
                    log.printf("soak: %3d s %s: %s (accepted before: %,d)%n", at.toSeconds(), p.fault(), what,
                            acceptedBefore);
                    done.add(new Injected(p.fault(), at, what, acceptedBefore));
                }
                sleepUntil(loadStart, s.load());
                load.close();
                log.printf("soak: load stopped after %d s: %,d accepted, %,d retries; waiting for the drafts%n",
                        seconds(loadStart), load.accepted().size(), load.retries());
                DraftScan scan = awaitDrafts(load.accepted(), pipeline.out, s.drain());
                Tally tally = Tally.of(load.accepted(), scan.occurrences());
                List<String> errors = brokerErrors(cluster);
                if (!tally.clean()) {
                    log.println(pipeline.tails());
                }
                return new Result(tally, done, load.retries(), load.unanswered(), load.refused(), scan.unreadable(),
                        scan.omitted(), errors);
            } finally {
                pipeline.close();
            }
        }
    }

    /** Waits until every accepted delivery is drafted, or until {@code drain} passed. */
    private static DraftScan awaitDrafts(java.util.Set<String> accepted, Path out, Duration drain)
            throws InterruptedException {
        long deadline = System.nanoTime() + drain.toNanos();
        DraftScan scan = DraftScan.of(out);
        while (Tally.of(accepted, scan.occurrences()).lost() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            scan = DraftScan.of(out);
        }
        // A late duplicate (a replayed revision) would come within a commit or two: look once more.
        Thread.sleep(3000);
        return DraftScan.of(out);
    }

    private static String inject(Fault fault, KafkaCluster cluster, Pipeline pipeline, Duration brokerDown)
            throws Exception {
        switch (fault) {
            case PARTITION_LEADER_BROKER -> {
                // A node killed before the last one caught up would leave one replica in sync: writes would
                // stop (safely) until it did. An operator waits too.
                cluster.awaitFullyReplicated(Duration.ofSeconds(120));
                int leader = cluster.leaderOf(Topics.SIGNALS, 0);
                cluster.kill(leader);
                Thread.sleep(brokerDown.toMillis());
                cluster.restart(leader);
                return "killed node " + leader + " (leader of " + Topics.SIGNALS + "-0), restarted it after "
                        + brokerDown.toSeconds() + " s";
            }
            case STREAMS -> {
                pipeline.streams.kill();
                pipeline.streams.start();
                return "killed streams, started it again";
            }
            case SINK -> {
                pipeline.sink.kill();
                pipeline.sink.start();
                return "killed the sink, started it again";
            }
            default -> throw new IllegalStateException();
        }
    }

    private static List<String> brokerErrors(KafkaCluster cluster) {
        List<String> out = new ArrayList<>();
        cluster.logs().forEach((id, text) -> {
            List<String> lines = text.lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(" ERROR ")) {
                    // The exception is on the next line: its class says more than the message before it.
                    String next = i + 1 < lines.size() && lines.get(i + 1).matches("^[a-z][\\w.]+(Exception|Error).*")
                            ? " <- " + lines.get(i + 1) : "";
                    out.add("node " + id + ": " + lines.get(i) + next);
                }
            }
        });
        return out;
    }

    private static void sleepUntil(long start, Duration at) throws InterruptedException {
        long wait = start + at.toNanos() - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    private static long seconds(long since) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    }

    /** Ingest, streams and the sink against the cluster, each from one config file. */
    private static final class Pipeline implements AutoCloseable {
        final String token = UUID.randomUUID().toString();
        final int ingestPort = EmbeddedKafka.freePort();
        final int streamsPort = EmbeddedKafka.freePort();
        final int sinkPort = EmbeddedKafka.freePort();
        final Path out;
        final JavaChild ingest;
        final JavaChild streams;
        final JavaChild sink;

        Pipeline(Path dir, String classpath, String bootstrap) throws IOException {
            this.out = dir.resolve("drafts");
            Path config = dir.resolve("timelines.yaml");
            Files.writeString(config, """
                    kafka:
                      bootstrapServers: %s
                      partitions: 3
                      client:
                        # A killed member leaves no goodbye: its partitions move after this, not after 45 s.
                        session.timeout.ms: 6000
                        heartbeat.interval.ms: 1000
                    ingest:
                      host: 127.0.0.1
                      port: %d
                      tickInterval: PT1S
                    ops:
                      host: 127.0.0.1
                    streams:
                      applicationId: timelines-soak
                      stateDir: %s
                      port: %d
                    sink:
                      out: %s
                      port: %d
                    """.formatted(bootstrap, ingestPort, dir.resolve("streams-state"), streamsPort, out, sinkPort));
            List<String> args = List.of("--config", config.toString());
            this.ingest = child(classpath, "ingest", args, dir, Map.of(TOKEN_ENV, token));
            this.streams = child(classpath, "streams", args, dir, Map.of());
            this.sink = child(classpath, "sink", args, dir, Map.of());
        }

        private static JavaChild child(String classpath, String kind, List<String> args, Path dir,
                Map<String, String> env) {
            List<String> all = new ArrayList<>(List.of(kind));
            all.addAll(args);
            return new JavaChild(classpath, "256m", all, dir, kind, env);
        }

        void start(PrintStream log) throws Exception {
            long began = System.nanoTime();
            // Ingest first: it creates the topics the others would otherwise race to create.
            ingest.start();
            awaitReady(ingest, ingestPort);
            streams.start();
            sink.start();
            awaitReady(streams, streamsPort);
            awaitReady(sink, sinkPort);
            log.printf("soak: ingest, streams and sink ready (%d s)%n", seconds(began));
        }

        private static void awaitReady(JavaChild child, int port) throws Exception {
            HttpClient client = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!child.alive()) {
                    throw new IllegalStateException(child.log().getFileName() + " exited:\n" + child.tail(40));
                }
                try {
                    HttpResponse<Void> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/readyz")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // Not listening yet.
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException(child.log().getFileName() + " not ready in 120 s:\n" + child.tail(40));
        }

        String tails() {
            return "---- ingest ----\n" + ingest.tail(30) + "\n---- streams ----\n" + streams.tail(30)
                    + "\n---- sink ----\n" + sink.tail(30);
        }

        @Override
        public void close() throws InterruptedException {
            sink.stop(20);
            streams.stop(20);
            ingest.stop(20);
        }
    }
}
