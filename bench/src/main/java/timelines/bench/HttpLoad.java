package timelines.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keep-alive HTTP/1.1 clients on loopback (java.net.http on a few threads), a bounded number of
 * requests in flight, each timed from send to its answer. A request counts only if answered 202,
 * which ingest sends after Kafka acknowledged.
 */
final class HttpLoad implements AutoCloseable {
    private final ExecutorService threads;
    private final HttpClient client;
    private final URI uri;

    record Result(int requests, long signals, double seconds, double p50Ms, double p99Ms, long failed) {
        double requestsPerSecond() {
            return requests / seconds;
        }

        double signalsPerSecond() {
            return signals / seconds;
        }
    }

    HttpLoad(int port, String path, int clientThreads) {
        this.threads = Executors.newFixedThreadPool(clientThreads, r -> {
            Thread t = new Thread(r, "bench-http-client");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(threads)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.uri = URI.create("http://127.0.0.1:" + port + path);
    }

    HttpRequest request(byte[] body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    /** Sends every body with at most {@code concurrency} in flight; {@code signalsEach} signals per body. */
    Result closedLoop(List<byte[]> bodies, int signalsEach, int concurrency) throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        Latencies latencies = new Latencies();
        AtomicLong failed = new AtomicLong();
        long started = System.nanoTime();
        for (byte[] body : bodies) {
            inFlight.acquire();
            long sent = System.nanoTime();
            client.sendAsync(request(body), HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                latencies.add(System.nanoTime() - sent);
                if (e != null || r.statusCode() != 202) {
                    failed.incrementAndGet();
                }
                inFlight.release();
            });
        }
        if (!inFlight.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests still unanswered after 60 s");
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(bodies.size(), (long) bodies.size() * signalsEach, seconds, latencies.percentileMs(50),
                latencies.percentileMs(99), failed.get());
    }

    HttpClient client() {
        return client;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }
}
