package timelines.ingest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;

/** A real HTTP server on a free port, whose health endpoint the test turns bad and good again. */
class HttpProbeTest {
    private static final Instant T0 = Instant.parse("2021-03-15T07:26:00Z");
    private static final Duration EVERY = Duration.ofSeconds(30);

    private final AtomicInteger status = new AtomicInteger(200);
    private final CountDownLatch hang = new CountDownLatch(1);
    private final List<RawDelivery> published = new CopyOnWriteArrayList<>();
    private final SteppingClock clock = new SteppingClock(T0);
    private final ProbeNormalizer normalizer = new ProbeNormalizer("prod");
    private HttpServer server;
    private URI health;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                hang.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/elsewhere");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        health = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/health");
    }

    @AfterEach
    void stopServer() {
        hang.countDown();
        server.stop(0);
    }

    private ProbeRunner runner(String path, ProbeSettings.StatusRange expect, Duration timeout, int failuresBeforeFailing) {
        ProbeSettings settings = new ProbeSettings("esr-api-health", EVERY, timeout, failuresBeforeFailing, "esr-api",
                "prod", false, new ProbeSettings.Http(health.resolve(path), expect));
        return new ProbeRunner(List.of(settings), published::add, clock, new SimpleMeterRegistry());
    }

    private ProbeState.Reason check(ProbeRunner runner) {
        ProbeState.Reason reason = runner.runOnce("esr-api-health");
        clock.advance(EVERY);
        return reason;
    }

    private Signal signal(int i) {
        return normalizer.normalize(published.get(i)).signals().get(0);
    }

    @Test
    void shouldSayFailingOnceWhenTheEndpointAnswers500TwiceAndRecoveredOnceWhenItIsBack() {
        try (ProbeRunner runner = runner("/health", ProbeSettings.DEFAULT_EXPECT_STATUS, Duration.ofSeconds(5), 2)) {
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.HEALTHY);
            assertThat(published).isEmpty();

            status.set(500);
            Instant firstFailure = clock.instant();
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.FAILURE_BELOW_THRESHOLD);
            assertThat(published).isEmpty();
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.STILL_FAILING);

            status.set(200);
            Instant recovery = clock.instant();
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.RECOVERED);
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.HEALTHY);

            assertThat(published).hasSize(2).allSatisfy(d -> {
                assertThat(d.source()).isEqualTo("probe");
                assertThat(d.body().get("kind").asText()).isEqualTo("http");
            });
            Signal failing = signal(0);
            assertThat(failing.type()).isEqualTo(SignalType.FAILING);
            assertThat(failing.summary()).contains("HTTP 500").contains("expected 200-399").contains(health.toString());
            assertThat(failing.observedAt()).as("the failure began at the first failed check").isEqualTo(firstFailure);
            assertThat(failing.receivedAt()).isEqualTo(firstFailure.plus(EVERY));
            assertThat(failing.check()).isEqualTo("esr-api-health");
            assertThat(failing.service()).isEqualTo("esr-api");
            assertThat(failing.alerting()).isFalse();
            Signal recovered = signal(1);
            assertThat(recovered.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(recovered.observedAt()).isEqualTo(recovery);
            assertThat(recovered.summary()).contains("HTTP 200").endsWith("ok after 3 failed checks");
        }
    }

    @Test
    void shouldSayConnectionRefusedWhenTheServerIsGone() {
        try (ProbeRunner runner = runner("/health", ProbeSettings.DEFAULT_EXPECT_STATUS, Duration.ofSeconds(5), 2)) {
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.HEALTHY);

            server.stop(0);
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.FAILURE_BELOW_THRESHOLD);
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);

            assertThat(published).hasSize(1);
            assertThat(signal(0).type()).isEqualTo(SignalType.FAILING);
            assertThat(signal(0).summary()).contains("connection refused");
        }
    }

    @Test
    void shouldSayTimedOutWhenTheEndpointDoesNotAnswerWithinTheTimeout() {
        try (ProbeRunner runner = runner("/slow", ProbeSettings.DEFAULT_EXPECT_STATUS, Duration.ofMillis(300), 1)) {
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);

            assertThat(signal(0).summary()).contains("timed out after PT0.3S");
        }
    }

    @Test
    void shouldJudgeAStatusOutsideTheExpectedRangeAsAFailure() {
        try (ProbeRunner runner = runner("/health", ProbeSettings.StatusRange.parse("204"), Duration.ofSeconds(5), 1)) {
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);

            assertThat(signal(0).summary()).contains("HTTP 200 (expected 204)");
        }
    }

    @Test
    void shouldNotFollowARedirectAndCountA302AsHealthyByDefault() {
        try (ProbeRunner runner = runner("/moved", ProbeSettings.DEFAULT_EXPECT_STATUS, Duration.ofSeconds(5), 1)) {
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.HEALTHY);
        }
        try (ProbeRunner runner = runner("/moved", new ProbeSettings.StatusRange(200, 299), Duration.ofSeconds(5), 1)) {
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);
            assertThat(signal(0).summary()).contains("HTTP 302");
        }
    }
}
