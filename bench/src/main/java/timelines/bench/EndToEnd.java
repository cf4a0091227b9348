package timelines.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import timelines.contracts.Json;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.kafka.TickEmitter;
import timelines.streams.CorrelationSettings;
import timelines.streams.StreamsRunner;

/**
 * The whole live path at a fixed offered rate: a realistic mix posted to {@code /v1/signals} in
 * arrays on a fixed schedule (open loop: a slow answer does not slow the sender), ticks every 5 s
 * as in {@code timelines run}, the topology under a fresh application id reading from the end.
 *
 * <p>Beside the load, a probe posts one ERROR at a time for service {@code e2e-probe} (in prod,
 * so it pays for the env's whole state like any signal) and waits for its 202 before the next;
 * its latency runs from the POST to the first committed revision on {@code incidents.v1} whose
 * folded probe line has reached that probe's time. Probes are sequential, each acknowledged
 * before the next is sent, so they reach the topology in order.
 */
final class EndToEnd {
    static final String PROBE_SERVICE = "e2e-probe";
    static final String PROBE_SUMMARY = "bench e2e probe";
    private static final byte[] PROBE_BYTES = PROBE_SERVICE.getBytes(StandardCharsets.UTF_8);

    /**
     * @param missed probes whose revision had not come out when the wait ended: their latency is
     *     counted as the wait (a lower bound), so the percentiles are lower bounds too
     */
    record Result(int offeredPerSecond, double sentPerSecond, long loadFailed, long loadSkipped, double loadP99Ms,
            int probes, int missed, double p50Ms, double p99Ms, double maxMs) {}

    private EndToEnd() {}

    static Result run(String bootstrap, Path work, IngestServer ingest, Catalog catalog, CorrelationSettings settings,
            int rate, Duration warmUp, Duration measured, int batch, int services, long seed) throws Exception {
        int total = (int) Math.max(batch, rate * (warmUp.toMillis() + measured.toMillis()) / 1000);
        List<byte[]> bodies = liveBodies(total, batch, services, seed);
        long period = Math.max(1, 1_000_000L * batch / rate);

        String appId = "bench-e2e-" + UUID.randomUUID().toString().substring(0, 8);
        Probes probes = new Probes(20_000);
        StreamsStage.publish(bootstrap, catalog);
        try (StreamsRunner streams = new StreamsRunner(bootstrap, appId, work.resolve(appId), settings,
                new SimpleMeterRegistry(),
                Map.of("consumer.auto.offset.reset", "latest"));
                OutputTail tail = new OutputTail(bootstrap, Topics.INCIDENTS, true, probes::onRevision);
                TickEmitter ticks = new TickEmitter(ingest.publisher(), Clock.systemUTC());
                HttpLoad load = new HttpLoad(ingest.port(), "/v1/signals", 3);
                HttpLoad probeClient = new HttpLoad(ingest.port(), "/v1/signals", 1)) {
            streams.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!streams.running()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the e2e topology is not running after 60 s: " + streams.state());
                }
                Thread.sleep(5);
            }
            ticks.start(Duration.ofSeconds(5));

            AtomicInteger next = new AtomicInteger();
            AtomicLong sentSignals = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicLong skipped = new AtomicLong();
            AtomicInteger outstanding = new AtomicInteger();
            Latencies loadLatency = new Latencies();
            ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "bench-e2e-load");
                t.setDaemon(true);
                return t;
            });
            long loadStarted = System.nanoTime();
            sender.scheduleAtFixedRate(() -> {
                int i = next.getAndIncrement();
                if (i >= bodies.size()) {
                    return;
                }
                if (outstanding.get() >= 1_000) {
                    skipped.incrementAndGet();
                    return;
                }
                outstanding.incrementAndGet();
                long sent = System.nanoTime();
                load.client().sendAsync(load.request(bodies.get(i)), HttpResponse.BodyHandlers.discarding())
                        .whenComplete((r, e) -> {
                            outstanding.decrementAndGet();
                            loadLatency.add(System.nanoTime() - sent);
                            if (e != null || r.statusCode() != 202) {
                                failed.incrementAndGet();
                            } else {
                                sentSignals.addAndGet(batch);
                            }
                        });
            }, 0, period, TimeUnit.MICROSECONDS);

            long measureFrom = loadStarted + warmUp.toNanos();
            long stopAt = measureFrom + measured.toNanos();
            while (System.nanoTime() < stopAt) {
                long t = System.nanoTime();
                Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
                byte[] body = ("{\"type\":\"ERROR\",\"source\":\"bench\",\"env\":\"prod\",\"service\":\"" + PROBE_SERVICE
                        + "\",\"observedAt\":\"" + at + "\",\"summary\":\"" + PROBE_SUMMARY + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                int probe = probes.sent(at, t, t >= measureFrom);
                HttpResponse<Void> r = probeClient.client().send(probeClient.request(body),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 202) {
                    probes.failed(probe);
                }
                long sleep = t + 20_000_000L - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
            }
            double loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
            sender.shutdownNow();
            probes.awaitAll(Duration.ofSeconds(15));
            probes.countMissedAsWaited(System.nanoTime());
            return new Result(rate, sentSignals.get() / loadSeconds, failed.get(), skipped.get(),
                    loadLatency.percentileMs(99), probes.measured(), probes.missed(), probes.latencies().percentileMs(50),
                    probes.latencies().percentileMs(99), probes.latencies().percentileMs(100));
        }
    }

    /** The mix as arrays of {@code batch}, moved in event time so it ends a minute before now. */
    static List<byte[]> liveBodies(int signals, int batch, int services, long seed) throws Exception {
        Instant now = Instant.now();
        List<SignalMix.Delivery> mix = new SignalMix(services, Bench.DEFAULT_ERRORS, seed ^ 0x5eed)
                .generate(signals, now.minus(Duration.ofDays(1)));
        Instant last = mix.stream().map(SignalMix.Delivery::observedAt).max(Instant::compareTo).orElse(now);
        Duration shift = Duration.between(last, now.minus(Duration.ofMinutes(1)));
        List<byte[]> bodies = new ArrayList<>();
        var array = Json.mapper().createArrayNode();
        for (SignalMix.Delivery d : mix) {
            if (!d.isSignal()) {
                continue;
            }
            var body = d.body().deepCopy();
            body.put("observedAt", d.observedAt().plus(shift).toString());
            array.add(body);
            if (array.size() == batch) {
                bodies.add(Json.mapper().writeValueAsBytes(array));
                array = Json.mapper().createArrayNode();
            }
        }
        if (!array.isEmpty()) {
            bodies.add(Json.mapper().writeValueAsBytes(array));
        }
        return bodies;
    }

    /** The probes sent and when each first showed up in a revision. */
    static final class Probes {
        private final long[] observedMillis;
        private final long[] sentNanos;
        private final long[] arrivedNanos;
        private final boolean[] counted;
        private volatile int sent;
        private int seen;
        private final Latencies latencies = new Latencies();

        Probes(int capacity) {
            observedMillis = new long[capacity];
            sentNanos = new long[capacity];
            arrivedNanos = new long[capacity];
            counted = new boolean[capacity];
        }

        synchronized int sent(Instant observedAt, long nanos, boolean measured) {
            if (sent == observedMillis.length) {
                throw new IllegalStateException("too many probes");
            }
            observedMillis[sent] = observedAt.toEpochMilli();
            sentNanos[sent] = nanos;
            counted[sent] = measured;
            return sent++;
        }

        synchronized void failed(int probe) {
            counted[probe] = false;
        }

        void onRevision(ConsumerRecord<byte[], byte[]> r, long arrival) {
            if (r.value() == null || indexOf(r.value(), PROBE_BYTES) < 0) {
                return;
            }
            JsonNode incident;
            try {
                incident = Json.mapper().readTree(r.value());
            } catch (Exception e) {
                return;
            }
            long lastAt = Long.MIN_VALUE;
            for (JsonNode entry : incident.path("entries")) {
                if (PROBE_SUMMARY.equals(entry.path("summary").asText())) {
                    lastAt = Math.max(lastAt, Instant.parse(entry.path("lastAt").asText()).toEpochMilli());
                }
            }
            synchronized (this) {
                while (seen < sent && observedMillis[seen] <= lastAt) {
                    arrivedNanos[seen] = arrival;
                    if (counted[seen]) {
                        latencies.add(arrival - sentNanos[seen]);
                    }
                    seen++;
                }
            }
        }

        void awaitAll(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                synchronized (this) {
                    if (seen >= sent) {
                        return;
                    }
                }
                Thread.sleep(10);
            }
        }

        /** A probe never seen counts with the time waited for it: a lower bound of its latency. */
        synchronized void countMissedAsWaited(long now) {
            for (int i = seen; i < sent; i++) {
                if (counted[i]) {
                    latencies.add(now - sentNanos[i]);
                }
            }
        }

        synchronized int measured() {
            int n = 0;
            for (int i = 0; i < sent; i++) {
                if (counted[i]) {
                    n++;
                }
            }
            return n;
        }

        synchronized int missed() {
            int n = 0;
            for (int i = seen; i < sent; i++) {
                if (counted[i]) {
                    n++;
                }
            }
            return n;
        }

        Latencies latencies() {
            return latencies;
        }

        private static int indexOf(byte[] hay, byte[] needle) {
            outer:
            for (int i = 0; i + needle.length <= hay.length; i++) {
                for (int j = 0; j < needle.length; j++) {
                    if (hay[i + j] != needle[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
