package timelines.ingest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;

/**
 * The ESR outage (seed 002) replayed against the local RabbitMQ: the vhost the applications use
 * disappears, a probe says FAILING with the broker's 530, and RECOVERED once the vhost is back.
 * Needs a broker at {@code AMQP_URL} (default {@code amqp://guest:guest@127.0.0.1:5672}) and
 * {@code rabbitmqctl} on the PATH; skipped otherwise.
 */
class AmqpProbeTest {
    private static final Logger log = LoggerFactory.getLogger(AmqpProbeTest.class);
    private static final URI BROKER = URI.create(System.getenv().getOrDefault("AMQP_URL",
            "amqp://guest:guest@127.0.0.1:5672"));
    private static final Instant T0 = Instant.parse("2021-03-15T07:26:00Z");
    private static final Duration EVERY = Duration.ofSeconds(30);

    private final List<RawDelivery> published = new CopyOnWriteArrayList<>();
    private final SteppingClock clock = new SteppingClock(T0);
    private final ProbeNormalizer normalizer = new ProbeNormalizer("prod");

    private ProbeRunner runner(String vhost, String queue, int failuresBeforeFailing) {
        ProbeSettings settings = new ProbeSettings("esr-vhost", EVERY, Duration.ofSeconds(5), failuresBeforeFailing,
                "esr", "prod", false, new ProbeSettings.Amqp(withVhost(BROKER, vhost), queue));
        return new ProbeRunner(List.of(settings), published::add, clock, new SimpleMeterRegistry());
    }

    private ProbeState.Reason check(ProbeRunner runner) {
        ProbeState.Reason reason = runner.runOnce("esr-vhost");
        clock.advance(EVERY);
        return reason;
    }

    private Signal signal(int i) {
        return normalizer.normalize(published.get(i)).signals().get(0);
    }

    @Test
    void shouldSayFailingWith530WhenTheVhostIsDeletedAndRecoveredWhenItIsRecreated() throws Exception {
        long started = System.nanoTime();
        String vhost = createVhostOrSkip();
        try (ProbeRunner runner = runner(vhost, null, 2)) {
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.HEALTHY);
            assertThat(published).isEmpty();

            rabbitmqctl("delete_vhost", vhost);
            Instant vhostGone = clock.instant();
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.FAILURE_BELOW_THRESHOLD);
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.STILL_FAILING);

            createVhost(vhost);
            Instant vhostBack = clock.instant();
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.RECOVERED);

            assertThat(published).hasSize(2);
            Signal failing = signal(0);
            assertThat(failing.type()).isEqualTo(SignalType.FAILING);
            assertThat(failing.summary()).contains("reply-code=530").contains("NOT_ALLOWED").contains(vhost)
                    .doesNotContain("guest:guest");
            assertThat(failing.observedAt()).isEqualTo(vhostGone);
            assertThat(failing.check()).isEqualTo("esr-vhost");
            assertThat(failing.service()).isEqualTo("esr");
            assertThat(failing.labels()).containsEntry("kind", "amqp");
            Signal recovered = signal(1);
            assertThat(recovered.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(recovered.observedAt()).isEqualTo(vhostBack);
        } finally {
            deleteVhostQuietly(vhost);
            log.info("vhost scenario took {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
    }

    @Test
    void shouldSayFailingWith404WhenTheQueueIsMissingAndBeQuietWhenItExists() throws Exception {
        String vhost = createVhostOrSkip();
        try {
            try (ProbeRunner runner = runner(vhost, "esr.files", 1)) {
                assertThat(check(runner)).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);
                assertThat(signal(0).summary()).contains("passive-declare queue 'esr.files'")
                        .contains("reply-code=404").contains("NOT_FOUND");
            }
            declareQueue(vhost, "esr.files");
            published.clear();
            try (ProbeRunner runner = runner(vhost, "esr.files", 1)) {
                assertThat(check(runner)).isEqualTo(ProbeState.Reason.HEALTHY);
                assertThat(published).isEmpty();
            }
        } finally {
            deleteVhostQuietly(vhost);
        }
    }

    @Test
    void shouldSayConnectionRefusedWhenNothingListens() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        ProbeSettings settings = new ProbeSettings("esr-vhost", EVERY, Duration.ofSeconds(2), 1, "esr", "prod", false,
                new ProbeSettings.Amqp(URI.create("amqp://guest:guest@127.0.0.1:" + port + "/esr"), null));
        try (ProbeRunner runner = new ProbeRunner(List.of(settings), published::add, clock, new SimpleMeterRegistry())) {
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);
        }
        assertThat(signal(0).summary()).isEqualTo("amqp://127.0.0.1:" + port + "/esr: connect: connection refused"
                + "; 1 failed check in a row");
    }

    private static URI withVhost(URI broker, String vhost) {
        try {
            return new URI(broker.getScheme(), broker.getUserInfo(), broker.getHost(), broker.getPort(), "/" + vhost, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String createVhostOrSkip() throws Exception {
        int port = BROKER.getPort() != -1 ? BROKER.getPort() : 5672;
        assumeTrue(reachable(BROKER.getHost(), port), "no RabbitMQ reachable at " + BROKER.getHost() + ":" + port
                + ": skipping");
        assumeTrue(onPath("rabbitmqctl"), "rabbitmqctl is not on the PATH: skipping");
        String vhost = "esr-probe-" + UUID.randomUUID().toString().substring(0, 8);
        Result added = run("add_vhost", vhost);
        assumeTrue(added.exit == 0, "rabbitmqctl cannot manage the broker (" + added.output.strip() + "): skipping");
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
        return vhost;
    }

    private static void createVhost(String vhost) throws Exception {
        rabbitmqctl("add_vhost", vhost);
        rabbitmqctl("set_permissions", "-p", vhost, "guest", ".*", ".*", ".*");
    }

    private static void deleteVhostQuietly(String vhost) throws Exception {
        if (vhost != null) {
            run("delete_vhost", vhost);
        }
    }

    private static void declareQueue(String vhost, String queue) throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setUri(withVhost(BROKER, vhost));
        try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare(queue, true, false, false, null);
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return true;
            }
        }
        return false;
    }

    private record Result(int exit, String output) {}

    private static void rabbitmqctl(String... args) throws Exception {
        Result r = run(args);
        assertThat(r.exit).as("rabbitmqctl %s: %s", String.join(" ", args), r.output).isZero();
    }

    private static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("rabbitmqctl");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
