package timelines.ingest.probe;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.delivery.Outcome;

/**
 * Runs the configured probes, each at its interval, and publishes each FAILING or RECOVERED
 * transition as a delivery of source {@code probe} (read back by {@link ProbeNormalizer}), so a
 * probe's result is kept on {@code signals.raw.v1} and replays like any webhook.
 *
 * <p>Keeps one {@link ProbeState} per probe. A probe that fails, hangs up to its timeout or throws
 * delays only itself; a sink that throws leaves the state where it was, so the next check makes
 * the same transition again (a FAILING keeps its time, hence its id, and is deduplicated
 * downstream).
 */
public final class ProbeRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ProbeRunner.class);
    private static final int MAX_THREADS = 4;

    private final Map<String, Running> probes = new LinkedHashMap<>();
    private final Consumer<RawDelivery> sink;
    private final Clock clock;
    private static final String PUBLISH_FAILED = "PUBLISH_FAILED";

    private final MeterRegistry meters;
    private ScheduledExecutorService scheduler;
    private volatile boolean closed;

    /**
     * @param sink where each transition goes; in production {@link #sinkFor(DeliveryProcessor)}
     */
    public ProbeRunner(List<ProbeSettings> settings, Consumer<RawDelivery> sink, Clock clock, MeterRegistry meters) {
        this(settings, ProbeRunner::probeFor, sink, clock, meters);
    }

    ProbeRunner(List<ProbeSettings> settings, Function<ProbeSettings, Probe> probeFor, Consumer<RawDelivery> sink,
            Clock clock, MeterRegistry meters) {
        for (ProbeSettings s : settings) {
            if (probes.put(s.name(), new Running(s, probeFor.apply(s))) != null) {
                throw new IllegalArgumentException("two probes named " + s.name());
            }
        }
        this.sink = sink;
        this.clock = clock;
        this.meters = meters;
        // Every probe's series at zero from the start, so the first check counts in increase().
        for (String name : probes.keySet()) {
            for (ProbeState.Reason reason : ProbeState.Reason.values()) {
                checks(name, reason.name());
            }
            checks(name, PUBLISH_FAILED);
        }
    }

    private io.micrometer.core.instrument.Counter checks(String probe, String reason) {
        return io.micrometer.core.instrument.Counter.builder("timelines_ingest_probe_checks_total")
                .description("Active probe checks, by probe and what the check decided (PUBLISH_FAILED: its signal "
                        + "could not be sent)")
                .tags("probe", probe, "reason", reason).register(meters);
    }

    /**
     * A sink that publishes through the one delivery path and throws when Kafka did not take the
     * delivery, so the runner tries the transition again on the next check.
     */
    public static Consumer<RawDelivery> sinkFor(DeliveryProcessor processor) {
        return delivery -> {
            Outcome outcome = processor.process(delivery);
            if (outcome.kind() == Outcome.Kind.UNAVAILABLE) {
                throw new IllegalStateException(outcome.reason());
            }
            if (outcome.kind() == Outcome.Kind.REJECTED) {
                // Kept on signals.rejected.v1 already; trying again would only reject it again.
                log.warn("a probe delivery was rejected: {}", outcome.reason());
            }
        };
    }

    public List<String> names() {
        return List.copyOf(probes.keySet());
    }

    /** Checks every probe at its interval, the first time at once, on a few daemon threads. */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the probe runner is closed");
        }
        if (scheduler != null || probes.isEmpty()) {
            return;
        }
        scheduler = Executors.newScheduledThreadPool(Math.min(MAX_THREADS, probes.size()), daemonThreads());
        for (Running p : probes.values()) {
            long interval = p.settings.interval().toMillis();
            scheduler.scheduleAtFixedRate(() -> runScheduled(p), 0, interval, TimeUnit.MILLISECONDS);
            log.info("probe {} ({} every {}, FAILING after {} failures) started", p.settings.name(),
                    p.settings.kind(), p.settings.interval(), p.settings.failuresBeforeFailing());
        }
    }

    /**
     * Checks one probe now, publishes its transition if any, and says why.
     *
     * @throws IllegalArgumentException when no probe has that name
     * @throws RuntimeException what the sink threw; the probe's state is then left unchanged
     */
    public ProbeState.Reason runOnce(String name) {
        Running p = probes.get(name);
        if (p == null) {
            throw new IllegalArgumentException("no probe named '" + name + "'; known: " + String.join(", ",
                    probes.keySet()));
        }
        return run(p).orElseThrow(() -> new IllegalStateException("the probe runner closed during the check"));
    }

    private void runScheduled(Running p) {
        // A scheduled task that throws is never run again: nothing may escape.
        try {
            run(p);
        } catch (RuntimeException e) {
            log.warn("probe {}: could not publish its transition, will try again on the next check: {}",
                    p.settings.name(), e.toString());
        } catch (Error e) {
            log.error("probe {} failed", p.settings.name(), e);
        }
    }

    /** Empty when the runner was closed during the check: the interrupted check says nothing. */
    private Optional<ProbeState.Reason> run(Running p) {
        synchronized (p) {
            ProbeSettings s = p.settings;
            Instant checkedAt = clock.instant();
            Probe.Result result;
            try {
                result = p.probe.check();
            } catch (RuntimeException e) {
                log.warn("probe {} threw; counting it as a failed check", s.name(), e);
                result = Probe.Result.failed("the probe threw " + e);
            }
            if (closed || Thread.currentThread().isInterrupted()) {
                return Optional.empty();
            }
            ProbeState.Step step = p.state.next(result.ok(), checkedAt, s.failuresBeforeFailing());
            ProbeState.Reason reason = step.reason();
            Optional<SignalType> emits = reason.emits();
            if (emits.isPresent()) {
                SignalType type = emits.get();
                Instant at = type == SignalType.FAILING ? step.state().failingSince() : checkedAt;
                String why = type == SignalType.FAILING
                        ? result.detail() + "; " + failedChecks(step.state().consecutiveFailures()) + " in a row"
                        : result.detail() + "; ok after " + failedChecks(p.state.consecutiveFailures());
                try {
                    sink.accept(delivery(s, type, at, why));
                } catch (RuntimeException e) {
                    checks(s.name(), PUBLISH_FAILED).increment();
                    throw e;
                }
                log.info("probe {} {} at {} ({}): {}", s.name(), type, at, reason, why);
            } else if (!result.ok()) {
                log.debug("probe {} failed ({}): {}", s.name(), reason, result.detail());
            }
            p.state = step.state();
            checks(s.name(), reason.name()).increment();
            return Optional.of(reason);
        }
    }

    private static String failedChecks(int n) {
        return n == 1 ? "1 failed check" : n + " failed checks";
    }

    private RawDelivery delivery(ProbeSettings s, SignalType type, Instant at, String reason) {
        ObjectNode body = Json.mapper().createObjectNode()
                .put("probe", s.name())
                .put("kind", s.kind())
                .put("service", s.service());
        if (s.env() != null) {
            body.put("env", s.env());
        }
        body.put("state", type.name())
                .put("at", at.toString())
                .put("reason", reason)
                .put("alerting", s.alerting());
        return new RawDelivery(clock.instant(), ProbeNormalizer.SOURCE, Map.of(), body, null);
    }

    private static Probe probeFor(ProbeSettings s) {
        if (s.target() instanceof ProbeSettings.Http http) {
            return new HttpProbe(http, s.timeout());
        }
        if (s.target() instanceof ProbeSettings.Amqp amqp) {
            return new AmqpProbe(s.name(), amqp, s.timeout());
        }
        throw new IllegalArgumentException("no probe for kind " + s.kind());
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "timelines-probe-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (scheduler != null) {
            scheduler.shutdownNow();
            try {
                if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                    log.warn("a probe check did not stop within 5s of closing");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** One probe and its state; a probe runs one check at a time. */
    private static final class Running {
        final ProbeSettings settings;
        final Probe probe;
        ProbeState state = ProbeState.INITIAL;

        Running(ProbeSettings settings, Probe probe) {
            this.settings = settings;
            this.probe = probe;
        }
    }
}
