package timelines.ingest.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.RabbitMQContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;

/**
 * The ESR outage (seed 002) against a real RabbitMQ in a container: the vhost the applications
 * use is deleted, the AMQP probe says FAILING with the broker's own 530, and RECOVERED once the
 * vhost is back; a missing queue is the broker's 404. {@link AmqpProbeTest} runs the same story
 * against a local broker where one is installed; this one needs only Docker, and is skipped
 * without it.
 */
@Testcontainers(disabledWithoutDocker = true)
class RabbitMqContainerIT {
    private static final Instant T0 = Instant.parse("2023-03-06T07:26:00Z");
    private static final Duration EVERY = Duration.ofSeconds(30);

    @Container
    static final RabbitMQContainer RABBIT = new RabbitMQContainer(DockerImageName.parse("rabbitmq:3-management"));

    private final List<RawDelivery> published = new CopyOnWriteArrayList<>();
    private final SteppingClock clock = new SteppingClock(T0);
    private final ProbeNormalizer normalizer = new ProbeNormalizer("prod");

    @Test
    void shouldSayFailingWith530WhenTheVhostIsDeletedAndRecoveredWhenItIsRecreated() throws Exception {
        String vhost = createVhost("esr-" + UUID.randomUUID().toString().substring(0, 8));
        try (ProbeRunner runner = runner(vhost, null, 2)) {
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.HEALTHY);

            rabbitmqctl("delete_vhost", vhost);
            Instant vhostGone = clock.instant();
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.FAILURE_BELOW_THRESHOLD);
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);

            createVhost(vhost);
            Instant vhostBack = clock.instant();
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.RECOVERED);

            assertThat(published).hasSize(2);
            Signal failing = signal(0);
            assertThat(failing.type()).isEqualTo(SignalType.FAILING);
            assertThat(failing.summary()).contains("reply-code=530").contains("NOT_ALLOWED").contains(vhost)
                    .doesNotContain(RABBIT.getAdminUsername() + ":" + RABBIT.getAdminPassword());
            assertThat(failing.observedAt()).isEqualTo(vhostGone);
            assertThat(failing.service()).isEqualTo("esr-amqp");
            Signal recovered = signal(1);
            assertThat(recovered.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(recovered.observedAt()).isEqualTo(vhostBack);
        }
    }

    @Test
    void shouldSayFailingWith404WhenTheQueueIsMissingAndBeQuietOnceItExists() throws Exception {
        String vhost = createVhost("esr-" + UUID.randomUUID().toString().substring(0, 8));
        try (ProbeRunner runner = runner(vhost, "esr.files", 1)) {
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.THRESHOLD_REACHED);
            assertThat(signal(0).summary()).contains("passive-declare queue 'esr.files'").contains("reply-code=404");

            ConnectionFactory f = new ConnectionFactory();
            f.setUri(uri(vhost));
            try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
                ch.queueDeclare("esr.files", true, false, false, null);
            }
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.RECOVERED);
            assertThat(check(runner)).isEqualTo(ProbeState.Reason.HEALTHY);
        }
    }

    private ProbeRunner runner(String vhost, String queue, int failuresBeforeFailing) {
        ProbeSettings settings = new ProbeSettings("esr-vhost", EVERY, Duration.ofSeconds(5), failuresBeforeFailing,
                "esr-amqp", "prod", false, new ProbeSettings.Amqp(uri(vhost), queue));
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

    private static URI uri(String vhost) {
        return URI.create("amqp://" + RABBIT.getAdminUsername() + ":" + RABBIT.getAdminPassword() + "@"
                + RABBIT.getHost() + ":" + RABBIT.getAmqpPort() + "/" + vhost);
    }

    private static String createVhost(String vhost) throws Exception {
        rabbitmqctl("add_vhost", vhost);
        rabbitmqctl("set_permissions", "-p", vhost, RABBIT.getAdminUsername(), ".*", ".*", ".*");
        return vhost;
    }

    private static void rabbitmqctl(String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = "rabbitmqctl";
        System.arraycopy(args, 0, command, 1, args.length);
        ExecResult r = RABBIT.execInContainer(command);
        assertThat(r.getExitCode()).as("rabbitmqctl %s: %s%s", String.join(" ", args), r.getStdout(), r.getStderr())
                .isZero();
    }
}
