package timelines.ingest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.delivery.Normalizers;
import timelines.ingest.kafka.KafkaPublisher;

class ProbeRunnerTest {
    private static final Instant T0 = Instant.parse("2021-03-15T07:26:00Z");
    private static final Duration EVERY = Duration.ofSeconds(30);

    private final List<RawDelivery> published = new CopyOnWriteArrayList<>();
    private final SteppingClock clock = new SteppingClock(T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ProbeNormalizer normalizer = new ProbeNormalizer("prod");

    private static ProbeSettings settings(String name, Duration interval, String env, boolean alerting) {
        return new ProbeSettings(name, interval, Duration.ofSeconds(1), 2, name + "-service", env, alerting,
                new ProbeSettings.Http(URI.create("http://127.0.0.1:9/" + name), ProbeSettings.DEFAULT_EXPECT_STATUS));
    }

    private ProbeRunner runner(Map<String, Probe> probes, Consumer<RawDelivery> sink, ProbeSettings... settings) {
        return new ProbeRunner(List.of(settings), s -> probes.get(s.name()), sink, clock, meters);
    }

    private static Probe counting(AtomicInteger calls, Probe probe) {
        return () -> {
            calls.incrementAndGet();
            return probe.check();
        };
    }

    @Test
    void publishesTheProbesOwnBodyWithEveryField() {
        AtomicBoolean up = new AtomicBoolean(false);
        Probe api = () -> up.get() ? Probe.Result.ok("GET /health: HTTP 200") : Probe.Result.failed("GET /health: HTTP 503");
        try (ProbeRunner runner = runner(Map.of("api", api), published::add, settings("api", EVERY, "prod", true))) {
            runner.runOnce("api");
            clock.advance(EVERY);
            runner.runOnce("api");
        }

        assertThat(published).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo(ProbeNormalizer.SOURCE);
            assertThat(d.headers()).isEmpty();
            assertThat(d.reason()).isNull();
            assertThat(d.receivedAt()).isEqualTo(T0.plus(EVERY));
            JsonNode body = d.body();
            assertThat(body.fieldNames()).toIterable()
                    .containsExactly("probe", "kind", "service", "env", "state", "at", "reason", "alerting");
            assertThat(body.get("probe").asText()).isEqualTo("api");
            assertThat(body.get("kind").asText()).isEqualTo("http");
            assertThat(body.get("service").asText()).isEqualTo("api-service");
            assertThat(body.get("env").asText()).isEqualTo("prod");
            assertThat(body.get("state").asText()).isEqualTo("FAILING");
            assertThat(body.get("at").asText()).isEqualTo("2021-03-15T07:26:00Z");
            assertThat(body.get("reason").asText()).isEqualTo("GET /health: HTTP 503; 2 failed checks in a row");
            assertThat(body.get("alerting").asBoolean()).isTrue();
        });
        Signal s = normalizer.normalize(published.get(0)).signals().get(0);
        assertThat(s.alerting()).isTrue();
        assertThat(s.observedAt()).isEqualTo(T0);
    }

    @Test
    void leavesTheEnvToIngestsDefaultWhenTheProbeNamesNone() {
        Probe down = () -> Probe.Result.failed("down");
        try (ProbeRunner runner = runner(Map.of("api", down), published::add, settings("api", EVERY, null, false))) {
            runner.runOnce("api");
            runner.runOnce("api");
        }

        assertThat(published.get(0).body().has("env")).isFalse();
        assertThat(normalizer.normalize(published.get(0)).signals().get(0).env()).isEqualTo("prod");
    }

    @Test
    void countsEveryCheckByItsReason() {
        Probe down = () -> Probe.Result.failed("down");
        try (ProbeRunner runner = runner(Map.of("api", down), published::add, settings("api", EVERY, null, false))) {
            runner.runOnce("api");
            runner.runOnce("api");
            runner.runOnce("api");
        }

        assertThat(meters.counter("timelines_ingest_probe_checks_total", "probe", "api", "reason",
                "FAILURE_BELOW_THRESHOLD").count()).isEqualTo(1.0);
        assertThat(meters.counter("timelines_ingest_probe_checks_total", "probe", "api", "reason",
                "THRESHOLD_REACHED").count()).isEqualTo(1.0);
        assertThat(meters.counter("timelines_ingest_probe_checks_total", "probe", "api", "reason",
                "STILL_FAILING").count()).isEqualTo(1.0);
    }

    @Test
    void countsAThrowingProbeAsAFailedCheck() {
        Probe broken = () -> {
            throw new IllegalStateException("bug in the probe");
        };
        try (ProbeRunner runner = runner(Map.of("mq", broken), published::add, settings("mq", EVERY, null, false))) {
            assertThat(runner.runOnce("mq")).isEqualTo(ProbeState.Reason.FAILURE_BELOW_THRESHOLD);
            assertThat(runner.runOnce("mq")).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);
        }

        assertThat(published.get(0).body().get("reason").asText()).contains("IllegalStateException: bug in the probe");
    }

    @Test
    void retriesATransitionTheSinkDidNotTakeWithTheSameTimeSoTheSameId() {
        Probe down = () -> Probe.Result.failed("down");
        AtomicBoolean kafkaDown = new AtomicBoolean(true);
        Consumer<RawDelivery> sink = d -> {
            if (kafkaDown.get()) {
                throw new IllegalStateException("Kafka did not acknowledge the delivery");
            }
            published.add(d);
        };
        try (ProbeRunner runner = runner(Map.of("api", down), sink, settings("api", EVERY, null, false))) {
            runner.runOnce("api");
            clock.advance(EVERY);
            assertThatThrownBy(() -> runner.runOnce("api")).hasMessageContaining("Kafka did not acknowledge");
            assertThat(published).isEmpty();

            kafkaDown.set(false);
            clock.advance(EVERY);
            assertThat(runner.runOnce("api")).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);
            assertThat(runner.runOnce("api")).isEqualTo(ProbeState.Reason.STILL_FAILING);
        }

        assertThat(published).singleElement().satisfies(d -> {
            Signal s = normalizer.normalize(d).signals().get(0);
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.observedAt()).as("the failure began at the first failed check").isEqualTo(T0);
        });
        assertThat(meters.counter("timelines_ingest_probe_checks_total", "probe", "api", "reason",
                "PUBLISH_FAILED").count()).isEqualTo(1.0);
    }

    @Test
    void throughTheDeliveryProcessorATransitionKafkaDidNotTakeIsTriedAgain() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Probe down = () -> Probe.Result.failed("down");
        try (KafkaPublisher nowhere = new KafkaPublisher("127.0.0.1:" + port, Duration.ofMillis(500), Map.of());
                ProbeRunner runner = runner(Map.of("api", down), ProbeRunner.sinkFor(new DeliveryProcessor(
                        new Normalizers(List.of(new ProbeNormalizer("prod"))), nowhere, meters)),
                        settings("api", EVERY, null, false))) {
            assertThat(runner.runOnce("api")).isEqualTo(ProbeState.Reason.FAILURE_BELOW_THRESHOLD);

            assertThatThrownBy(() -> runner.runOnce("api")).hasMessageContaining("Kafka did not acknowledge");
            assertThatThrownBy(() -> runner.runOnce("api")).as("still the transition to FAILING")
                    .hasMessageContaining("Kafka did not acknowledge");
        }
        assertThat(meters.counter("timelines_ingest_deliveries_total", "source", "probe", "outcome", "unavailable")
                .count()).isEqualTo(2.0);
    }

    @Test
    void namesTheKnownProbesWhenAskedForAnUnknownOne() {
        Probe ok = () -> Probe.Result.ok("fine");
        try (ProbeRunner runner = runner(Map.of("api", ok, "mq", ok), published::add,
                settings("api", EVERY, null, false), settings("mq", EVERY, null, false))) {
            assertThat(runner.names()).containsExactly("api", "mq");
            assertThatThrownBy(() -> runner.runOnce("esr"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("no probe named 'esr'; known: api, mq");
        }
    }

    @Test
    void refusesTwoProbesWithOneName() {
        Probe ok = () -> Probe.Result.ok("fine");
        assertThatThrownBy(() -> runner(Map.of("api", ok), published::add,
                settings("api", EVERY, null, false), settings("api", EVERY, null, false)))
                .hasMessage("two probes named api");
    }

    @Test
    void keepsCheckingEveryProbeOnScheduleWhileOneThrowsAndTheSinkFails() {
        AtomicInteger apiCalls = new AtomicInteger();
        AtomicInteger brokenCalls = new AtomicInteger();
        AtomicInteger mqCalls = new AtomicInteger();
        Probe api = counting(apiCalls, () -> Probe.Result.ok("fine"));
        Probe broken = counting(brokenCalls, () -> {
            throw new IllegalStateException("bug in the probe");
        });
        Probe mq = counting(mqCalls, () -> Probe.Result.failed("refused"));
        Duration fast = Duration.ofMillis(20);
        Consumer<RawDelivery> sink = d -> {
            if (d.body().get("probe").asText().equals("mq")) {
                throw new IllegalStateException("Kafka did not acknowledge the delivery");
            }
            published.add(d);
        };
        ProbeRunner runner = runner(Map.of("api", api, "broken", broken, "mq", mq), sink,
                settings("api", fast, null, false), settings("broken", fast, null, false),
                settings("mq", fast, null, false));
        try {
            runner.start();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(apiCalls).hasValueGreaterThan(10);
                assertThat(brokenCalls).hasValueGreaterThan(10);
                assertThat(mqCalls).hasValueGreaterThan(10);
            });
            assertThat(published).singleElement().satisfies(d -> {
                assertThat(d.body().get("probe").asText()).isEqualTo("broken");
                assertThat(d.body().get("state").asText()).isEqualTo("FAILING");
            });
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("timelines-probe-"))
                    .isNotEmpty()
                    .allMatch(Thread::isDaemon);
        } finally {
            runner.close();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet())
                .noneMatch(t -> t.getName().startsWith("timelines-probe-")));
        assertThatThrownBy(runner::start).hasMessage("the probe runner is closed");
    }
}
