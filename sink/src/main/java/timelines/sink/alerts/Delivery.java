package timelines.sink.alerts;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.sink.drafts.Text;

/**
 * One target's delivery lane. It has its own thread, so a slow or dead target never holds up
 * another, and runs its tasks in order, so a CLEARED never overtakes the RAISED it clears.
 *
 * <p>A POST is retried with exponential backoff on network errors, timeouts, 408, 425, 429 and
 * 5xx (honouring {@code Retry-After} up to {@code maxBackoff}); any other answer is final. The
 * same bytes are sent on every attempt, so a receiver can tell a retry from a new message. Every
 * attempt is counted in {@code timelines_alert_deliveries_total{target,outcome}}: {@code retried}
 * for a failed attempt that is tried again, then {@code delivered} or {@code failed} once.
 */
final class Delivery implements AutoCloseable {
    static final String METRIC = "timelines_alert_deliveries_total";
    private static final Logger log = LoggerFactory.getLogger(Delivery.class);
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final String target;
    private final URI uri;
    private final HttpClient http;
    private final AlertTargets settings;
    private final MeterRegistry meters;
    private final ExecutorService lane;

    Delivery(String target, URI uri, HttpClient http, AlertTargets settings, MeterRegistry meters) {
        this.target = target;
        this.uri = uri;
        this.http = http;
        this.settings = settings;
        this.meters = meters;
        this.lane = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "timelines-alerts-" + target);
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs a task on this lane, after everything handed over before it. */
    CompletableFuture<DeliveryOutcome> submit(Supplier<DeliveryOutcome> task) {
        try {
            return CompletableFuture.supplyAsync(task, lane).exceptionally(e -> {
                count(DeliveryOutcome.GAVE_UP);
                log.error("{}: delivery task failed", target, e);
                return DeliveryOutcome.GAVE_UP;
            });
        } catch (RejectedExecutionException e) {
            count(DeliveryOutcome.INTERRUPTED);
            log.error("{}: not delivered, the notifier is closed", target);
            return CompletableFuture.completedFuture(DeliveryOutcome.INTERRUPTED);
        }
    }

    /** Runs a state change on this lane, in order with the deliveries. */
    void execute(Runnable task) {
        try {
            lane.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("{}: closed, state change dropped", target);
        }
    }

    /**
     * POSTs the body, trying up to {@code attempts} times. Blocks with backoff between attempts:
     * call it on this lane only.
     */
    DeliveryOutcome post(byte[] body, int attempts, String what) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "incident-timelines")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        for (int attempt = 1; ; attempt++) {
            String problem;
            Duration retryAfter = null;
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    log.info("{}: delivered {} (attempt {})", target, what, attempt);
                    return count(DeliveryOutcome.DELIVERED);
                }
                problem = "HTTP " + status + " " + Text.cut(oneLine(response.body()), 200);
                if (!retryable(status)) {
                    log.error("{}: {} rejected with {}; not retried", target, what, problem);
                    return count(DeliveryOutcome.REJECTED);
                }
                retryAfter = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            } catch (IOException e) {
                problem = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.error("{}: {} not delivered: interrupted by shutdown", target, what);
                return count(DeliveryOutcome.INTERRUPTED);
            }
            if (attempt >= attempts) {
                log.error("{}: gave up on {} after {} attempts; last: {}", target, what, attempts, problem);
                return count(DeliveryOutcome.GAVE_UP);
            }
            meters.counter(METRIC, "target", target, "outcome", "retried").increment();
            Duration delay = backoff(attempt, settings.initialBackoff(), settings.maxBackoff(), retryAfter);
            log.warn("{}: attempt {}/{} of {} failed ({}); retrying in {} ms", target, attempt, attempts, what,
                    problem, delay.toMillis());
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                log.error("{}: {} not delivered: interrupted by shutdown", target, what);
                return count(DeliveryOutcome.INTERRUPTED);
            }
        }
    }

    /** The wait after the n-th failed attempt: initial × 2^(n−1), at least Retry-After, at most max. */
    static Duration backoff(int failedAttempts, Duration initial, Duration max, Duration retryAfter) {
        Duration delay = max;
        if (failedAttempts <= 30) {
            long millis = initial.toMillis() << (failedAttempts - 1);
            delay = millis < 0 ? max : Duration.ofMillis(millis);
        }
        if (retryAfter != null && retryAfter.compareTo(delay) > 0) {
            delay = retryAfter;
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** 408, 425, 429 and 5xx can pass on their own; other errors say the request itself is wrong. */
    static boolean retryable(int status) {
        return status == 408 || status == 425 || status == 429 || status >= 500;
    }

    /** Retry-After in seconds (Slack sends it with 429); an HTTP date is ignored. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private DeliveryOutcome count(DeliveryOutcome outcome) {
        String tag = outcome.metricOutcome();
        if (tag != null) {
            meters.counter(METRIC, "target", target, "outcome", tag).increment();
        }
        return outcome;
    }

    /** Registers the counters at zero, so a dashboard shows the target before its first alert. */
    void registerMetrics() {
        for (String outcome : new String[] {"delivered", "failed", "retried"}) {
            Counter.builder(METRIC).description("Alert deliveries to Slack and Alertmanager: delivered, retried, failed")
                    .tag("target", target).tag("outcome", outcome).register(meters);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    @Override
    public void close() {
        lane.shutdown();
        try {
            if (!lane.awaitTermination(CLOSE_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{}: deliveries still pending after {} s; interrupting them", target,
                        CLOSE_GRACE.toSeconds());
                lane.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lane.shutdownNow();
        }
    }
}
