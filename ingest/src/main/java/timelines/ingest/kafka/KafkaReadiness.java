package timelines.ingest.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Answers "is Kafka reachable?" for {@code /readyz}, at most once a second. */
public final class KafkaReadiness implements AutoCloseable {
    private static final Duration CACHE = Duration.ofSeconds(1);

    private final Admin admin;
    private final Clock clock;
    private Instant checkedAt = Instant.EPOCH;
    private String problem = "not checked yet";

    public KafkaReadiness(String bootstrapServers, Map<String, String> overrides, Clock clock) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "timelines-readiness");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000);
        p.putAll(overrides);
        this.admin = Admin.create(p);
        this.clock = clock;
    }

    /** Null when ready, else what is wrong. */
    public synchronized String problem() {
        Instant now = clock.instant();
        if (now.isBefore(checkedAt.plus(CACHE))) {
            return problem;
        }
        checkedAt = now;
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(2500, TimeUnit.MILLISECONDS);
            problem = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        } catch (Exception e) {
            problem = "Kafka unreachable: " + e.getClass().getSimpleName();
        }
        return problem;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(2));
    }
}
