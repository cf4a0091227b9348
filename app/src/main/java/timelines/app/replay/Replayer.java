package timelines.app.replay;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.contracts.Alert;
import timelines.contracts.Incident;
import timelines.contracts.Json;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.Sources;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.delivery.Outcome;
import timelines.ingest.delivery.Payload;
import timelines.ingest.kafka.KafkaPublisher;
import timelines.contracts.Heartbeats;
import timelines.ingest.kafka.TickEmitter;
import timelines.sink.consume.TopicDrain;
import timelines.sink.drafts.DraftWriter;
import timelines.streams.CorrelationSettings;
import timelines.streams.StreamsRunner;
import timelines.ingest.catalog.CatalogPublication;
import timelines.ingest.catalog.CatalogPublisher;

/**
 * Re-derives timelines from a capture (DESIGN section 7) on a fresh throwaway broker: every line
 * goes through the same ingest path as a live delivery, with its own {@code receivedAt}; one tick
 * then moves stream time past the end; the topology runs over all of it; the final revision of
 * each incident is written as drafts. Everything is produced before the topology starts, so it
 * reads its input in timestamp order and the same capture always gives the same bytes.
 */
public final class Replayer {
    /** How far past the last delivery stream time is moved, so every episode that can end, ends. */
    static final Duration SETTLE = Duration.ofDays(1);
    public static final String APPLICATION_ID = "timelines-replay";
    static final Duration TOPOLOGY_PROGRESS_EVERY = Duration.ofSeconds(10);

    private Replayer() {}

    public record Rejection(int line, String source, Instant receivedAt, String reason) {}

    /**
     * {@code incidents}: outages and warning incidents alike, in BEGIN order, each read from its
     * draft in {@code out} when asked for; {@code outages}: how many of them are outages (DESIGN 5a).
     */
    public record Result(int deliveries, int accepted, int ignored, List<Rejection> rejected,
            List<Incident> incidents, int outages, List<Alert> alerts, Path out, Duration took, Duration feedTook) {

        /** Incidents no signal showed users affected by: their JSON, no postmortem. */
        public int warningIncidents() {
            return incidents.size() - outages;
        }

        /**
         * One line, always of this shape (scripts read it): {@code replay: D deliveries (A accepted, I
         * ignored, R rejected) -> N outages, M warning incidents, K alerts in OUT (S s)}; K counts
         * every line of {@code alerts.jsonl} (raised, cleared and silent).
         */
        public String summaryLine() {
            return String.format(java.util.Locale.ROOT, "replay: %d deliveries (%d accepted, %d ignored, %d rejected) -> "
                            + "%d outages, %d warning incidents, %d alerts in %s (%.1f s)", deliveries, accepted, ignored,
                    rejected.size(), outages, warningIncidents(), alerts.size(), out, took.toMillis() / 1000.0);
        }
    }

    public static Result replay(Path input, Path out, Catalog catalog, CorrelationSettings settings,
            PrintStream progress) throws Exception {
        return replay(input, out, catalog, settings, java.util.Set.of(), progress);
    }

    /**
     * @param slackChannels the Slack channel ids whose messages are reports ({@code ingest.slack.channels}):
     *     a captured Slack delivery is normalized again like any other; its signature, checked when it
     *     was received and never kept, is not checked again
     */
    public static Result replay(Path input, Path out, Catalog catalog, CorrelationSettings settings,
            java.util.Set<String> slackChannels, PrintStream progress) throws Exception {
        long started = System.nanoTime();
        if (!Files.isReadable(input)) {
            throw new IllegalArgumentException("cannot read capture " + input);
        }
        Path work = Files.createTempDirectory("timelines-replay-");
        MeterRegistry meters = new SimpleMeterRegistry();
        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(work.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicAdmin.ensure(bootstrap, Topics.forReplay(), Map.of());

            long feedStarted = System.nanoTime();
            Feed feed;
            try (Feed f = new Feed(bootstrap, catalog, settings.heartbeats(), slackChannels, meters, progress,
                    Feed.WINDOW);
                    BufferedReader reader = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
                String line;
                while ((line = reader.readLine()) != null) {
                    f.line(line);
                }
                f.tickPastEnd();
                feed = f;
            }
            Duration fed = Duration.ofNanos(System.nanoTime() - feedStarted);
            progress.printf("replay: %,d deliveries fed in %.1f s (%,.0f/s); the topology runs over them next%n",
                    feed.deliveries, fed.toNanos() / 1e9, feed.deliveries / Math.max(1e-9, fed.toNanos() / 1e9));

            List<Alert> alerts;
            try (StreamsRunner streams = new StreamsRunner(bootstrap, APPLICATION_ID, work.resolve("streams"), settings,
                    meters, Map.of())) {
                streams.start();
                awaitCaughtUp(bootstrap, Duration.ofMinutes(10), progress);
                alerts = alerts(bootstrap);
            }
            Files.createDirectories(out);
            Drafted incidents = writeLatestRevisions(bootstrap, new DraftWriter(out));
            writeOutputs(out, alerts, feed.rejected);
            return new Result(feed.deliveries, feed.accepted, feed.ignored, feed.rejected, incidents,
                    incidents.outages(), alerts, out, Duration.ofNanos(System.nanoTime() - started), fed);
        } finally {
            deleteTree(work);
        }
    }

    /**
     * Feeds capture lines through the ingest path, in order, with up to {@link #WINDOW} deliveries
     * waiting for Kafka's ack at once (for a topology that is not running yet); counts what became of them in capture order, as they are
     * acknowledged. Call {@link #awaitOutcomes} (or {@link #tickPastEnd}) before reading the
     * counts or starting a topology over what was fed.
     */
    public static final class Feed implements AutoCloseable {
        /**
         * Deliveries in flight at most: enough to keep the producer's batches full, few enough that
         * their records (about 1 KB a delivery) stay well inside its 32 MB buffer.
         */
        static final int WINDOW = 4096;
        private static final long PROGRESS_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

        private final KafkaPublisher publisher;
        private final DeliveryProcessor processor;
        private final PrintStream progress;
        private final int window;
        private final Deque<InFlight> inFlight = new ArrayDeque<>();
        private final long started = System.nanoTime();
        private long reported = started;
        int lineNo;
        int deliveries;
        int accepted;
        int ignored;
        final List<Rejection> rejected = new ArrayList<>();
        Instant last;

        /** Only what a rejection needs, so a line's body is not kept while it waits. */
        private record InFlight(int line, String source, Instant receivedAt, CompletableFuture<Outcome> outcome) {}

        public Feed(String bootstrap, Catalog catalog, MeterRegistry meters, PrintStream progress) {
            this(bootstrap, catalog, meters, progress, WINDOW);
        }

        /**
         * With {@code window} 0 each line is acknowledged before {@link #line} returns, as it was
         * before the feed was pipelined. That is for feeding a topology that is already running: a
         * burst lets it read one topic ahead of another (a declared incident after the signals 15
         * minutes later, say), where deliveries one at a time reach it in capture order.
         */
        public Feed(String bootstrap, Catalog catalog, MeterRegistry meters, PrintStream progress, int window) {
            this(bootstrap, catalog, Heartbeats.DEFAULT_NAMES, meters, progress, window);
        }

        /**
         * Publishes the catalog on {@code catalog.v1} first (unless it is the newest version there): on
         * a replay's fresh topic it is the first version, in force from the beginning of time, so the
         * topology decides every delivery of the capture with it, however early its times.
         *
         * @param heartbeats alert names that are heartbeats ({@code correlation.heartbeats})
         */
        public Feed(String bootstrap, Catalog catalog, java.util.Collection<String> heartbeats, MeterRegistry meters,
                PrintStream progress, int window) {
            this(bootstrap, catalog, heartbeats, java.util.Set.of(), meters, progress, window);
        }

        /** @param slackChannels the Slack channel ids whose messages are reports ({@code ingest.slack.channels}) */
        public Feed(String bootstrap, Catalog catalog, java.util.Collection<String> heartbeats,
                java.util.Set<String> slackChannels, MeterRegistry meters, PrintStream progress, int window) {
            this.window = window;
            new CatalogPublisher(bootstrap, Map.of(), java.time.Clock.systemUTC(), CatalogPublication.ACTIVATION_DELAY,
                    "replay", meters).publish(catalog);
            this.publisher = new KafkaPublisher(bootstrap, Duration.ofSeconds(30), Map.of(
                    // The order within each partition is what makes a replay give the same bytes every time. The
                    // idempotent producer keeps it with up to 5 requests in flight, except on a partition that is
                    // still opening: the broker takes any first sequence from a producer it does not know yet, so
                    // batch 1 can land before a retried batch 0 (ScaleOutIT met it right after creating its
                    // topics, as OutOfOrderSequenceException until the delivery timed out). With one request at a
                    // time nothing can overtake a retry, and it costs nothing measurable: each request carries
                    // big batches for every partition.
                    "enable.idempotence", "true",
                    "max.in.flight.requests.per.connection", "1",
                    // With a window in flight the batches fill up. At the default 16 KB, the many small requests
                    // took the CPU the feed needed: 9,000-20,000 deliveries/s against 35,000-60,000 (warm, 2
                    // cores, broker in the same process). Half a MB stays clear of the broker's 1 MB batch limit.
                    "batch.size", String.valueOf(512 * 1024),
                    // Batches fill while 5 requests are in flight anyway; lingering would only delay each line
                    // of a feed with no window.
                    "linger.ms", "0"));
            this.processor = new DeliveryProcessor(Sources.normalizers(catalog.defaultEnv(), heartbeats, slackChannels),
                    publisher, meters, () -> catalog);
            this.progress = progress;
        }

        public void line(String line) {
            lineNo++;
            if (line.isBlank()) {
                return;
            }
            deliveries++;
            RawDelivery raw;
            try {
                raw = CaptureLine.parse(line);
            } catch (Payload.Invalid e) {
                // Queued behind the lines in flight, so rejected.jsonl stays in line order.
                inFlight.add(new InFlight(lineNo, null, null, CompletableFuture.completedFuture(
                        new Outcome(Outcome.Kind.REJECTED, List.of(), "line " + lineNo + ": " + e.getMessage()))));
                countAcknowledged();
                return;
            }
            last = last == null || raw.receivedAt().isAfter(last) ? raw.receivedAt() : last;
            inFlight.add(new InFlight(lineNo, raw.source(), raw.receivedAt(), processor.processAsync(raw)));
            countAcknowledged();
        }

        /** Waits for every line fed so far to be acknowledged, and counts it. */
        public void awaitOutcomes() {
            while (!inFlight.isEmpty()) {
                count(inFlight.poll());
            }
        }

        /** Moves stream time past the last delivery, so everything that can end, ends. */
        public void tickPastEnd() throws Exception {
            // An unavailable broker fails the replay here, before any tick suggests the capture is all in.
            awaitOutcomes();
            if (last != null) {
                new TickEmitter(publisher, java.time.Clock.systemUTC()).endOfInput(last.plus(SETTLE));
            }
        }

        /** Seconds since this feed was created. */
        double seconds() {
            return (System.nanoTime() - started) / 1e9;
        }

        private void countAcknowledged() {
            while (!inFlight.isEmpty() && (inFlight.size() > window || inFlight.peek().outcome().isDone())) {
                count(inFlight.poll());
            }
            long now = System.nanoTime();
            if (now - reported >= PROGRESS_EVERY_NANOS) {
                reported = now;
                progress.printf("replay: %,d deliveries fed in %.0f s (%,d acknowledged)%n", deliveries, seconds(),
                        deliveries - inFlight.size());
            }
        }

        private void count(InFlight f) {
            Outcome outcome = f.outcome().join();
            switch (outcome.kind()) {
                case ACCEPTED -> accepted++;
                case IGNORED -> ignored++;
                case REJECTED -> rejected.add(new Rejection(f.line(), f.source(), f.receivedAt(), outcome.reason()));
                case UNAVAILABLE -> throw new IllegalStateException(
                        "the replay broker stopped answering at line " + f.line() + ": " + outcome.reason());
            }
        }

        @Override
        public void close() {
            publisher.close();
        }
    }

    public static List<Alert> alerts(String bootstrap) {
        return TopicDrain.readAll(bootstrap, Topics.ALERTS, JsonSerde.of(Alert.class), Map.of()).stream()
                .map(r -> r.value()).filter(java.util.Objects::nonNull).toList();
    }

    /** Enough of a revision to know whether it is an incident's last: the rest is skipped unread. */
    record RevisionOf(String id, long revision) {}

    /**
     * The incidents a replay drafted, in BEGIN order, each read back from its JSON draft when
     * asked for; and how many are outages, counted as they were written.
     */
    static final class Drafted extends AbstractList<Incident> {
        private final List<Path> drafts;
        private final int outages;

        Drafted(List<Path> drafts, int outages) {
            this.drafts = List.copyOf(drafts);
            this.outages = outages;
        }

        int outages() {
            return outages;
        }

        @Override
        public Incident get(int index) {
            try {
                return Json.mapper().readValue(drafts.get(index).toFile(), Incident.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public int size() {
            return drafts.size();
        }
    }

    /**
     * Writes the final revision of every incident on {@code incidents.v1} (merged ones left out) as
     * a draft (an outage's JSON and Markdown, a warning incident's JSON alone), holding only each
     * incident's id, last revision number, BEGIN and whether it is an outage, not the incidents:
     * one pass finds each id's last revision, a second writes it. A replay of millions of signals
     * makes thousands of incidents, which together did not fit in a 1 GiB heap (BENCHMARKS.md,
     * memory).
     */
    static Drafted writeLatestRevisions(String bootstrap, DraftWriter writer) {
        Map<String, RevisionOf> last = lastPerIncident(bootstrap, RevisionOf.class, RevisionOf::id,
                RevisionOf::revision);
        Map<String, Instant> begins = new HashMap<>();
        Map<String, Path> drafts = new HashMap<>();
        int[] outages = {0};
        TopicDrain.forEach(bootstrap, Topics.INCIDENTS, JsonSerde.of(Incident.class), Map.of(), r -> {
            Incident i = r.value();
            RevisionOf wanted = i == null ? null : last.get(i.id());
            if (wanted != null && wanted.revision() == i.revision() && !drafts.containsKey(i.id())) {
                drafts.put(i.id(), writer.replace(i).json());
                begins.put(i.id(), i.begin());
                outages[0] += i.isOutage() ? 1 : 0;
            }
        });
        List<String> ids = new ArrayList<>(drafts.keySet());
        ids.sort(Comparator.comparing((String id) -> begins.get(id), Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(id -> id));
        return new Drafted(ids.stream().map(drafts::get).toList(), outages[0]);
    }

    /** The final revision of every incident on {@code incidents.v1}, merged ones left out. */
    public static List<Incident> latestRevisions(String bootstrap) {
        List<Incident> out = new ArrayList<>(lastPerIncident(bootstrap, Incident.class, Incident::id,
                Incident::revision).values());
        out.sort(Comparator.comparing(Incident::begin, Comparator.nullsLast(Comparator.<Instant>naturalOrder()))
                .thenComparing(Incident::id));
        return out;
    }

    /**
     * The value of each incident's highest revision on {@code incidents.v1}, read as {@code type};
     * a tombstone drops the incident (it merged into another). The topic is streamed, so only the
     * values kept are held.
     */
    private static <T> Map<String, T> lastPerIncident(String bootstrap, Class<T> type, Function<T, String> id,
            ToLongFunction<T> revision) {
        Map<String, T> last = new LinkedHashMap<>();
        TopicDrain.forEach(bootstrap, Topics.INCIDENTS, JsonSerde.of(type), Map.of(), r -> {
            T value = r.value();
            if (value == null) {
                last.remove(r.key());
                return;
            }
            last.merge(id.apply(value), value,
                    (seen, next) -> revision.applyAsLong(next) > revision.applyAsLong(seen) ? next : seen);
        });
        return last;
    }

    /** alerts.jsonl and rejected.jsonl beside the drafts. */
    static void writeOutputs(Path out, List<Alert> alerts, List<Rejection> rejected) throws IOException {
        StringBuilder a = new StringBuilder();
        for (Alert alert : alerts) {
            a.append(Json.mapper().writeValueAsString(alert)).append('\n');
        }
        DraftWriter.atomicWrite(out.resolve("alerts.jsonl"), a.toString().getBytes(StandardCharsets.UTF_8));
        StringBuilder r = new StringBuilder();
        for (Rejection x : rejected) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("line", x.line());
            line.put("source", x.source());
            line.put("receivedAt", x.receivedAt());
            line.put("reason", x.reason());
            r.append(Json.mapper().writeValueAsString(line)).append('\n');
        }
        DraftWriter.atomicWrite(out.resolve("rejected.jsonl"), r.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Waits until the topology has committed its way to the end of its input topics; gives up when it made no progress for {@code timeout}. */
    public static void awaitCaughtUp(String bootstrap, Duration timeout) throws Exception {
        awaitCaughtUp(bootstrap, timeout, null);
    }

    /** The same, saying every {@link #TOPOLOGY_PROGRESS_EVERY} how far it got, so a long replay does not look hung. */
    public static void awaitCaughtUp(String bootstrap, Duration timeout, PrintStream progress) throws Exception {
        long reported = System.nanoTime();
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long deadline = System.nanoTime() + timeout.toNanos();
        long reachedAt = -1;
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetSpec> ends = new LinkedHashMap<>();
            for (String topic : List.of(Topics.SIGNALS, Topics.RECORDS)) {
                admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                        .forEach(pi -> ends.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest()));
            }
            Map<TopicPartition, Long> end = new LinkedHashMap<>();
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> end.put(tp, info.offset()));
            while (true) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(APPLICATION_ID)
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                boolean done = end.entrySet().stream().allMatch(e -> e.getValue() == 0
                        || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue()));
                if (done && outputsSettled(admin)) {
                    return;
                }
                long total = end.values().stream().mapToLong(Long::longValue).sum();
                long at = end.entrySet().stream().filter(e -> committed.get(e.getKey()) != null)
                        .mapToLong(e -> Math.min(e.getValue(), committed.get(e.getKey()).offset())).sum();
                if (at > reachedAt) {
                    // A long capture may take hours: only a topology that stopped moving is given up on.
                    reachedAt = at;
                    deadline = System.nanoTime() + timeout.toNanos();
                }
                if (progress != null && System.nanoTime() - reported >= TOPOLOGY_PROGRESS_EVERY.toNanos()) {
                    reported = System.nanoTime();
                    progress.printf("replay: the topology is at %,d of %,d input records%n", at, total);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the topology made no progress for " + timeout + " (at " + at
                            + " of " + total + " input records; committed " + committed + ", end " + end + ")");
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Whether every transaction on the output topics is complete: the group's offsets become
     * visible a moment before the commit markers reach the outputs, so a drain started on the
     * offsets alone could miss the last revisions.
     */
    private static boolean outputsSettled(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (String topic : List.of(Topics.INCIDENTS, Topics.ALERTS)) {
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(pi -> latest.put(new TopicPartition(topic, pi.partition()), OffsetSpec.latest()));
        }
        var uncommitted = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all()
                .get(30, TimeUnit.SECONDS);
        var committed = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(30, TimeUnit.SECONDS);
        return latest.keySet().stream().allMatch(tp -> uncommitted.get(tp).offset() == committed.get(tp).offset());
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // A temp dir left behind is harmless; the replay's result is already written.
        }
    }
}
