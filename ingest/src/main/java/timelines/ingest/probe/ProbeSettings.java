package timelines.ingest.probe;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * One active probe, as configured (see {@link ProbeSettingsLoader} for the YAML). The defaults
 * for every optional key live here and only here.
 *
 * @param name the probe's stable identity: becomes the signal's {@code check}
 * @param service the service a failure is attributed to (DESIGN section 4: "the probe's
 *     configured service")
 * @param env the env of its signals, or null for ingest's default env
 * @param alerting whether its signals notified a person; probes observe, so false unless configured
 */
public record ProbeSettings(
        String name,
        Duration interval,
        Duration timeout,
        int failuresBeforeFailing,
        String service,
        String env,
        boolean alerting,
        Target target) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final StatusRange DEFAULT_EXPECT_STATUS = new StatusRange(200, 399);
    public static final int DEFAULT_FAILURES_BEFORE_FAILING = 2;
    public static final boolean DEFAULT_ALERTING = false;

    public ProbeSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(target, "target");
        if (failuresBeforeFailing < 1) {
            throw new IllegalArgumentException("failuresBeforeFailing must be at least 1");
        }
    }

    /** {@code http} or {@code amqp}: the YAML {@code kind} and the body's {@code kind}. */
    public String kind() {
        return target.kind();
    }

    /** What is probed, and how; one record per kind. */
    public sealed interface Target permits Http, Amqp {
        String kind();
    }

    /** GET {@code url}; healthy when the status lies in {@code expectStatus}. Redirects are not followed. */
    public record Http(URI url, StatusRange expectStatus) implements Target {
        public static final String KIND = "http";

        public Http {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(expectStatus, "expectStatus");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /**
     * Connect to {@code uri} (its path names the vhost), open a channel and, when {@code queue} is
     * set, passive-declare it; healthy when every step succeeds.
     */
    public record Amqp(URI uri, String queue) implements Target {
        public static final String KIND = "amqp";

        public Amqp {
            Objects.requireNonNull(uri, "uri");
        }

        @Override
        public String kind() {
            return KIND;
        }
    }

    /** An inclusive HTTP status range, written {@code 200-399} or a single {@code 204}. */
    public record StatusRange(int from, int to) {
        public StatusRange {
            if (from < 100 || to > 599 || from > to) {
                throw new IllegalArgumentException("status range " + from + "-" + to + " is not within 100-599");
            }
        }

        /** Parses {@code 200-399} or {@code 204}; throws IllegalArgumentException otherwise. */
        public static StatusRange parse(String text) {
            String t = text.strip();
            int dash = t.indexOf('-');
            try {
                if (dash < 0) {
                    int status = Integer.parseInt(t);
                    return new StatusRange(status, status);
                }
                return new StatusRange(Integer.parseInt(t.substring(0, dash).strip()),
                        Integer.parseInt(t.substring(dash + 1).strip()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not a status or a range such as 200-399");
            }
        }

        public boolean contains(int status) {
            return status >= from && status <= to;
        }

        @Override
        public String toString() {
            return from == to ? Integer.toString(from) : from + "-" + to;
        }
    }
}
