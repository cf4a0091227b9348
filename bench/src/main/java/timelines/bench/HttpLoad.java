package timelines.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * Sends every body with at most {@code concurrency} in flight; {@code signalsEach} signals per
     * body. Each of {@code concurrency} senders sends and waits in turn, with the blocking
     * {@code send}: on a 2-core machine {@code sendAsync} completes every response on a thread of
     * its own (the JDK's async pool falls back to a thread per task when the common pool has one
     * thread), which cost the load generator about a quarter of a core at 1,000 requests/s.
     */
    Result closedLoop(List<byte[]> bodies, int signalsEach, int concurrency) throws InterruptedException {
        Latencies latencies = new Latencies();
        AtomicLong failed = new AtomicLong();
        AtomicInteger next = new AtomicInteger();
        List<Thread> senders = new ArrayList<>();
        long started = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            Thread sender = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    try {
                        if (client.send(request(bodies.get(i)), HttpResponse.BodyHandlers.discarding()).statusCode()
                                != 202) {
                            failed.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } catch (InterruptedException e) {
                        return;
                    }
                    latencies.add(System.nanoTime() - sent);
                }
            }, "bench-http-sender");
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        // No deadline of its own: every request times out after 30 s, and then counts as failed.
        for (Thread sender : senders) {
            sender.join();
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
