package timelines.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import timelines.contracts.catalog.Catalog;

/**
 * A deterministic, realistic stream of deliveries in the project's own formats ({@code signals}
 * and {@code records}), as monitors would send them during a busy stretch: outages of one
 * service or of a core service with its dependents (joined through the catalog's
 * {@code dependsOn}), each a FAILING of one or two checks (sometimes flapping) with an ERROR
 * burst from a small set of repeating messages, then RECOVERED; deploys (CHANGE) before some
 * outages and in between; acknowledgements; now and then a person's REPORT and a declared
 * INCIDENT record; vendor retries (the same delivery twice) and late deliveries.
 *
 * <p>Every delivery carries exactly one signal (or one record), so deliveries and signals can be
 * counted alike; arrays for the ingest stage are built by grouping them.
 */
public final class SignalMix {
    static final String SIGNALS = "signals";
    static final String RECORDS = "records";
    /** Services per group: the first of a group is a core service the others depend on. */
    static final int GROUP = 10;

    /** One delivery of a capture, in the order a receiver would see it. */
    public record Delivery(Instant receivedAt, String source, ObjectNode body) {
        boolean isSignal() {
            return SIGNALS.equals(source);
        }

        Instant observedAt() {
            return body.has("observedAt") ? Instant.parse(body.get("observedAt").asText())
                    : Instant.parse(body.get("openedAt").asText());
        }
    }

    /** How often one service fails, on average: outages of the whole catalog start S times as often. */
    static final Duration SERVICE_OUTAGE_EVERY = Duration.ofDays(2);

    private final int services;
    private final int meanErrors;
    private final long outageEveryMillis;
    private final SplittableRandom random;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    /**
     * @param meanErrors the mean ERROR burst of one service's outage: with the other signals of an
     *     outage, it sets how many outages (and so how much event time) N signals span
     */
    public SignalMix(int services, int meanErrors, long seed) {
        if (services < GROUP) {
            throw new IllegalArgumentException("at least " + GROUP + " services, was " + services);
        }
        this.services = services;
        this.meanErrors = Math.max(1, meanErrors);
        this.outageEveryMillis = SERVICE_OUTAGE_EVERY.toMillis() / services;
        this.random = new SplittableRandom(seed);
    }

    static String service(int i) {
        return String.format("svc-%04d", i);
    }

    /** svc-0000 .. svc-(S-1); every service outside a group's first depends on that first (core) one. */
    public static Catalog catalog(int services) {
        List<Catalog.Service> list = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            int core = i / GROUP * GROUP;
            list.add(new Catalog.Service(service(i), i == core ? List.of() : List.of(service(core))));
        }
        return new Catalog("prod", list, List.of());
    }

    /** At least {@code signals} signal deliveries (plus a few records), sorted by receipt, from {@code start}. */
    public List<Delivery> generate(int signals, Instant start) {
        List<Delivery> out = new ArrayList<>(signals + signals / 50 + 64);
        Instant t = start;
        int produced = 0;
        while (produced < signals) {
            t = t.plusMillis(1 + (long) (exponential() * outageEveryMillis));
            produced += outage(t, out);
            for (int k = random.nextInt(4); k > 0; k--) {
                // Deploys elsewhere, unrelated to any outage.
                int svc = random.nextInt(services);
                produced += add(out, signal(t.minusSeconds(random.nextInt(600)), "CHANGE", "github", envFor(svc), svc,
                        null, false, "Deployed " + service(svc) + " build " + random.nextInt(100_000), null));
            }
        }
        out.sort(Comparator.comparing(Delivery::receivedAt));
        // Trim the tail to exactly the requested number of signals (records are extra).
        int seen = 0;
        List<Delivery> trimmed = new ArrayList<>(out.size());
        for (Delivery d : out) {
            if (d.isSignal()) {
                if (seen == signals) {
                    continue;
                }
                seen++;
            }
            trimmed.add(d);
        }
        return trimmed;
    }

    private String envFor(int svc) {
        // A stage copy of a few services fails too; stage never joins prod.
        return svc % 7 == 3 ? "stage" : "prod";
    }

    /** One outage beginning at {@code begin}; returns the number of signals it added. */
    private int outage(Instant begin, List<Delivery> out) {
        int first = random.nextInt(services);
        List<Integer> affected = new ArrayList<>();
        if (random.nextInt(10) < 3) {
            // A core service fails and takes some of its dependents with it: one incident through dependsOn.
            int core = first / GROUP * GROUP;
            affected.add(core);
            int dependents = 1 + random.nextInt(3);
            for (int d = 0; d < dependents; d++) {
                int dep = core + 1 + random.nextInt(GROUP - 1);
                if (dep < services && !affected.contains(dep)) {
                    affected.add(dep);
                }
            }
        } else {
            affected.add(first);
        }
        String env = envFor(affected.get(0));
        int n = 0;
        Duration length = Duration.ofSeconds(180 + random.nextInt(40 * 60));
        if (random.nextInt(10) < 4) {
            int svc = affected.get(0);
            n += add(out, signal(begin.minusSeconds(60 + random.nextInt(1800)), "CHANGE", "github", env, svc, null,
                    false, "Deployed " + service(svc) + " build " + random.nextInt(100_000), null));
        }
        for (int k = 0; k < affected.size(); k++) {
            int svc = affected.get(k);
            Instant b = begin.plusSeconds(k * (5L + random.nextInt(60)));
            Instant e = b.plus(length).plusSeconds(random.nextInt(120));
            n += episode(svc, env, b, e, out);
        }
        if (random.nextInt(10) < 3) {
            n += add(out, signal(begin.plusSeconds(30 + random.nextInt(600)), "ACK", "pagerduty", env,
                    affected.get(0), null, false, "Acknowledged by the on-call engineer", null));
        }
        if (random.nextInt(50) == 0) {
            n += add(out, signal(begin.plusSeconds(random.nextInt(900)), "REPORT", "support", env, affected.get(0),
                    null, false, "A customer reports that " + service(affected.get(0)) + " does not answer", null));
        }
        if (env.equals("prod") && random.nextInt(5) == 0) {
            Instant opened = begin.plusSeconds(120 + random.nextInt(1800));
            ObjectNode r = json.objectNode();
            r.put("id", "INC-" + random.nextInt(1_000_000));
            r.put("type", "INCIDENT");
            r.put("env", env);
            r.putArray("services").add(service(affected.get(0)));
            r.put("openedAt", opened.toString());
            r.put("title", service(affected.get(0)) + " is failing");
            out.add(new Delivery(opened.plusSeconds(1), RECORDS, r));
        }
        return n;
    }

    private int episode(int svc, String env, Instant begin, Instant end, List<Delivery> out) {
        int n = 0;
        String name = service(svc);
        int checks = 1 + random.nextInt(2);
        for (int c = 0; c < checks; c++) {
            String check = name + (c == 0 ? "-http" : "-latency");
            String source = c == 0 ? "pingdom" : "alertmanager";
            boolean alerting = c == 0;
            Instant failAt = begin.plusSeconds(c * random.nextInt(90));
            n += add(out, signal(failAt, "FAILING", source, env, svc, check, alerting,
                    c == 0 ? name + " is down: HTTP 503" : name + " p99 latency above 2 s", check));
            if (random.nextInt(5) == 0) {
                // A flap: up for a moment, then down again within the quiet period.
                Instant up = failAt.plusSeconds(60 + random.nextInt(120));
                n += add(out, signal(up, "RECOVERED", source, env, svc, check, alerting, name + " is up", check));
                n += add(out, signal(up.plusSeconds(20 + random.nextInt(100)), "FAILING", source, env, svc, check,
                        alerting, c == 0 ? name + " is down: HTTP 503" : name + " p99 latency above 2 s", check));
            }
            n += add(out, signal(end.minusSeconds(random.nextInt(30)), "RECOVERED", source, env, svc, check, alerting,
                    c == 0 ? name + " is up" : name + " latency is back to normal", check));
        }
        int errors = (int) Math.min(20L * meanErrors, Math.round(exponential() * meanErrors));
        long span = Math.max(1, Duration.between(begin, end).toMillis());
        for (int i = 0; i < errors; i++) {
            Instant at = begin.plusMillis((long) (random.nextDouble() * span));
            n += add(out, signal(at, "ERROR", "sentry", env, svc, null, false, ERRORS[random.nextInt(ERRORS.length)]
                    .formatted(name), null));
        }
        return n;
    }

    private static final String[] ERRORS = {
        "%s: java.net.SocketTimeoutException: Read timed out",
        "%s: org.postgresql.util.PSQLException: Connection to db:5432 refused",
        "%s: com.rabbitmq.client.AlreadyClosedException: channel is already closed due to channel error",
        "%s: 502 Bad Gateway from upstream",
        "%s: java.lang.IllegalStateException: Keycloak token endpoint returned 500",
    };

    /** Adds the signal's delivery; now and then a retry of it, and now and then late. Returns the signals added. */
    private int add(List<Delivery> out, ObjectNode signal) {
        Instant observed = Instant.parse(signal.get("observedAt").asText());
        int roll = random.nextInt(100);
        // Mostly received a second or a few after the fact; 3% late (a queued webhook, a delayed batch).
        Instant received = roll < 3 ? observed.plusSeconds(300 + random.nextInt(1500))
                : observed.plusMillis(200 + random.nextInt(4000));
        out.add(new Delivery(received, SIGNALS, signal));
        if (roll >= 95) {
            // A vendor retry: the very same delivery again, a few seconds later.
            out.add(new Delivery(received.plusSeconds(1 + random.nextInt(10)), SIGNALS, signal.deepCopy()));
            return 2;
        }
        return 1;
    }

    private ObjectNode signal(Instant at, String type, String source, String env, int svc, String check,
            boolean alerting, String summary, String checkLink) {
        ObjectNode s = json.objectNode();
        s.put("type", type);
        s.put("source", source);
        s.put("env", env);
        s.put("service", service(svc));
        if (check != null) {
            s.put("check", check);
        }
        s.put("observedAt", at.toString());
        s.put("alerting", alerting);
        s.put("severity", type.equals("ERROR") ? "error" : "critical");
        s.put("summary", summary);
        if (checkLink != null) {
            s.put("link", "https://monitoring.example.org/checks/" + checkLink);
        } else if (type.equals("ERROR")) {
            s.put("link", "https://sentry.example.org/organizations/acme/issues/" + (svc * 31 + summary.length()) + "/");
        }
        ObjectNode labels = s.putObject("labels");
        labels.put("team", "team-" + (svc / GROUP));
        labels.put("region", svc % 2 == 0 ? "eu-west-1" : "us-east-1");
        return s;
    }

    private double exponential() {
        return -Math.log(1 - random.nextDouble());
    }
}
