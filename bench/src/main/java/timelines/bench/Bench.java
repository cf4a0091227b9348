package timelines.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.contracts.Json;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.streams.CorrelationSettings;

/**
 * {@code timelines bench}: the pipeline's speed beside Kafka's own on the same machine, in one
 * run on one fresh embedded broker (issue 7). Prints a table and, last, one line:
 * {@code bench: streams_per_s=… raw_consume_per_s=… ratio=… ingest_per_s=… e2e_p99_ms=…
 * replay_per_s=… rss_mb=…}.
 */
@Command(name = "timelines bench", mixinStandardHelpOptions = true,
        description = "Measure raw Kafka, the topology, HTTP ingest, end to end and replay side by side.")
public final class Bench implements Callable<Integer> {
    static final int DEFAULT_ERRORS = 500;

    @Option(names = "--signals", description = "Signals through the raw and streams stages (default ${DEFAULT-VALUE}).")
    int signals = 200_000;

    @Option(names = "--services", description = "Services they come from (default ${DEFAULT-VALUE}).")
    int services = 200;

    @Option(names = "--out", description = "Also write the report to this file.")
    Path out;

    @Option(names = "--smoke", description = "A tiny configuration that runs in seconds (CI).")
    boolean smoke;

    @Option(names = "--errors-per-outage",
            description = "Mean ERROR burst of one service's outage (default ${DEFAULT-VALUE}).")
    int errorsPerOutage = DEFAULT_ERRORS;

    @Option(names = "--ingest-deliveries", description = "Single deliveries posted (default: signals / 10, at most 20,000).")
    Integer ingestDeliveries;

    @Option(names = "--ingest-array-signals", description = "Signals posted in arrays (default: signals / 2, at most 100,000).")
    Integer ingestArraySignals;

    @Option(names = "--batch", description = "Signals per array (default ${DEFAULT-VALUE}).")
    int batch = 100;

    @Option(names = "--concurrency", description = "Requests in flight for the ingest stage (default ${DEFAULT-VALUE}).")
    int concurrency = 64;

    @Option(names = "--e2e-rate", description = "Signals per second offered end to end (default ${DEFAULT-VALUE}).")
    int e2eRate = 5_000;

    @Option(names = "--e2e-seconds", description = "Measured seconds end to end, after 2 s of warm-up (default ${DEFAULT-VALUE}).")
    int e2eSeconds = 5;

    @Option(names = "--e2e-batch", description = "Signals per array end to end (default ${DEFAULT-VALUE}).")
    int e2eBatch = 50;

    @Option(names = "--replay-deliveries",
            description = "Deliveries in the replayed capture (default: signals, at most 100,000).")
    Integer replayDeliveries;

    @Option(names = "--partitions", description = "Partitions of the topics, as `timelines run` (default ${DEFAULT-VALUE}).")
    int partitions = 3;

    @Option(names = "--seed", description = "Seed of the signal mix (default ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--write-capture", paramLabel = "DIR",
            description = "Only write a capture of --signals over --services (capture.jsonl) and its catalog "
                    + "(catalog.yaml) to DIR, for `timelines replay` under a heap limit (BENCHMARKS.md, memory); "
                    + "written as generated, so any size fits.")
    Path writeCapture;

    @Option(names = "--drafts", description = "Incidents drafted through the live draft writer (default ${DEFAULT-VALUE}; 0 skips).")
    int drafts = 100_000;

    @Option(names = "--drafts-only", description = "Only the draft writer stage (no broker): a table row and "
            + "`bench: drafts_per_s=...`.")
    boolean draftsOnly;

    @Option(names = "--noise", description = "Also replay weeks of realistic noise with known outages and check "
            + "what comes out (the noise row).")
    boolean noise;

    @Option(names = "--noise-only", description = "Only the noise row: a table row and a `noise: ...` line.")
    boolean noiseOnly;

    @Option(names = "--noise-signals", description = "Signals in the noise capture, at least: whole weeks are added "
            + "until it holds this many (default ${DEFAULT-VALUE}).")
    long noiseSignals = 100_000;

    @Option(names = "--write-noise", paramLabel = "DIR", description = "Only write the noise capture "
            + "(capture.jsonl, at least --noise-signals signals) and its catalog (catalog.yaml) to DIR, for "
            + "`timelines replay`.")
    Path writeNoise;

    @Option(names = "--noise-shops", description = "Copies of the noise capture's six applications in its cluster "
            + "(default ${DEFAULT-VALUE}).")
    int noiseShops = 8;

    private final PrintStream stdout;

    public Bench() {
        this(System.out);
    }

    Bench(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    /** Runs the bench with {@code args}, printing to {@code out}; returns the exit code. */
    static int run(PrintStream out, String... args) {
        return new CommandLine(new Bench(out)).execute(args);
    }

    @Override
    public Integer call() throws Exception {
        if (writeCapture != null) {
            ReplayStage.Written w = ReplayStage.writeCapture(writeCapture, signals, services, errorsPerOutage, seed);
            log("bench: wrote %,d deliveries (%,d signals over %d services, %s of event time) to %s, and %s",
                    w.deliveries(), signals, services, w.eventSpan(), w.capture(), w.catalog());
            return 0;
        }
        if (draftsOnly) {
            return draftsOnly();
        }
        if (smoke) {
            // One week of one shop: about 1,900 signals, a replay of a few seconds.
            noiseSignals = Math.min(noiseSignals, 1_000);
            noiseShops = 1;
        }
        if (writeNoise != null) {
            NoiseStage.Written w = NoiseStage.write(writeNoise, noiseSignals, noiseShops, seed);
            log("bench: wrote %,d deliveries (%,d signals, %d days over %d applications, %d outages planted) to %s, "
                    + "and its catalog", w.outcome().deliveries(), w.outcome().signals(), w.days(), 6 * noiseShops,
                    w.outcome().outages().size(), writeNoise);
            return 0;
        }
        if (noiseOnly) {
            return noiseOnly();
        }
        Duration e2eWarmUp = Duration.ofSeconds(2);
        if (smoke) {
            drafts = Math.min(drafts, 1_000);
            signals = 1_000;
            services = 20;
            errorsPerOutage = 20;
            ingestDeliveries = ingestDeliveries != null ? ingestDeliveries : 300;
            ingestArraySignals = ingestArraySignals != null ? ingestArraySignals : 2_000;
            concurrency = Math.min(concurrency, 16);
            e2eRate = 200;
            e2eSeconds = 1;
            e2eBatch = 10;
            e2eWarmUp = Duration.ofSeconds(1);
            replayDeliveries = replayDeliveries != null ? replayDeliveries : 300;
        }
        int singles = ingestDeliveries != null ? ingestDeliveries : Math.max(100, Math.min(20_000, signals / 10));
        int arraySignals = ingestArraySignals != null ? ingestArraySignals : Math.max(batch, Math.min(100_000, signals / 2));
        int replayCount = replayDeliveries != null ? replayDeliveries : Math.min(signals, 100_000);

        Catalog catalog = SignalMix.catalog(services);
        CorrelationSettings settings = CorrelationSettings.defaults();
        Path work = Files.createTempDirectory("timelines-bench-");
        log("bench: %d signals across %d services, work dir %s", signals, services, work);
        Results r = new Results();
        try {
            List<SignalMix.Delivery> mix = new SignalMix(services, errorsPerOutage, seed)
                    .generate(signals, Instant.parse("2024-03-04T00:00:00Z"));
            r.eventSpan = Duration.between(mix.get(0).observedAt(), mix.get(mix.size() - 1).observedAt());
            try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(work.resolve("kafka"))) {
                String bootstrap = kafka.bootstrapServers();
                TopicAdmin.ensure(bootstrap, topics(partitions), Map.of());

                log("bench: preloading %d signals", signals);
                r.loaded = Preload.load(bootstrap, mix, catalog);
                log("bench: raw consume");
                RawConsume.Result first = RawConsume.run(bootstrap, r.loaded.signals());
                RawConsume.Result second = RawConsume.run(bootstrap, r.loaded.signals());
                r.raw = first.perSecond() >= second.perSecond() ? first : second;
                log("bench: streams");
                r.streams = StreamsStage.run(bootstrap, work, catalog, settings, r.loaded, Duration.ofMinutes(20));
                log("bench: ingest");
                try (IngestServer ingest = new IngestServer(bootstrap, catalog)) {
                    List<byte[]> singleBodies = bodies(singles + Math.min(1_000, singles / 5), 1, seed + 1);
                    List<byte[]> arrayBodies = bodies(arraySignals + Math.min(10_000, arraySignals / 5), batch, seed + 2);
                    try (HttpLoad load = new HttpLoad(ingest.port(), "/v1/signals", 3)) {
                        int warm = singleBodies.size() - singles;
                        load.closedLoop(singleBodies.subList(0, warm), 1, concurrency);
                        r.singles = load.closedLoop(singleBodies.subList(warm, singleBodies.size()), 1, concurrency);
                        int warmArrays = arrayBodies.size() - arraySignals / batch;
                        load.closedLoop(arrayBodies.subList(0, warmArrays), batch, concurrency);
                        r.arrays = load.closedLoop(arrayBodies.subList(warmArrays, arrayBodies.size()), batch,
                                Math.max(1, Math.min(concurrency, 16)));
                    }
                    log("bench: end to end at %d signals/s", e2eRate);
                    r.e2e = EndToEnd.run(bootstrap, work, ingest, catalog, settings, e2eRate, e2eWarmUp,
                            Duration.ofSeconds(e2eSeconds), e2eBatch, services, seed);
                }
            }
            log("bench: replay of %d deliveries", replayCount);
            List<SignalMix.Delivery> capture = new SignalMix(services, errorsPerOutage, seed + 3)
                    .generate(replayCount, Instant.parse("2024-03-04T00:00:00Z"));
            capture = capture.stream().limit(replayCount).toList();
            r.replay = ReplayStage.run(work, capture, catalog, settings);
            if (drafts > 0) {
                log("bench: %,d incidents through the draft writer", drafts);
                r.drafts = DraftStage.run(work.resolve("live-drafts"), drafts, seed);
            }
            if (noise) {
                log("bench: noise, at least %,d signals over %d shops", noiseSignals, noiseShops);
                r.noise = NoiseStage.run(work, noiseSignals, noiseShops, seed);
            }
        } finally {
            deleteTree(work);
        }
        System.gc();
        r.heapAfterMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024.0 * 1024);
        r.rssPeakMb = peakRssMb();
        String report = report(r);
        stdout.print(report);
        stdout.flush();
        if (out != null) {
            Files.writeString(out, report, StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** The app's topics and partitions, with no time-based deletion: the mix has old event times. */
    static List<Topics.Spec> topics(int partitions) {
        List<Topics.Spec> specs = new ArrayList<>();
        for (Topics.Spec s : Topics.all(partitions, Topics.RAW_RETENTION)) {
            Map<String, String> configs = new HashMap<>(s.configs());
            if (configs.containsKey("retention.ms")) {
                configs.put("retention.ms", "-1");
            }
            specs.add(new Topics.Spec(s.name(), s.partitions(), configs));
        }
        return specs;
    }

    /** Bodies for {@code /v1/signals}: one signal each, or arrays of {@code per}. */
    private List<byte[]> bodies(int signalCount, int per, long mixSeed) throws IOException {
        List<SignalMix.Delivery> mix = new SignalMix(services, errorsPerOutage, mixSeed)
                .generate(signalCount, Instant.now().minus(Duration.ofDays(3)));
        List<byte[]> out = new ArrayList<>();
        var array = Json.mapper().createArrayNode();
        for (SignalMix.Delivery d : mix) {
            if (!d.isSignal()) {
                continue;
            }
            if (per == 1) {
                out.add(Json.mapper().writeValueAsBytes(d.body()));
                continue;
            }
            array.add(d.body());
            if (array.size() == per) {
                out.add(Json.mapper().writeValueAsBytes(array));
                array = Json.mapper().createArrayNode();
            }
        }
        return out;
    }

    static final class Results {
        Duration eventSpan;
        Preload.Loaded loaded;
        RawConsume.Result raw;
        StreamsStage.Result streams;
        HttpLoad.Result singles;
        HttpLoad.Result arrays;
        EndToEnd.Result e2e;
        ReplayStage.Result replay;
        DraftStage.Result drafts;
        NoiseStage.Result noise;
        double heapAfterMb;
        double rssPeakMb;
    }

    String report(Results r) {
        double ratio = r.streams.perSecond() / r.raw.perSecond();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"stage", "what", "result", "target", "met"});
        rows.add(new String[] {"raw consume", String.format("%,d signal records (%d B avg), plain consumer, best of 2",
                r.raw.records(), r.loaded.signalBytes() / Math.max(1, r.loaded.signals())),
                rate(r.raw.perSecond(), "records/s"), "-", ""});
        rows.add(new String[] {"streams", String.format("%,d signals, %d services, %s of event time -> %,d revisions, "
                        + "%,d incidents", r.streams.signals(), services, human(r.eventSpan), r.streams.revisions(),
                r.streams.incidents()),
                rate(r.streams.perSecond(), "signals/s"), ">= 100,000/s", met(r.streams.perSecond() >= 100_000)});
        rows.add(new String[] {"streams / raw", "same records, same run", String.format("%.4f", ratio), ">= 0.50",
                met(ratio >= 0.5)});
        rows.add(new String[] {"ingest, single", String.format("%,d deliveries to /v1/signals, %d in flight",
                r.singles.requests(), concurrency), rate(r.singles.requestsPerSecond(), "deliveries/s")
                + String.format(", p50 %.1f ms, p99 %.1f ms", r.singles.p50Ms(), r.singles.p99Ms())
                + failures(r.singles.failed()), ">= 10,000/s, p99 <= 50 ms",
                met(r.singles.requestsPerSecond() >= 10_000 && r.singles.p99Ms() <= 50 && r.singles.failed() == 0)});
        rows.add(new String[] {"ingest, arrays", String.format("%,d signals in arrays of %d, %d in flight",
                r.arrays.signals(), batch, Math.max(1, Math.min(concurrency, 16))),
                rate(r.arrays.signalsPerSecond(), "signals/s") + " (" + rate(r.arrays.requestsPerSecond(), "deliveries/s")
                        + String.format("), p50 %.1f ms, p99 %.1f ms", r.arrays.p50Ms(), r.arrays.p99Ms())
                        + failures(r.arrays.failed()), ">= 100,000/s, p99 <= 50 ms",
                met(r.arrays.signalsPerSecond() >= 100_000 && r.arrays.p99Ms() <= 50 && r.arrays.failed() == 0)});
        rows.add(new String[] {"end to end", String.format("%,d signals/s offered in arrays of %d (%,.0f/s accepted%s), "
                        + "%d probes, ticks every 5 s", r.e2e.offeredPerSecond(), e2eBatch, r.e2e.sentPerSecond(),
                r.e2e.loadFailed() + r.e2e.loadSkipped() > 0
                        ? String.format(", %d failed, %d not sent", r.e2e.loadFailed(), r.e2e.loadSkipped()) : "",
                r.e2e.probes()),
                r.e2e.missed() > 0
                        ? String.format("p50 >= %.0f ms, p99 >= %.0f ms (%d probes not out within 15 s of the end)",
                                r.e2e.p50Ms(), r.e2e.p99Ms(), r.e2e.missed())
                        : String.format("p50 %.0f ms, p99 %.0f ms, max %.0f ms", r.e2e.p50Ms(), r.e2e.p99Ms(),
                                r.e2e.maxMs()),
                "p99 <= 1 s at 5,000/s", met(r.e2e.p99Ms() <= 1_000 && r.e2e.missed() == 0
                        && r.e2e.offeredPerSecond() >= 5_000 && r.e2e.sentPerSecond() >= 0.95 * r.e2e.offeredPerSecond())});
        rows.add(new String[] {"replay", String.format("capture of %,d deliveries -> %,d incidents as drafts on disk",
                r.replay.deliveries(), r.replay.incidents()), rate(r.replay.perSecond(), "deliveries/s")
                + String.format(" (%.1f s; the feed alone %,.0f/s in %.1f s)", r.replay.seconds(),
                        r.replay.feedPerSecond(), r.replay.feedSeconds()), ">= 50,000/s", met(r.replay.perSecond() >= 50_000)});
        if (r.drafts != null) {
            rows.add(draftsRow(r.drafts));
        }
        if (r.noise != null) {
            rows.add(noiseRow(r.noise));
        }
        long stateBytes = r.streams.stateBytes().values().stream().mapToLong(Long::longValue).sum();
        long perOpen = stateBytes / Math.max(1, r.streams.openIncidents());
        long perKept = stateBytes / Math.max(1, r.streams.incidents());
        rows.add(new String[] {"state", String.format("after the streams stage: %,d open of %,d incidents kept",
                r.streams.openIncidents(), r.streams.incidents()),
                String.format("%s per open incident, %s per incident kept (%s in all, %s state dir)", bytes(perOpen),
                        bytes(perKept), bytes(stateBytes), bytes(r.streams.stateDirBytes())),
                "grows with open incidents", ""});
        for (String store : r.streams.stateBytes().keySet()) {
            long keys = r.streams.stateKeys().get(store);
            long written = r.streams.changelogBytes().get(store);
            rows.add(new String[] {"  " + store, String.format("%,d keys", keys),
                    String.format("%s now (%s per key); %s sent to its changelog (%s per signal)",
                            bytes(r.streams.stateBytes().get(store)), bytes(r.streams.stateBytes().get(store)
                                    / Math.max(1, keys)), bytes(written), bytes(written / Math.max(1, r.streams.signals()))),
                    "", ""});
        }
        rows.add(new String[] {"memory", "this JVM: broker, topology, ingest, clients",
                String.format("peak RSS %.0f MB, heap after the run %.0f MB (max %d MB)", r.rssPeakMb, r.heapAfterMb,
                        Runtime.getRuntime().maxMemory() / (1024 * 1024)), "-", ""});
        rows.add(new String[] {"settle", "the tick a day past the end closes everything",
                String.format("%.1f s -> %,d incidents, %,d resolved", r.streams.settleSeconds(), r.streams.finalIncidents(),
                        r.streams.resolvedIncidents()), "-", ""});

        StringBuilder b = table(rows);
        if (r.noise != null) {
            noiseLines(b, r.noise);
        }
        b.append(String.format(Locale.ROOT, "bench: streams_per_s=%.0f raw_consume_per_s=%.0f ratio=%.4f ingest_per_s=%.0f "
                        + "e2e_p99_ms=%.0f replay_per_s=%.0f rss_mb=%.0f%n", r.streams.perSecond(), r.raw.perSecond(), ratio,
                r.singles.requestsPerSecond(), r.e2e.p99Ms(), r.replay.perSecond(), r.rssPeakMb));
        return b.toString();
    }

    /** {@code --drafts-only}: the draft writer stage alone, in a temporary directory. */
    private int draftsOnly() throws IOException {
        Path work = Files.createTempDirectory("timelines-bench-drafts-");
        DraftStage.Result d;
        try {
            log("bench: %,d incidents through the draft writer, in %s", drafts, work);
            d = DraftStage.run(work, Math.max(1, drafts), seed);
        } finally {
            deleteTree(work);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"stage", "what", "result", "target", "met"});
        rows.add(draftsRow(d));
        StringBuilder b = table(rows);
        b.append(String.format(Locale.ROOT, "bench: drafts_per_s=%.0f drafts_first_per_s=%.0f drafts_last_per_s=%.0f "
                + "reopen_s=%.1f%n", d.perSecond(), d.firstPerSecond(), d.lastPerSecond(), d.reopenSeconds()));
        stdout.print(b);
        stdout.flush();
        if (out != null) {
            Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
        }
        return 0;
    }

    /** {@code --noise-only}: the noise row alone, in a temporary directory. */
    private int noiseOnly() throws Exception {
        Path work = Files.createTempDirectory("timelines-bench-noise-");
        NoiseStage.Result n;
        try {
            log("bench: noise, at least %,d signals over %d shops, in %s", noiseSignals, noiseShops, work);
            n = NoiseStage.run(work, noiseSignals, noiseShops, seed);
        } finally {
            deleteTree(work);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"stage", "what", "result", "target", "met"});
        rows.add(noiseRow(n));
        StringBuilder b = table(rows);
        noiseLines(b, n);
        stdout.print(b);
        stdout.flush();
        if (out != null) {
            Files.writeString(out, b.toString(), StandardCharsets.UTF_8);
        }
        return 0;
    }

    /**
     * The noise row: weeks of realistic noise with planted outages, replayed; its target is the
     * right answer (only the planted outages, no false unrecorded-outage alert), not a speed.
     */
    static String[] noiseRow(NoiseStage.Result n) {
        return new String[] {"noise", String.format("%,d signals in %,d deliveries: %d days of kube-prometheus-stack, "
                        + "Sentry and PagerDuty noise over %d applications, %d outages planted; replayed", n.signals(),
                n.deliveries(), n.days(), 6 * n.shops(), n.expectedOutages()),
                String.format("%,d outages (%,d planted ones), %,d warning incidents; %,d unrecorded alerts right, %,d false, "
                                + "%,d missed; %,d with other early warnings; %s (%.1f s; generated in %.1f s)",
                        n.outages(), n.matched(), n.warningIncidents(), n.expectedUnrecorded() - n.missedUnrecorded(),
                        n.falseUnrecorded(), n.missedUnrecorded(), n.otherEarlyWarnings(),
                        rate(n.signalsPerSecond(), "signals/s"), n.seconds(), n.generateSeconds()),
                "only the planted outages, 0 false alerts", met(n.right())};
    }

    /** What was wrong, if anything, then the {@code noise:} line. */
    private static void noiseLines(StringBuilder b, NoiseStage.Result n) {
        n.wrong().forEach(w -> b.append("noise: wrong: ").append(w).append('\n'));
        b.append(n.line()).append('\n');
    }

    /**
     * The draft writer's row: its rate over each stretch of the count. The target is that the
     * rate does not fall with the drafts already written (issue 12): the last stretch at least
     * half as fast as the first.
     */
    static String[] draftsRow(DraftStage.Result d) {
        StringBuilder stretches = new StringBuilder();
        for (DraftStage.Stretch s : d.stretches()) {
            stretches.append(stretches.length() == 0 ? "" : ", ").append(String.format("%,.0f/s to %s", s.perSecond(),
                    count(s.upTo())));
        }
        return new String[] {"drafts", String.format("%,d incidents through the live draft writer (.md, .json, "
                        + "index.md after each %d, at most once a second), no broker, after a warm-up", d.incidents(),
                        DraftStage.BATCH),
                rate(d.perSecond(), "drafts/s") + String.format(" (%s); index.md %s, written %d times; reopened "
                        + "(index rebuilt from disk) in %.1f s", stretches, bytes(d.indexBytes()), d.indexWrites(),
                        d.reopenSeconds()),
                "last stretch >= 1/2 of first", met(d.lastPerSecond() >= d.firstPerSecond() / 2)};
    }

    private static String count(int n) {
        return n >= 1_000 && n % 1_000 == 0 ? String.format("%,dk", n / 1_000) : String.format("%,d", n);
    }

    private static StringBuilder table(List<String[]> rows) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("machine: %d cores, java %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / (1024 * 1024)));
        int[] widths = new int[5];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (int k = 0; k < rows.size(); k++) {
            String[] row = rows.get(k);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(String.format("%-" + widths[i] + "s", row[i]));
                if (i < row.length - 1) {
                    line.append("  ");
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
            if (k == 0) {
                b.append("-".repeat(line.toString().stripTrailing().length())).append('\n');
            }
        }
        return b;
    }

    private static String rate(double perSecond, String unit) {
        return String.format("%,.0f %s", perSecond, unit);
    }

    private static String met(boolean met) {
        return met ? "yes" : "NO";
    }

    private static String failures(long failed) {
        return failed == 0 ? "" : String.format(", %d not 202", failed);
    }

    private static String bytes(long n) {
        if (n >= 10L * 1024 * 1024) {
            return String.format("%,.0f MB", n / (1024.0 * 1024));
        }
        if (n >= 10L * 1024) {
            return String.format("%,.0f KB", n / 1024.0);
        }
        return n + " B";
    }

    private static String human(Duration d) {
        return d.toHours() >= 48 ? d.toDays() + " d" : d.toHours() >= 2 ? d.toHours() + " h" : d.toMinutes() + " min";
    }

    /** Peak resident set size of this process (VmHWM), or NaN where /proc is not there. */
    static double peakRssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux: no peak RSS to report.
        }
        return Double.NaN;
    }

    private void log(String format, Object... args) {
        System.err.printf(format + "%n", args);
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // A temp dir left behind is harmless.
        }
    }
}
