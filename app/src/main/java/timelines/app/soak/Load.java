package timelines.app.soak;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's sender: lanes that each post outages to ingest's {@code /v1/signals}, one at a time,
 * the way a monitor does: a FAILING, errors, a RECOVERED. Every outage is in an env of its own,
 * so each is one incident whose timeline stays under the entry cap, and every signal carries a
 * token in its summary so it can be found in the drafts. A delivery not answered 2xx is sent again,
 * byte for byte (same id, same observedAt), until it is, as vendors retry webhooks; a retry of a
 * delivery that did land is dropped by the topology as a repeat.
 */
final class Load implements AutoCloseable {
    /** The errors of one outage between its FAILING and its RECOVERED. */
    static final int ERRORS_PER_OUTAGE = 40;
    private static final Duration GIVE_UP = Duration.ofMinutes(3);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI signals;
    private final String token;
    private final Clock clock;
    private final long pauseNanos;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final AtomicLong outages = new AtomicLong();
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final List<Thread> lanes = new ArrayList<>();

    /** @param perSecond deliveries per second over all lanes */
    Load(int ingestPort, String token, int laneCount, double perSecond, Clock clock) {
        this.signals = URI.create("http://127.0.0.1:" + ingestPort + "/v1/signals");
        this.token = token;
        this.clock = clock;
        this.pauseNanos = (long) (TimeUnit.SECONDS.toNanos(1) * laneCount / perSecond);
        for (int i = 0; i < laneCount; i++) {
            Thread lane = new Thread(this::lane, "soak-lane-" + i);
            lane.setDaemon(true);
            lanes.add(lane);
        }
    }

    Load start() {
        lanes.forEach(Thread::start);
        return this;
    }

    /** The tokens of the deliveries answered 2xx. */
    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    long retries() {
        return retries.get();
    }

    /** Deliveries given up on after {@link #GIVE_UP} of retries. */
    long unanswered() {
        return unanswered.get();
    }

    /** Deliveries answered 4xx: never retried, never counted as accepted (none is expected). */
    long refused() {
        return refused.get();
    }

    /** Every token in a summary: {@code soak#<outage>.<signal>}. */
    static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile("soak#(\\d+\\.\\d+)");

    static String token(long outage, int signal) {
        return outage + "." + signal;
    }

    private void lane() {
        long next = System.nanoTime();
        while (!stopping.get()) {
            long outage = outages.getAndIncrement();
            String env = "soak-" + outage;
            for (int i = 0; i <= ERRORS_PER_OUTAGE + 1 && !stopping.get(); i++) {
                String type = i == 0 ? "FAILING" : i == ERRORS_PER_OUTAGE + 1 ? "RECOVERED" : "ERROR";
                String token = token(outage, i);
                String body = """
                        {"id":"soak-%s","type":"%s","source":"soak","env":"%s","service":"checkout","check":"http",\
                        "observedAt":"%s","alerting":true,"summary":"%s soak#%s"}""".formatted(token, type, env,
                        Instant.now(clock), type.toLowerCase(java.util.Locale.ROOT), token);
                if (send(body)) {
                    accepted.add(token);
                }
                next += pauseNanos;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    sleep(wait);
                } else {
                    next = System.nanoTime(); // behind (a fault held a delivery): no burst to catch up
                }
            }
        }
    }

    /** True once answered 2xx; retried on 5xx, 429 and no answer; false on a 4xx or after {@link #GIVE_UP}. */
    private boolean send(String body) {
        long giveUp = System.nanoTime() + GIVE_UP.toNanos();
        HttpRequest request = HttpRequest.newBuilder(signals).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        while (true) {
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return true;
                }
                if (status / 100 == 4 && status != 429) {
                    refused.incrementAndGet();
                    return false;
                }
            } catch (java.io.IOException e) {
                // No answer: ingest may or may not have written it; the retry settles it.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            if (System.nanoTime() > giveUp) {
                unanswered.incrementAndGet();
                return false;
            }
            retries.incrementAndGet();
            sleep(TimeUnit.MILLISECONDS.toNanos(500));
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the lanes after the delivery each is on (and its retries). */
    @Override
    public void close() throws InterruptedException {
        stopping.set(true);
        for (Thread lane : lanes) {
            lane.join(GIVE_UP.plusSeconds(30).toMillis());
        }
    }
}
