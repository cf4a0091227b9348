package timelines.bench.jmh;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import timelines.bench.Preload;
import timelines.bench.SignalMix;
import timelines.contracts.Incident;
import timelines.contracts.JsonSerde;
import timelines.contracts.Record;
import timelines.contracts.Signal;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.streams.CorrelationSettings;
import timelines.streams.TimelineTopology;
import timelines.contracts.catalog.CatalogVersion;

/**
 * The whole topology over the harness's signal mix on a {@link TopologyTestDriver}: the
 * correlation's own cost per signal (rules, state stores in RocksDB, serdes, revisions), without
 * a broker, transactions or changelog traffic. Set beside the harness's streams row, it says how
 * much of that row is the topology and how much is Kafka. One operation is the whole mix, so
 * signals/s = signals / (seconds per operation).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(1)
@State(Scope.Benchmark)
public class TopologyBench {
    @Param({"20000"})
    int signals;

    @Param({"200"})
    int services;

    List<Object> inputs;
    Catalog catalog;
    Path stateDir;

    @Setup(Level.Trial)
    public void setUp() {
        catalog = SignalMix.catalog(services);
        inputs = Preload.inputs(new SignalMix(services, 500, 42).generate(signals, Instant.parse("2024-03-04T00:00:00Z")),
                catalog);
    }

    @Setup(Level.Iteration)
    public void freshState() throws IOException {
        stateDir = Files.createTempDirectory("timelines-topology-bench-");
    }

    @TearDown(Level.Iteration)
    public void dropState() {
        try (Stream<Path> all = Files.walk(stateDir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Benchmark
    public long mix() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "timelines-topology-bench");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                TimelineTopology.build(CorrelationSettings.defaults(), new SimpleMeterRegistry()), p)) {
            // The catalog is an input: its one version in force from the beginning.
            CatalogVersion version = CatalogVersion.of(catalog, java.time.Instant.EPOCH, java.time.Instant.EPOCH,
                    "bench");
            driver.createInputTopic(Topics.CATALOG, new StringSerializer(), JsonSerde.of(CatalogVersion.class))
                    .pipeInput(version.key(), version, version.effectiveFrom());
            TestInputTopic<String, Signal> signalsIn = driver.createInputTopic(Topics.SIGNALS, new StringSerializer(),
                    JsonSerde.of(Signal.class));
            TestInputTopic<String, Record> recordsIn = driver.createInputTopic(Topics.RECORDS, new StringSerializer(),
                    JsonSerde.of(Record.class));
            TestOutputTopic<String, Incident> revisions = driver.createOutputTopic(Topics.INCIDENTS,
                    new StringDeserializer(), JsonSerde.of(Incident.class));
            for (Object input : inputs) {
                if (input instanceof Signal s) {
                    signalsIn.pipeInput(s.key(), s, s.observedAt());
                } else if (input instanceof Record r) {
                    recordsIn.pipeInput(r.key(), r, r.openedAt());
                }
            }
            return revisions.getQueueSize();
        }
    }
}
