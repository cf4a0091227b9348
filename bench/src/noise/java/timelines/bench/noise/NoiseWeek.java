package timelines.bench.noise;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A realistic week of monitoring noise with a few real outages planted in it, as a capture
 * (DESIGN section 7) and what the pipeline should make of it (DESIGN 5a): seeded, deterministic.
 *
 * <p>The noise is what a team running the kube-prometheus-stack chart, Sentry and PagerDuty gets
 * in an ordinary week, none of it an outage: the always-firing {@code Watchdog} (a heartbeat, every
 * 10 minutes on its own route), {@code InfoInhibitor} (severity {@code none}), {@code CPUThrottlingHigh}
 * (info, which reaches the receiver only while a warning fires in its namespace), crash loops,
 * replica mismatches, waiting containers, an HPA at its maximum every lunchtime, a flapping
 * {@code TargetDown}, a failed nightly job, filling disks, unsynchronised clocks, CPU overcommit,
 * the API server's slow error-budget burn (all {@code warning}); Sentry issue alerts at level
 * {@code warning} and now and then one or two isolated errors; PagerDuty low-urgency incidents,
 * some acknowledged. Alertmanager's delivery is simulated as it works ({@link AlertmanagerDispatch}):
 * grouped by namespace, {@code group_wait} 30 s, {@code group_interval} 5 min, {@code repeat_interval}
 * 4 h, firing alerts re-sent with the same {@code startsAt} and fingerprint, resolutions with their
 * {@code endsAt}, inhibition.
 *
 * <p>Each week (per "shop", the set of applications) holds these outages, on randomly chosen days
 * and hours, each on an application or a part of the cluster:
 *
 * <ul>
 *   <li>{@code checkout-down}: checkout-api's public health check fails (the team's blackbox rule,
 *       critical) and PagerDuty pages high-urgency; a crash loop and a replica mismatch, and a
 *       low-urgency latency incident, came before it. Recorded within minutes.
 *   <li>{@code search-errors}: search-api's error-rate rule, written without a severity label
 *       (absent counts as impact); a flapping {@code TargetDown} before it. Nobody records it.
 *   <li>{@code payments-burst}: payments-api's database refuses connections: Sentry issue alerts at
 *       level {@code error} for three issues, each every 5 minutes while it lasts; slow-query
 *       warnings before. Recorded late, 45 to 75 minutes in.
 *   <li>{@code cart-reports}: cart-api's new pods wait for a missing config map for hours
 *       ({@code KubeContainerWaiting}, a warning) until customers report that checkout of their cart
 *       fails. Nobody records it.
 *   <li>{@code search-blip}: search-api's health check fails for about three minutes (critical): an
 *       outage, drafted, but too short to page as unrecorded.
 *   <li>{@code apiserver-burn} (first shop only): the API server burns its error budget fast
 *       ({@code KubeAPIErrorBudgetBurn} critical) after the slow burn's warning. Nobody records it.
 *   <li>{@code node-disk} (first shop only): a node's disk fills: the 24 h forecast (warning), then
 *       less than 5 % left (warning), then the 4 h forecast (critical). Recorded within minutes.
 * </ul>
 *
 * Noise stays clear of each outage's service (and what it is connected to in the catalog) from 20
 * minutes before it until 25 minutes after, so the outage is one incident of its own; before
 * that, noise of the service is early warning material like the planted warnings.
 */
public final class NoiseWeek {
    public static final Instant DEFAULT_START = Instant.parse("2026-03-02T00:00:00Z");
    static final Duration EVAL_INTERVAL = Duration.ofSeconds(30);
    static final Duration CLEAR_BEFORE = Duration.ofMinutes(20);
    static final Duration CLEAR_AFTER = Duration.ofMinutes(25);
    /** How far past its last sign an item can still join an episode (gap 15 min plus quiet 5 min). */
    static final Duration REACH = Duration.ofMinutes(20);
    static final Duration LOOKBACK = Duration.ofHours(6);
    static final Duration RECORD_GRACE = Duration.ofMinutes(15);
    static final int EARLY_WARNINGS = 20;
    static final String PROMETHEUS = "monitoring/kube-prometheus-stack-prometheus";
    static final String PROMETHEUS_URL = "http://kube-prometheus-stack-prometheus.monitoring:9090";
    static final String KSM_POD = "kube-prometheus-stack-kube-state-metrics-7c8d9f6b5-x4k2m";
    static final String KSM_SERVICE = "kube-prometheus-stack-kube-state-metrics";

    /** How an outage was declared. */
    public enum Recording {
        /** An INCIDENT record within minutes of BEGIN: no unrecorded-outage alert. */
        PROMPTLY,
        /** An INCIDENT record after the grace period: the alert is raised, then cleared by the record. */
        LATE,
        /** No record. */
        NEVER
    }

    /**
     * Scenes of realistic noise on which the pipeline gave a wrong answer in the bench's noise
     * capture (BENCHMARKS.md, "Noise"), each planted alone by {@link #scene} with what DESIGN 5a
     * means it to give.
     */
    public enum Hazard {
        /**
         * notifications-worker's error burst (an outage), recorded within minutes; 45 to 55
         * minutes after the record, one warning-level Sentry issue alert of the same service: a
         * warning incident, not a second outage.
         */
        RECORD_REACH,
        /**
         * keycloak's low-urgency page (a warning) open for three hours, and in it three error-level
         * Sentry issue alerts, each a new issue, about 55 minutes apart: isolated errors, not a burst;
         * a warning incident, and no unrecorded-outage alert.
         */
        SCATTERED_ERRORS,
        /**
         * payments-api's low-urgency page (a warning) open for three hours; in it one error-level
         * Sentry issue alert of payments-api, then 45 and 100 minutes later one of checkout-api
         * each (it depends on payments-api), every error an episode of its own: three isolated
         * errors of one incident, not a burst; a warning incident, and no unrecorded-outage alert.
         */
        ERRORS_ACROSS_EPISODES,
        /**
         * checkout-api's health check fails (critical), recorded within minutes; 95 minutes before,
         * inside the low-urgency latency page and the crash loop that came first, one error-level
         * Sentry issue alert: the outage begins at the failed check, and nothing is alerted as
         * unrecorded.
         */
        LONE_ERROR_BEFORE
    }

    /** A week holding only {@code hazard}'s scene, on its third day: no other noise, no Watchdog. */
    public static NoiseWeek scene(Hazard hazard, long seed) {
        NoiseWeek w = new NoiseWeek(seed, 7, 1, DEFAULT_START);
        w.hazard = hazard;
        return w;
    }

    /** A warning or info signal the draft should list as an early warning. */
    public record EarlyWarning(Instant at, String source, String service, String severity, String summary) {}

    /**
     * A planted outage and what the pipeline should say of it.
     *
     * @param begin the earliest impact signal as delivered (BEGIN, DESIGN 5a)
     * @param recordedAt the record's {@code openedAt}, or null
     * @param unrecordedAlert whether an unrecorded-outage alert (RAISED) is due: not recorded within
     *     {@code recordGrace} and failing for at least {@code minDuration}
     * @param earlyWarnings nearest first, as DESIGN 5a lists them over the service and what it
     *     depends on
     */
    public record PlantedOutage(String story, String env, String service, Instant begin, Recording recording,
            Instant recordedAt, boolean unrecordedAlert, List<EarlyWarning> earlyWarnings) {}

    /**
     * What the capture holds and what should come of it.
     *
     * @param signals the signals the deliveries hold (an Alertmanager notification holds one per
     *     alert; {@code InfoInhibitor}, of severity {@code none}, is none)
     * @param ignored deliveries ingest should answer {@code ignored}: notifications of
     *     {@code InfoInhibitor} alone
     * @param heartbeats notifications of the {@code Watchdog}
     * @param bySource deliveries per capture source
     */
    public record Outcome(List<PlantedOutage> outages, int deliveries, long signals, int ignored, int heartbeats,
            Map<String, Integer> bySource) {

        public List<PlantedOutage> unrecorded() {
            return outages.stream().filter(PlantedOutage::unrecordedAlert).toList();
        }
    }

    /** One capture line; its body is built when asked for, so a long capture is written without holding every body. */
    public record Delivery(Instant receivedAt, String source, Map<String, String> headers, Supplier<ObjectNode> payload) {
        public ObjectNode body() {
            return payload.get();
        }
    }

    /** The capture, the catalog it is meant to be replayed with, and the outcome. */
    public record Capture(List<Delivery> deliveries, String catalogYaml, Outcome outcome) {
        /** Writes {@code capture.jsonl} and {@code catalog.yaml} into {@code dir}. */
        public Path write(Path dir) throws IOException {
            Files.createDirectories(dir);
            Path capture = dir.resolve("capture.jsonl");
            ObjectMapper mapper = new ObjectMapper();
            try (BufferedWriter w = Files.newBufferedWriter(capture, StandardCharsets.UTF_8)) {
                for (Delivery d : deliveries) {
                    ObjectNode line = mapper.createObjectNode();
                    line.put("receivedAt", d.receivedAt().toString());
                    line.put("source", d.source());
                    ObjectNode headers = line.putObject("headers");
                    d.headers().forEach(headers::put);
                    line.set("body", d.body());
                    w.write(mapper.writeValueAsString(line));
                    w.write('\n');
                }
            }
            Files.writeString(dir.resolve("catalog.yaml"), catalogYaml, StandardCharsets.UTF_8);
            return capture;
        }
    }

    private final long seed;
    private final int days;
    private final int shops;
    private final Instant start;
    private final Instant end;
    private final SplittableRandom random;
    private final List<App> apps = new ArrayList<>();
    private final Map<String, String> componentOf = new TreeMap<>();
    private final Map<String, List<Instant[]>> forbidden = new HashMap<>();
    private final Map<String, List<Instant[]>> busyLabels = new HashMap<>();
    private final Map<String, List<Instant[]>> infoBusy = new HashMap<>();
    private final List<PromAlert> alerts = new ArrayList<>();
    private final List<Sent> others = new ArrayList<>();
    private final List<Story> stories = new ArrayList<>();
    private final Map<PromAlert, Story> impactAlerts = new IdentityHashMap<>();
    private final Set<PromAlert> planted = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Map<String, Long> phases = new HashMap<>();
    private final List<String> nodes = new ArrayList<>();
    private Hazard hazard;
    private int ids;

    /** A week from {@link #DEFAULT_START}, one shop. */
    public NoiseWeek(long seed) {
        this(seed, 7, 1, DEFAULT_START);
    }

    /**
     * @param days how long; each whole week holds the outages listed above, per shop
     * @param shops how many copies of the applications (and their namespaces) the cluster runs
     */
    public NoiseWeek(long seed, int days, int shops, Instant start) {
        if (days < 7) {
            throw new IllegalArgumentException("at least a week (7 days), was " + days);
        }
        if (shops < 1) {
            throw new IllegalArgumentException("at least one shop, was " + shops);
        }
        this.seed = seed;
        this.days = days;
        this.shops = shops;
        this.start = start;
        this.end = start.plus(Duration.ofDays(days));
        this.random = new SplittableRandom(seed);
    }

    /** An application of a shop: its workload, namespace, Sentry project and PagerDuty service. */
    private record App(String base, String name, String namespace, String kind, String pagerDutyName,
            String pagerDutyId, long sentryProject, String replicaSet, List<String> dependsOn) {
        String pod(int i) {
            return kind.equals("statefulset") ? name + "-" + i : name + "-" + replicaSet + "-" + podSuffix(i);
        }

        private String podSuffix(int i) {
            String chars = "bcdfghjklmnpqrstvwxz2456789";
            int h = Math.abs((name + i).hashCode());
            StringBuilder b = new StringBuilder();
            for (int k = 0; k < 5; k++) {
                b.append(chars.charAt(h % chars.length()));
                h = h / chars.length() + 7 * k;
            }
            return b.toString();
        }
    }

    /** A planted outage while it is being planned. */
    private final class Story {
        final String id;
        final String type;
        final String service;
        final Instant at;
        Instant impactEnd;
        Recording recording = Recording.NEVER;
        Instant recordedAt;
        boolean alertDue;
        Instant firstOther;

        Story(String type, String service, Instant at) {
            this.id = type + "-" + (stories.size() + 1);
            this.type = type;
            this.service = service;
            this.at = at;
        }

        void impact(Instant t) {
            firstOther = firstOther == null || t.isBefore(firstOther) ? t : firstOther;
        }
    }

    /** A delivery of another sender than Alertmanager, with what its signal is (null for a record). */
    private record Sent(Delivery delivery, Instant at, String service, String severity, String summary,
            boolean warningStart) {}

    // ---------------------------------------------------------------------------------------------

    /** The capture and its outcome. */
    public Capture generate() {
        defineApps();
        if (hazard == null) {
            for (int week = 0; week < days / 7; week++) {
                for (int shop = 0; shop < shops; shop++) {
                    planWeek(week, shop);
                }
            }
            closeComponentsBetweenStories();
        } else {
            String type = hazard.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            String service = switch (hazard) {
                case RECORD_REACH -> "notifications-worker";
                case SCATTERED_ERRORS -> "keycloak";
                case ERRORS_ACROSS_EPISODES -> "checkout-api";
                case LONE_ERROR_BEFORE -> "checkout-api";
            };
            stories.add(new Story(type, service, start.plus(Duration.ofDays(2)).plusSeconds(10 * 3600 + random.nextInt(4 * 3600))));
        }
        for (Story s : stories) {
            planStory(s);
        }
        if (hazard == null) {
            planNoise();
        }
        List<PromAlert> planned = new ArrayList<>(alerts);
        SortedMap<String, String> watchdogLabels = labels(KubeRule.WATCHDOG, new TreeMap<>());
        PromAlert watchdog = PromAlert.of(watchdogLabels, annotations(KubeRule.WATCHDOG, watchdogLabels, Map.of()),
                start.minus(Duration.ofHours(62)).plusMillis(117), null, generatorUrl(KubeRule.WATCHDOG), "Watchdog");
        List<AlertmanagerDispatch.Notification> notifications;
        for (int round = 1; ; round++) {
            alerts.clear();
            alerts.addAll(planned);
            planInfoInhibitors();
            if (hazard == null) {
                alerts.add(watchdog);
            }
            notifications = new AlertmanagerDispatch(seed ^ 0x5eedL).run(alerts, start, end);
            Set<PromAlert> lost = lostResolutions(notifications);
            if (lost.isEmpty()) {
                break;
            }
            for (PromAlert a : lost) {
                if (planted.contains(a) || round == 20) {
                    throw new IllegalStateException("the resolution of " + a.labels() + " (" + a.startsAt() + " to "
                            + a.endsAt() + ") is never sent");
                }
            }
            planned.removeIf(lost::contains);
        }
        return assemble(notifications);
    }

    /** {@link #generate()}, written into {@code dir} as {@code capture.jsonl} and {@code catalog.yaml}. */
    public Capture write(Path dir) throws IOException {
        Capture c = generate();
        c.write(dir);
        return c;
    }

    // --- the cluster -----------------------------------------------------------------------------

    private void defineApps() {
        String[][] base = {
            // base name, namespace, kind, PagerDuty service name
            {"checkout-api", "shop", "deployment", "Checkout API"},
            {"cart-api", "shop", "deployment", "Cart API"},
            {"payments-api", "payments", "deployment", "Payments API"},
            {"search-api", "search", "deployment", "Search"},
            {"keycloak", "identity", "statefulset", "Keycloak"},
            {"notifications-worker", "notifications", "deployment", "Notifications"},
        };
        for (int shop = 0; shop < shops; shop++) {
            String suffix = shop == 0 ? "" : "-" + (shop + 1);
            for (int i = 0; i < base.length; i++) {
                String name = base[i][0] + suffix;
                List<String> deps = base[i][0].equals("checkout-api") ? List.of("payments-api" + suffix) : List.of();
                apps.add(new App(base[i][0], name, base[i][1] + suffix, base[i][2], base[i][3] + (shop == 0 ? "" : " " + (shop + 1)),
                        "P" + hex(6).toUpperCase(), 4_500_000L + shop * 10 + i, kubeName(10), deps));
                componentOf.put(name, base[i][0].equals("checkout-api") || base[i][0].equals("payments-api")
                        ? "payments" + suffix : name);
            }
        }
        componentOf.put("kubernetes-nodes", "kubernetes-nodes");
        componentOf.put("kube-apiserver", "kube-apiserver");
        for (App a : apps) {
            componentOf.putIfAbsent(a.namespace(), "namespace " + a.namespace());
        }
        componentOf.put("KubeCPUOvercommit", "KubeCPUOvercommit");
        for (int i = 0; i < 3 + 2 * shops; i++) {
            nodes.add("10.0.3." + (21 + i));
        }
    }

    private App app(String base, int shop) {
        String name = base + (shop == 0 ? "" : "-" + (shop + 1));
        return apps.stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }

    /** The catalog the capture is meant for: the README's kube-prometheus-stack catalog, the applications, Sentry's and PagerDuty's names. */
    String catalogYaml() {
        StringBuilder y = new StringBuilder();
        y.append("# The catalog of the noise capture (timelines.bench.noise.NoiseWeek): the README's catalog for\n");
        y.append("# kube-prometheus-stack, the applications, and what Sentry and PagerDuty call them.\n");
        y.append("defaults: { env: prod }\nservices:\n");
        for (App a : apps) {
            y.append("  - name: ").append(a.name()).append('\n');
            if (!a.dependsOn().isEmpty()) {
                y.append("    dependsOn: [").append(String.join(", ", a.dependsOn())).append("]\n");
            }
        }
        y.append("  - name: kubernetes-nodes\n  - name: kube-apiserver\n");
        y.append("""
                rules:
                  - match: { source: alertmanager }
                    set: { env: "{labels.cluster}" }
                  - match: { source: alertmanager }
                    set: { service: "{labels.namespace}" }
                  - match: { source: alertmanager, labels.service: "(?!kube-prometheus-stack-).+" }
                    set: { service: "{labels.service}" }
                  - match: { source: alertmanager, labels.container: "(?!kube-state-metrics$).+" }
                    set: { service: "{labels.container}" }
                  - match: { source: alertmanager }
                    set: { service: "{labels.horizontalpodautoscaler}" }
                  - match: { source: alertmanager }
                    set: { service: "{labels.daemonset}" }
                  - match: { source: alertmanager }
                    set: { service: "{labels.statefulset}" }
                  - match: { source: alertmanager }
                    set: { service: "{labels.deployment}" }
                  - match: { source: alertmanager, labels.alertname: "Node.*|KubeNode.*" }
                    set: { service: kubernetes-nodes }
                  - match: { source: alertmanager, labels.alertname: "KubeAPI.*|KubeClientErrors|KubeAggregatedAPI.*" }
                    set: { service: kube-apiserver }
                  # Sentry's environment is called production.
                  - match: { source: sentry, env: production }
                    set: { env: prod }
                """);
        for (App a : apps) {
            y.append("  - match: { source: pagerduty, service: \"").append(a.pagerDutyName()).append("\" }\n");
            y.append("    set: { service: ").append(a.name()).append(" }\n");
        }
        return y.toString();
    }

    // --- outages ---------------------------------------------------------------------------------

    private static final List<String> SHOP_STORIES = List.of("checkout-down", "search-errors", "payments-burst",
            "cart-reports", "search-blip");
    private static final List<String> CLUSTER_STORIES = List.of("apiserver-burn", "node-disk");

    /** Puts each story of a shop's week on a day and an hour, those of one component two days apart at least. */
    private void planWeek(int week, int shop) {
        List<String> types = new ArrayList<>(SHOP_STORIES);
        if (shop == 0) {
            types.addAll(CLUSTER_STORIES);
        }
        List<Integer> dayOf;
        do {
            dayOf = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6));
            for (int i = dayOf.size() - 1; i > 0; i--) {
                Collections.swap(dayOf, i, random.nextInt(i + 1));
            }
        } while (Math.abs(dayOf.get(types.indexOf("search-errors")) - dayOf.get(types.indexOf("search-blip"))) < 2
                || Math.abs(dayOf.get(types.indexOf("checkout-down")) - dayOf.get(types.indexOf("payments-burst"))) < 2);
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            String service = switch (type) {
                case "checkout-down" -> app("checkout-api", shop).name();
                case "search-errors", "search-blip" -> app("search-api", shop).name();
                case "payments-burst" -> app("payments-api", shop).name();
                case "cart-reports" -> app("cart-api", shop).name();
                case "apiserver-burn" -> "kube-apiserver";
                default -> "kubernetes-nodes";
            };
            Instant at = start.plus(Duration.ofDays(7L * week + dayOf.get(i)))
                    .plusSeconds(7 * 3600 + random.nextInt(13 * 3600));
            Story s = new Story(type, service, at);
            s.impactEnd = at.plus(Duration.ofMinutes(type.equals("search-blip") ? 5 : 90));
            stories.add(s);
            forbid(service, at.minus(CLEAR_BEFORE), s.impactEnd.plus(CLEAR_AFTER));
        }
    }

    /** Noise keeps out of an hour between two outages of one component, so no chain of noise joins them. */
    private void closeComponentsBetweenStories() {
        Map<String, List<Story>> byComponent = new TreeMap<>();
        for (Story s : stories) {
            byComponent.computeIfAbsent(componentOf.get(s.service), k -> new ArrayList<>()).add(s);
        }
        for (List<Story> list : byComponent.values()) {
            list.sort(Comparator.comparing(s -> s.at));
            for (int i = 1; i < list.size(); i++) {
                Instant a = list.get(i - 1).impactEnd;
                Instant b = list.get(i).at;
                Instant mid = a.plus(Duration.between(a, b).dividedBy(2));
                forbid(list.get(i).service, mid.minus(Duration.ofMinutes(45)), mid.plus(Duration.ofMinutes(45)));
            }
        }
    }

    private void planStory(Story s) {
        int shop = shopOf(s.service);
        switch (s.type) {
            case "checkout-down" -> checkoutDown(s, app("checkout-api", shop));
            case "search-errors" -> searchErrors(s, app("search-api", shop));
            case "payments-burst" -> paymentsBurst(s, app("payments-api", shop));
            case "cart-reports" -> cartReports(s, app("cart-api", shop));
            case "search-blip" -> searchBlip(s, app("search-api", shop));
            case "apiserver-burn" -> apiserverBurn(s);
            case "record-reach" -> recordReach(s, app("notifications-worker", shop));
            case "scattered-errors" -> scatteredErrors(s, app("keycloak", shop));
            case "errors-across-episodes" -> errorsAcrossEpisodes(s, app("checkout-api", shop), app("payments-api", shop));
            case "lone-error-before" -> loneErrorBefore(s, app("checkout-api", shop));
            default -> nodeDisk(s);
        }
    }

    private int shopOf(String service) {
        int dash = service.lastIndexOf('-');
        String tail = dash < 0 ? "" : service.substring(dash + 1);
        return tail.matches("\\d+") ? Integer.parseInt(tail) - 1 : 0;
    }

    private void checkoutDown(Story s, App app) {
        Instant crash = s.at.minus(minutes(80, 170));
        Instant crashEnd = crash.plus(minutes(25, 55));
        String pod = app.pod(1);
        storyAlert(KubeRule.POD_CRASH_LOOPING, podLabels(app, pod, true), Map.of(), crash, crashEnd, app.name());
        storyAlert(KubeRule.DEPLOYMENT_REPLICAS_MISMATCH, workloadLabels(app), Map.of(), crash.plus(minutes(3, 6)),
                crashEnd.plus(minutes(5, 10)), app.name());
        Instant slow = s.at.minus(minutes(40, 90));
        lowUrgency(app, slow, s.at.plus(minutes(20, 40)), app.base().equals("checkout-api")
                ? "checkout-api p95 latency above 800 ms" : app.name() + " p95 latency above 800 ms", true);

        Instant down = s.at.minus(KubeRule.PROBE_FAILURE.pendingFor());
        Instant up = s.at.plus(minutes(15, 45));
        SortedMap<String, String> probe = new TreeMap<>(Map.of("instance", "https://shop.example.com/" + app.name()
                + "/healthz", "job", "blackbox", "namespace", app.namespace(), "service", app.name()));
        PromAlert critical = storyAlert(KubeRule.PROBE_FAILURE, probe, Map.of(), down, up, app.name());
        impactAlerts.put(critical, s);
        Payloads.PagerDutyIncident page = new Payloads.PagerDutyIncident("Q" + hex(13).toUpperCase(), 4000 + ids++,
                "[FIRING:1] ProbeFailure blackbox (https://shop.example.com/" + app.name() + "/healthz critical)",
                app.pagerDutyId(), app.pagerDutyName(), "high", "PE1U9CH");
        Instant paged = critical.startsAt().plusSeconds(31 + random.nextInt(20));
        pagerDuty(page, "incident.triggered", paged, null, app.name(), s);
        pagerDuty(page, "incident.acknowledged", paged.plus(minutes(2, 7)), "PJ0LVEB", app.name(), null);
        pagerDuty(page, "incident.resolved", critical.endsAt().plusSeconds(40 + random.nextInt(60)), null, app.name(),
                null);
        s.impactEnd = critical.endsAt();
        record(s, Recording.PROMPTLY, critical.startsAt().plus(minutes(4, 9)), app.name() + " health check failing");
    }

    private void searchErrors(Story s, App app) {
        for (Instant t = s.at.minus(minutes(190, 230)); t.isBefore(s.at.minus(Duration.ofMinutes(70)));) {
            Instant down = t;
            Instant up = down.plus(minutes(11, 24));
            storyAlert(KubeRule.TARGET_DOWN, targetLabels(app), Map.of("value", "33.33"), down, up, app.name());
            t = up.plus(minutes(4, 14));
        }
        Instant from = s.at.minus(KubeRule.ERROR_RATE_HIGH.pendingFor());
        Instant to = s.at.plus(minutes(20, 50));
        PromAlert errors = storyAlert(KubeRule.ERROR_RATE_HIGH, new TreeMap<>(Map.of("namespace", app.namespace(),
                "service", app.name())), Map.of("value", "12.7"), from, to, app.name());
        impactAlerts.put(errors, s);
        s.impactEnd = errors.endsAt();
        s.alertDue = true;
    }

    private void paymentsBurst(Story s, App app) {
        Payloads.SentryIssue slow = sentryIssue(app, "warning", "SlowQueryWarning",
                "query on payments.ledger took 2.8s (threshold 1s)", "payments.ledger.repository in find_open",
                "Slow queries");
        sentryAlerts(slow, s.at.minus(minutes(110, 170)), 2 + random.nextInt(2), Duration.ofMinutes(31), app, true);
        String[][] burst = {
            {"OperationalError", "connection to server at \"payments-db\" (10.43.0.12), port 5432 failed: Connection refused"},
            {"InterfaceError", "connection already closed"},
            {"TimeoutError", "QueuePool limit of size 20 overflow 10 reached, connection timed out, timeout 30.00"},
        };
        Instant last = errorBurst(s, app, burst, "payments.api.charges in create_charge", "Payment errors",
                minutes(20, 35));
        s.impactEnd = last;
        record(s, Recording.LATE, s.at.plus(minutes(45, 75)), "Payments failing: database connections refused");
        s.alertDue = true;
    }

    /**
     * Error-level Sentry issue alerts for {@code issues}, from the story's time for {@code length}:
     * each issue alerts at its first event, then at most once per 5-minute action interval while
     * it lasts. Returns the last alert's time.
     */
    private Instant errorBurst(Story s, App app, String[][] issues, String culprit, String rule, Duration length) {
        Instant last = s.at;
        for (int i = 0; i < issues.length; i++) {
            Payloads.SentryIssue issue = sentryIssue(app, "error", issues[i][0], issues[i][1], culprit, rule);
            Instant t = s.at.plusSeconds(i == 0 ? 0 : 20 + random.nextInt(200));
            while (t.isBefore(s.at.plus(length))) {
                sentryAlert(issue, t, app, s);
                last = t.isAfter(last) ? t : last;
                t = t.plusSeconds(300 + random.nextInt(60));
            }
        }
        return last;
    }

    private void recordReach(Story s, App app) {
        String[][] burst = {
            {"SMTPServerDisconnected", "Connection unexpectedly closed"},
            {"ConnectionRefusedError", "[Errno 111] Connection refused: smtp-relay:587"},
            {"RetryError", "RetryError[<Future at 0x7f3a state=finished raised SMTPServerDisconnected>]"},
        };
        s.impactEnd = errorBurst(s, app, burst, "notifications.mail.sender in send", "Mail errors", minutes(10, 15));
        record(s, Recording.PROMPTLY, s.at.plus(minutes(4, 8)), "Notification e-mails not sent: SMTP relay refuses");
        Payloads.SentryIssue later = sentryIssue(app, "warning", "DeprecationWarning",
                app.name() + ": datetime.datetime.utcnow() is deprecated and scheduled for removal",
                "app.util.clock in now", "Warnings");
        sentryAlert(later, s.recordedAt.plus(minutes(45, 53)), app, null);
    }

    private void scatteredErrors(Story s, App app) {
        lowUrgency(app, s.at.minus(Duration.ofMinutes(10)), s.at.plus(minutes(190, 210)),
                app.name() + ": error budget 50% spent", true);
        for (int i = 0; i < 3; i++) {
            String[] e = ERRORS[i];
            Payloads.SentryIssue issue = sentryIssue(app, "error", e[0], e[1], e[2], "New issues");
            sentryAlert(issue, s.at.plus(Duration.ofMinutes(55L * i)).plusSeconds(random.nextInt(120)), app, null);
        }
        s.impactEnd = s.at.plus(Duration.ofMinutes(115));
    }

    private void errorsAcrossEpisodes(Story s, App checkout, App payments) {
        lowUrgency(payments, s.at.minus(Duration.ofMinutes(30)), s.at.plus(minutes(150, 170)),
                payments.name() + ": queue depth above 1,000 for 10 minutes", true);
        String[][] errors = {ERRORS[1], ERRORS[2], ERRORS[0]};
        App[] of = {payments, checkout, checkout};
        long[] minutes = {0, 45, 100};
        for (int i = 0; i < 3; i++) {
            Payloads.SentryIssue issue = sentryIssue(of[i], "error", errors[i][0], errors[i][1], errors[i][2], "New issues");
            sentryAlert(issue, s.at.plus(Duration.ofMinutes(minutes[i])).plusSeconds(random.nextInt(60)), of[i], null);
        }
        s.impactEnd = s.at.plus(Duration.ofMinutes(101));
    }

    private void loneErrorBefore(Story s, App app) {
        lowUrgency(app, s.at.minus(Duration.ofMinutes(110)), s.at.plus(minutes(20, 40)),
                app.name() + " p95 latency above 800 ms", true);
        Instant crash = s.at.minus(Duration.ofMinutes(118));
        storyAlert(KubeRule.POD_CRASH_LOOPING, podLabels(app, app.pod(1), true), Map.of(), crash,
                crash.plus(minutes(40, 55)), app.name());
        Payloads.SentryIssue lone = sentryIssue(app, "error", "KeyError", "'currency'", "app.views.orders in serialize",
                "New issues");
        sentryAlert(lone, s.at.minus(Duration.ofMinutes(96)), app, null);
        Instant down = s.at.minus(KubeRule.PROBE_FAILURE.pendingFor());
        SortedMap<String, String> probe = new TreeMap<>(Map.of("instance", "https://shop.example.com/" + app.name()
                + "/healthz", "job", "blackbox", "namespace", app.namespace(), "service", app.name()));
        PromAlert critical = storyAlert(KubeRule.PROBE_FAILURE, probe, Map.of(), down, s.at.plus(minutes(15, 30)),
                app.name());
        impactAlerts.put(critical, s);
        s.impactEnd = critical.endsAt();
        record(s, Recording.PROMPTLY, critical.startsAt().plus(minutes(4, 9)), app.name() + " health check failing");
    }

    private void cartReports(Story s, App app) {
        Instant waiting = s.at.minus(minutes(125, 160));
        Instant ready = s.at.plus(minutes(50, 100));
        SortedMap<String, String> labels = new TreeMap<>(Map.of("container", app.name(), "namespace", app.namespace(),
                "pod", app.pod(7)));
        storyAlert(KubeRule.CONTAINER_WAITING, labels, Map.of(), waiting, ready, app.name());
        Instant second = s.at.plus(minutes(6, 12));
        Instant third = s.at.plus(minutes(25, 40));
        report(s, app, s.at, "Customer ticket #" + (48000 + ids++) + ": cannot check out, the cart page says "
                + "'something went wrong'");
        report(s, app, second, "Customer ticket #" + (48000 + ids++) + ": items disappear from the cart at checkout");
        report(s, app, third, "Support chat: several customers cannot pay for their carts since this morning");
        s.impactEnd = third;
        s.alertDue = true;
    }

    private void searchBlip(Story s, App app) {
        Instant down = s.at.minus(KubeRule.PROBE_FAILURE.pendingFor());
        Instant up = s.at.plusSeconds(150 + random.nextInt(60));
        SortedMap<String, String> probe = new TreeMap<>(Map.of("instance", "https://shop.example.com/" + app.name()
                + "/healthz", "job", "blackbox", "namespace", app.namespace(), "service", app.name()));
        PromAlert critical = storyAlert(KubeRule.PROBE_FAILURE, probe, Map.of(), down, up, app.name());
        impactAlerts.put(critical, s);
        s.impactEnd = critical.endsAt();
    }

    private void apiserverBurn(Story s) {
        SortedMap<String, String> slowLabels = new TreeMap<>(Map.of("long", "1d", "short", "2h"));
        storyAlert(KubeRule.API_ERROR_BUDGET_BURN_SLOW, slowLabels, Map.of(), s.at.minus(minutes(170, 230)),
                s.at.plus(minutes(150, 240)), "kube-apiserver");
        SortedMap<String, String> fastLabels = new TreeMap<>(Map.of("long", "1h", "short", "5m"));
        PromAlert critical = storyAlert(KubeRule.API_ERROR_BUDGET_BURN_FAST, fastLabels, Map.of(),
                s.at.minus(KubeRule.API_ERROR_BUDGET_BURN_FAST.pendingFor()), s.at.plus(minutes(12, 25)),
                "kube-apiserver");
        impactAlerts.put(critical, s);
        s.impactEnd = critical.endsAt();
        s.alertDue = true;
    }

    private void nodeDisk(Story s) {
        String node = nodes.get(0);
        Instant cleaned = s.at.plus(minutes(30, 60));
        SortedMap<String, String> disk = nodeLabels(node, "/dev/nvme1n1", "/var/lib/containerd", 0);
        storyAlert(KubeRule.FS_SPACE_FILLING_UP, disk, Map.of("value", "13.41"), s.at.minus(minutes(330, 380)), cleaned,
                "kubernetes-nodes");
        storyAlert(KubeRule.FS_ALMOST_OUT_OF_SPACE, disk, Map.of("value", "4.62"), s.at.minus(minutes(40, 55)), cleaned,
                "kubernetes-nodes");
        PromAlert critical = storyAlert(KubeRule.FS_SPACE_FILLING_UP_FAST, disk, Map.of("value", "3.87"),
                s.at.minus(KubeRule.FS_SPACE_FILLING_UP_FAST.pendingFor()), cleaned, "kubernetes-nodes");
        impactAlerts.put(critical, s);
        s.impactEnd = critical.endsAt();
        record(s, Recording.PROMPTLY, critical.startsAt().plus(minutes(3, 8)),
                "Node " + node + " out of disk on /var/lib/containerd");
    }

    private void record(Story s, Recording how, Instant openedAt, String title) {
        s.recording = how;
        s.recordedAt = openedAt;
        String id = "INC-" + (2100 + ids++);
        List<String> services = List.of(s.service);
        Delivery d = new Delivery(openedAt.plusSeconds(1), "records", json(),
                () -> Payloads.incidentRecord(id, services, openedAt, title));
        others.add(new Sent(d, openedAt, null, null, null, false));
    }

    // --- noise -----------------------------------------------------------------------------------

    private void planNoise() {
        for (int day = 0; day < days; day++) {
            Instant d = start.plus(Duration.ofDays(day));
            for (App app : apps) {
                appNoise(app, d, day);
            }
            clusterNoise(d, day);
        }
    }

    private void appNoise(App app, Instant day, int dayIndex) {
        for (Instant t : times(day, 3)) {
            SortedMap<String, String> l = new TreeMap<>(Map.of("container", app.name(), "instance",
                    nodes.get(random.nextInt(nodes.size())) + ":10250", "namespace", app.namespace(), "pod",
                    app.pod(random.nextInt(3)), "service", "kube-prometheus-stack-kubelet"));
            Instant to = t.plus(minutes(20, 150));
            if (claimInfo(app.namespace(), t, to)) {
                noiseAlert(KubeRule.CPU_THROTTLING_HIGH, l, Map.of("value", (26 + random.nextInt(40)) + "." + random.nextInt(10)),
                        t, to, app.name());
            }
        }
        for (Instant t : times(day, 0.6)) {
            noiseAlert(KubeRule.POD_CRASH_LOOPING, podLabels(app, app.pod(random.nextInt(3)), true), Map.of(), t,
                    t.plus(minutes(8, 70)), app.name());
        }
        for (Instant t : times(day, 0.5)) {
            KubeRule rule = app.kind().equals("statefulset") ? KubeRule.STATEFULSET_REPLICAS_MISMATCH
                    : KubeRule.DEPLOYMENT_REPLICAS_MISMATCH;
            noiseAlert(rule, workloadLabels(app), Map.of(), t, t.plus(minutes(10, 45)), app.name());
        }
        for (Instant t : times(day, 0.15)) {
            SortedMap<String, String> l = new TreeMap<>(Map.of("container", app.name(), "namespace", app.namespace(),
                    "pod", app.pod(3 + random.nextInt(3))));
            noiseAlert(KubeRule.CONTAINER_WAITING, l, Map.of(), t, t.plus(minutes(40, 150)), app.name());
        }
        for (Instant t : times(day, 6)) {
            String[] w = WARNINGS[random.nextInt(WARNINGS.length)];
            Payloads.SentryIssue issue = sentryIssue(app, "warning", w[0], w[1].formatted(app.name()), w[2], "Warnings");
            sentryAlerts(issue, t, 1 + random.nextInt(3), Duration.ofMinutes(30 + random.nextInt(20)), app, false);
        }
        for (Instant t : times(day, 0.5)) {
            String[] e = ERRORS[random.nextInt(ERRORS.length)];
            Payloads.SentryIssue issue = sentryIssue(app, "error", e[0], e[1], e[2], "New issues");
            sentryAlerts(issue, t, random.nextInt(5) == 0 ? 2 : 1, Duration.ofMinutes(30 + random.nextInt(30)), app, false);
        }
        for (Instant t : times(day, 0.5)) {
            String[] p = LOW_URGENCY[random.nextInt(LOW_URGENCY.length)];
            lowUrgency(app, t, t.plus(minutes(20, 240)), p[0].formatted(app.name()), false);
        }
        switch (app.base()) {
            case "checkout-api" -> {
                // Lunchtime traffic: the HPA sits at its maximum, on and off.
                if (random.nextInt(10) < 6) {
                    Instant t = day.plusSeconds(11 * 3600 + 1800 + random.nextInt(3600));
                    Instant stop = t.plus(minutes(60, 150));
                    while (t.isBefore(stop)) {
                        Instant to = t.plus(minutes(17, 45));
                        noiseAlert(KubeRule.HPA_MAXED_OUT, hpaLabels(app), Map.of(), t, to, app.name());
                        t = to.plus(minutes(3, 20));
                    }
                }
            }
            case "search-api" -> {
                // A scrape target on a flaky node: TargetDown comes and goes for an hour or three.
                if (random.nextInt(2) == 0) {
                    Instant t = day.plusSeconds(random.nextInt(20 * 3600));
                    Instant stop = t.plus(minutes(60, 180));
                    while (t.isBefore(stop)) {
                        Instant to = t.plus(minutes(8, 25));
                        noiseAlert(KubeRule.TARGET_DOWN, targetLabels(app), Map.of("value", "33.33"), t, to,
                                app.name());
                        t = to.plus(minutes(3, 15));
                    }
                }
            }
            case "payments-api" -> {
                // The nightly ledger backfill fails now and then; someone deletes the job in the morning.
                if (random.nextInt(10) < 3) {
                    Instant failed = day.plusSeconds(2 * 3600 + random.nextInt(1800));
                    Instant deleted = day.plusSeconds(8 * 3600 + 1800 + random.nextInt(2 * 3600));
                    SortedMap<String, String> l = ksmTarget();
                    l.put("condition", "true");
                    l.put("job_name", app.namespace() + "-ledger-backfill-" + (29541000 + dayIndex * 1440 + 120));
                    l.put("namespace", app.namespace());
                    noiseAlert(KubeRule.JOB_FAILED, l, Map.of(), failed, deleted, app.namespace());
                }
            }
            default -> { }
        }
    }

    private void clusterNoise(Instant day, int dayIndex) {
        for (Instant t : times(day, 0.4 * nodes.size() / 5.0)) {
            String node = nodes.get(random.nextInt(nodes.size()));
            noiseAlert(KubeRule.CLOCK_NOT_SYNCHRONISING, nodeLabels(node, null, null, nodes.indexOf(node)), Map.of(), t,
                    t.plus(minutes(8, 40)), "kubernetes-nodes");
        }
        for (Instant t : times(day, 0.25)) {
            String node = nodes.get(1 + random.nextInt(nodes.size() - 1));
            noiseAlert(KubeRule.FS_SPACE_FILLING_UP, nodeLabels(node, "/dev/nvme0n1p1", "/", nodes.indexOf(node)),
                    Map.of("value", "14." + random.nextInt(100)), t, t.plus(minutes(90, 360)), "kubernetes-nodes");
        }
        for (Instant t : times(day, 0.1)) {
            noiseAlert(KubeRule.API_ERROR_BUDGET_BURN_SLOW, new TreeMap<>(Map.of("long", "3d", "short", "6h")), Map.of(),
                    t, t.plus(minutes(120, 300)), "kube-apiserver");
        }
        if (dayIndex % 7 == 1) {
            // Requests outgrow the nodes after a release; the next node pool change fixes it.
            noiseAlert(KubeRule.CPU_OVERCOMMIT, new TreeMap<>(), Map.of("value", "1.25"), day.plusSeconds(10 * 3600),
                    day.plus(Duration.ofDays(2)).plusSeconds(16 * 3600), "KubeCPUOvercommit");
        }
    }

    private static final String[][] WARNINGS = {
        {"DeprecationWarning", "%s: datetime.datetime.utcnow() is deprecated and scheduled for removal",
            "app.util.clock in now"},
        {"SlowResponseWarning", "%s: GET /api/v1/items took 4.2s", "app.middleware.timing in __call__"},
        {"RetryWarning", "%s: retrying request to upstream after 502 (attempt 2 of 3)", "app.http.client in send"},
        {"CacheMissWarning", "%s: cache miss ratio above 40%% for 10 minutes", "app.cache in get"},
    };

    private static final String[][] ERRORS = {
        {"KeyError", "'currency'", "app.views.orders in serialize"},
        {"TypeError", "unsupported operand type(s) for +: 'NoneType' and 'int'", "app.pricing in total"},
        {"ValidationError", "1 validation error for Address: postcode field required", "app.forms in clean"},
        {"ConnectionResetError", "[Errno 104] Connection reset by peer", "app.http.client in send"},
    };

    private static final String[][] LOW_URGENCY = {
        {"%s p95 latency above 800 ms"},
        {"%s: TLS certificate expires in 14 days"},
        {"%s: error budget 50%% spent"},
        {"%s: queue depth above 1,000 for 10 minutes"},
    };

    /** Alerts of {@code InfoInhibitor}, one per namespace, while an info alert is pending or firing and no warning or critical fires there. */
    private void planInfoInhibitors() {
        Map<String, TreeMap<Instant, Integer>> infoDelta = new TreeMap<>();
        Map<String, TreeMap<Instant, Integer>> loudDelta = new TreeMap<>();
        for (PromAlert a : alerts) {
            String ns = a.labels().get("namespace");
            if (ns == null) {
                continue;
            }
            Instant to = a.endsAt() == null ? end.plus(Duration.ofDays(1)) : a.endsAt();
            if ("info".equals(a.severity())) {
                Instant active = a.startsAt().minus(KubeRule.CPU_THROTTLING_HIGH.pendingFor());
                infoDelta.computeIfAbsent(ns, k -> new TreeMap<>()).merge(active, 1, Integer::sum);
                infoDelta.get(ns).merge(to, -1, Integer::sum);
            } else if ("warning".equals(a.severity()) || "critical".equals(a.severity())) {
                loudDelta.computeIfAbsent(ns, k -> new TreeMap<>()).merge(a.startsAt(), 1, Integer::sum);
                loudDelta.get(ns).merge(to, -1, Integer::sum);
            }
        }
        for (var e : infoDelta.entrySet()) {
            String ns = e.getKey();
            TreeSet<Instant> times = new TreeSet<>(e.getValue().keySet());
            TreeMap<Instant, Integer> loud = loudDelta.getOrDefault(ns, new TreeMap<>());
            times.addAll(loud.keySet());
            int info = 0;
            int warn = 0;
            Instant since = null;
            for (Instant t : times) {
                info += e.getValue().getOrDefault(t, 0);
                warn += loud.getOrDefault(t, 0);
                boolean on = info > 0 && warn == 0;
                if (on && since == null) {
                    since = t;
                } else if (!on && since != null) {
                    inhibitor(ns, since, t);
                    since = null;
                }
            }
        }
    }

    /**
     * One firing of {@code InfoInhibitor}. It reads the ALERTS series of the rules it depends on,
     * and is taken to be evaluated in step with them, so it resolves at the evaluation that
     * resolved the info alert (or fired the warning): otherwise an info alert's resolution could
     * be muted at a flush in between and never sent, which Alertmanager does (it drops resolved
     * alerts after each flush) but which this capture is not about.
     */
    private void inhibitor(String ns, Instant from, Instant to) {
        Instant fired = ceilEval(from, KubeRule.INFO_INHIBITOR.group());
        if (!fired.isBefore(to)) {
            return;
        }
        SortedMap<String, String> l = labels(KubeRule.INFO_INHIBITOR, new TreeMap<>(Map.of("namespace", ns)));
        alerts.add(PromAlert.of(l, annotations(KubeRule.INFO_INHIBITOR, l, Map.of()), fired, to,
                generatorUrl(KubeRule.INFO_INHIBITOR), null));
    }

    // --- alerts ----------------------------------------------------------------------------------

    private PromAlert storyAlert(KubeRule rule, SortedMap<String, String> target, Map<String, String> values,
            Instant from, Instant to, String service) {
        Instant last = end.minus(Duration.ofMinutes(45));
        PromAlert a = fire(rule, target, values, from, to.isAfter(last) ? last : to, service);
        if (a == null) {
            throw new IllegalStateException(rule.name() + " planted for " + service + " never fires: " + from + " to " + to);
        }
        claim(a.labels(), from, to);
        alerts.add(a);
        planted.add(a);
        return a;
    }

    /** A noise alert, unless it would come near an outage's service or overlap itself. */
    private void noiseAlert(KubeRule rule, SortedMap<String, String> target, Map<String, String> values, Instant from,
            Instant to, String service) {
        if (!allowed(service, from, to.plus(REACH))) {
            return;
        }
        SortedMap<String, String> l = labels(rule, target);
        if (!free(l, from, to)) {
            return;
        }
        PromAlert a = fire(rule, target, values, from, to, service);
        claim(l, from, to);
        if (a != null) {
            alerts.add(a);
        }
    }

    /**
     * The firing of a rule whose condition holds from {@code from} to {@code to}, on the rule
     * group's 30 s evaluation grid: pending at the first evaluation that sees it, firing once
     * {@code for:} has passed, resolved at the first evaluation that no longer sees it; null when
     * it never fires.
     */
    private PromAlert fire(KubeRule rule, SortedMap<String, String> target, Map<String, String> values, Instant from,
            Instant to, String service) {
        Instant active = ceilEval(from, rule.group());
        Instant fired = active.plus(rule.pendingFor());
        Instant resolved = to == null ? null : ceilEval(to, rule.group());
        if (resolved != null && !fired.isBefore(resolved)) {
            return null;
        }
        if (resolved != null && resolved.isAfter(end.minus(Duration.ofMinutes(30)))) {
            return null;
        }
        SortedMap<String, String> l = labels(rule, target);
        return PromAlert.of(l, annotations(rule, l, values), fired, resolved, generatorUrl(rule), service);
    }

    private SortedMap<String, String> labels(KubeRule rule, SortedMap<String, String> target) {
        SortedMap<String, String> l = new TreeMap<>(target);
        l.put("alertname", rule.name());
        l.put("prometheus", PROMETHEUS);
        if (rule.severity() != null) {
            l.put("severity", rule.severity());
        }
        return l;
    }

    private static SortedMap<String, String> annotations(KubeRule rule, SortedMap<String, String> labels,
            Map<String, String> values) {
        Map<String, String> render = new HashMap<>(labels);
        render.putAll(values);
        SortedMap<String, String> a = new TreeMap<>();
        a.put("description", rule.description().apply(render));
        if (rule.runbook() != null) {
            a.put("runbook_url", rule.runbook());
        }
        a.put("summary", rule.summaryFor(labels));
        return a;
    }

    /** Prometheus' link to the rule's expression: {@code /graph?g0.expr=<url.QueryEscape(expr)>&g0.tab=1}. */
    private static String generatorUrl(KubeRule rule) {
        String q = URLEncoder.encode(rule.expr(), StandardCharsets.UTF_8).replace("*", "%2A").replace("%7E", "~");
        return PROMETHEUS_URL + "/graph?g0.expr=" + q + "&g0.tab=1";
    }

    private Instant ceilEval(Instant t, String group) {
        long phase = phases.computeIfAbsent(group, g -> Math.floorMod(g.hashCode() * 7919L + seed, EVAL_INTERVAL.toMillis()));
        long period = EVAL_INTERVAL.toMillis();
        long ms = t.toEpochMilli() - phase;
        long k = Math.floorDiv(ms + period - 1, period);
        return Instant.ofEpochMilli(k * period + phase);
    }

    private SortedMap<String, String> ksmTarget() {
        return new TreeMap<>(Map.of("container", "kube-state-metrics", "endpoint", "http", "instance", "10.42.1.17:8080",
                "job", "kube-state-metrics", "pod", KSM_POD, "service", KSM_SERVICE));
    }

    /** A pod's container, as kube-state-metrics reports it (honorLabels: the object's namespace, pod and container win). */
    private SortedMap<String, String> podLabels(App app, String pod, boolean crashLoop) {
        SortedMap<String, String> l = ksmTarget();
        l.put("container", app.name());
        l.put("namespace", app.namespace());
        l.put("pod", pod);
        if (crashLoop) {
            l.put("reason", "CrashLoopBackOff");
            l.put("uid", uuid(app.name() + pod));
        }
        return l;
    }

    private SortedMap<String, String> workloadLabels(App app) {
        SortedMap<String, String> l = ksmTarget();
        l.put(app.kind(), app.name());
        l.put("namespace", app.namespace());
        return l;
    }

    private SortedMap<String, String> hpaLabels(App app) {
        SortedMap<String, String> l = ksmTarget();
        l.put("horizontalpodautoscaler", app.name());
        l.put("namespace", app.namespace());
        return l;
    }

    private static SortedMap<String, String> targetLabels(App app) {
        return new TreeMap<>(Map.of("job", app.name(), "namespace", app.namespace(), "service", app.name()));
    }

    private SortedMap<String, String> nodeLabels(String node, String device, String mountpoint, int index) {
        SortedMap<String, String> l = new TreeMap<>(Map.of("container", "node-exporter", "endpoint", "http-metrics",
                "instance", node + ":9100", "job", "node-exporter", "namespace", "monitoring",
                "pod", "kube-prometheus-stack-prometheus-node-exporter-" + uuid(node).substring(0, 5),
                "service", "kube-prometheus-stack-prometheus-node-exporter"));
        if (device != null) {
            l.put("device", device);
            l.put("fstype", "ext4");
            l.put("mountpoint", mountpoint);
        }
        return l;
    }

    // --- other senders ---------------------------------------------------------------------------

    private Payloads.SentryIssue sentryIssue(App app, String level, String type, String value, String culprit,
            String rule) {
        String location = culprit.split(" in ")[0].replace('.', '/') + ".py";
        return new Payloads.SentryIssue(app.name(), app.sentryProject(), String.valueOf(4_100_000_000L + ids++), level,
                type, value, culprit, location, app.name() + "@2." + (30 + random.nextInt(9)) + ".0", rule);
    }

    /** An issue alert that fires {@code times} times, {@code every} apart (its action interval or more). */
    private void sentryAlerts(Payloads.SentryIssue issue, Instant first, int times, Duration every, App app,
            boolean planted) {
        Instant last = first.plus(every.multipliedBy(times - 1));
        if (!planted && !allowed(app.name(), first, last.plus(REACH))) {
            return;
        }
        if (last.isAfter(end.minus(Duration.ofMinutes(40)))) {
            return;
        }
        for (int i = 0; i < times; i++) {
            sentryAlert(issue, first.plus(every.multipliedBy(i)).plusSeconds(random.nextInt(120)), app, null);
        }
    }

    private void sentryAlert(Payloads.SentryIssue issue, Instant at, App app, Story s) {
        Instant t = at.plusMillis(random.nextInt(1000));
        String eventId = hex(32);
        String server = app.pod(random.nextInt(3));
        Map<String, String> headers = json();
        headers.put("sentry-hook-resource", "event_alert");
        Delivery d = new Delivery(t.plusMillis(900 + random.nextInt(4000)), "sentry", headers,
                () -> Payloads.sentryEventAlert(issue, eventId, t, server));
        boolean warning = !issue.level().equals("error");
        others.add(new Sent(d, t, app.name(), warning ? "warning" : "error", issue.title(), warning));
        if (s != null && !warning) {
            s.impact(t);
        }
    }

    /** A low-urgency PagerDuty incident: triggered, perhaps acknowledged, resolved. */
    private void lowUrgency(App app, Instant at, Instant resolved, String title, boolean story) {
        if (!story && !allowed(app.name(), at, resolved.plus(REACH))) {
            return;
        }
        if (resolved.isAfter(end.minus(Duration.ofMinutes(40)))) {
            return;
        }
        Payloads.PagerDutyIncident incident = new Payloads.PagerDutyIncident("Q" + hex(13).toUpperCase(), 4000 + ids++,
                title, app.pagerDutyId(), app.pagerDutyName(), "low", "PE1U9CH");
        pagerDuty(incident, "incident.triggered", at, null, app.name(), null);
        if (random.nextInt(2) == 0) {
            Instant ack = at.plus(minutes(5, 40));
            if (ack.isBefore(resolved)) {
                pagerDuty(incident, "incident.acknowledged", ack, "PJ0LVEB", app.name(), null);
            }
        }
        pagerDuty(incident, "incident.resolved", resolved, random.nextInt(3) == 0 ? "PJ0LVEB" : null, app.name(), null);
    }

    private void pagerDuty(Payloads.PagerDutyIncident incident, String type, Instant at, String agent, String service,
            Story s) {
        String eventId = "01" + hex(24).toUpperCase();
        Delivery d = new Delivery(at.plusMillis(700 + random.nextInt(3000)), "pagerduty", json(),
                () -> Payloads.pagerDuty(incident, eventId, type, at, agent, agent == null ? null : "Dana Whitfield"));
        boolean triggered = type.equals("incident.triggered");
        boolean low = incident.urgency().equals("low");
        others.add(new Sent(d, at, service, low ? "warning" : "critical", incident.title(), triggered && low));
        if (s != null && triggered && !low) {
            s.impact(at);
        }
    }

    private void report(Story s, App app, Instant at, String summary) {
        String link = "https://support.example.com/tickets/" + (48000 + ids++);
        Delivery d = new Delivery(at.plusSeconds(2), "signals", json(), () -> Payloads.report(app.name(), at, summary,
                link));
        others.add(new Sent(d, at, app.name(), null, summary, false));
        s.impact(at);
    }

    // --- constraints -----------------------------------------------------------------------------

    private void forbid(String service, Instant from, Instant to) {
        forbidden.computeIfAbsent(componentOf.get(service), k -> new ArrayList<>()).add(new Instant[] {from, to});
    }

    private boolean allowed(String service, Instant from, Instant to) {
        if (to.isAfter(end.minus(Duration.ofMinutes(30)))) {
            return false;
        }
        for (Instant[] w : forbidden.getOrDefault(componentOf.get(service), List.of())) {
            if (from.isBefore(w[1]) && to.isAfter(w[0])) {
                return false;
            }
        }
        return true;
    }

    /** One alert per label set at a time: the same condition cannot start again while it holds. */
    private boolean free(SortedMap<String, String> labels, Instant from, Instant to) {
        for (Instant[] w : busyLabels.getOrDefault(labels.toString(), List.of())) {
            if (from.isBefore(w[1].plus(Duration.ofMinutes(10))) && to.isAfter(w[0].minus(Duration.ofMinutes(10)))) {
                return false;
            }
        }
        return true;
    }

    private void claim(SortedMap<String, String> labels, Instant from, Instant to) {
        busyLabels.computeIfAbsent(labels.toString(), k -> new ArrayList<>()).add(new Instant[] {from, to});
    }

    /**
     * One info alert per namespace at a time: {@code InfoInhibitor} is one per namespace, and a
     * second info alert would keep it firing when the first resolves, muting that resolution.
     */
    private boolean claimInfo(String namespace, Instant from, Instant to) {
        List<Instant[]> busy = infoBusy.computeIfAbsent(namespace, k -> new ArrayList<>());
        for (Instant[] w : busy) {
            if (from.isBefore(w[1].plus(Duration.ofMinutes(2))) && to.isAfter(w[0].minus(Duration.ofMinutes(2)))) {
                return false;
            }
        }
        busy.add(new Instant[] {from, to});
        return true;
    }

    /**
     * The alerts whose firing was sent and whose resolution never is. Alertmanager does that to an
     * info alert that outlives the warning it was sent beside: once the warning resolves,
     * {@code InfoInhibitor} fires and mutes the info alert, the group's next notification says
     * "all alerts resolved" without it, and when the info alert resolves the group has nothing
     * new to say (dedup), so its resolution is dropped with the next flush. A receiver then holds
     * the alert as firing until the same label set next resolves, maybe weeks later. Those alerts
     * are left out of the capture (and the plan run again): a check that never recovers is a
     * hazard of the delivery, not of what the capture tests. (A firing that is followed closely by
     * the next firing of the same labels, a flap Alertmanager hid, is not lost.)
     */
    private Set<PromAlert> lostResolutions(List<AlertmanagerDispatch.Notification> notifications) {
        Set<PromAlert> firing = Collections.newSetFromMap(new IdentityHashMap<>());
        Set<PromAlert> resolved = Collections.newSetFromMap(new IdentityHashMap<>());
        Map<String, List<PromAlert>> sentFiring = new HashMap<>();
        for (AlertmanagerDispatch.Notification n : notifications) {
            for (AlertmanagerDispatch.Carried c : n.alerts()) {
                if (c.resolved()) {
                    resolved.add(c.alert());
                } else if (firing.add(c.alert())) {
                    sentFiring.computeIfAbsent(c.alert().fingerprint(), k -> new ArrayList<>()).add(c.alert());
                }
            }
        }
        Set<PromAlert> lost = Collections.newSetFromMap(new IdentityHashMap<>());
        for (PromAlert a : firing) {
            if (a.endsAt() == null || resolved.contains(a) || "none".equals(a.severity())) {
                continue;
            }
            boolean refired = sentFiring.get(a.fingerprint()).stream().anyMatch(b -> b.startsAt().isAfter(a.startsAt())
                    && !b.startsAt().isAfter(a.endsAt().plus(REACH)));
            if (!refired) {
                lost.add(a);
            }
        }
        return lost;
    }

    // --- the capture and what should come of it ----------------------------------------------------

    private record Warned(Instant at, String source, String service, String severity, String summary) {}

    private Capture assemble(List<AlertmanagerDispatch.Notification> notifications) {
        List<Delivery> deliveries = new ArrayList<>();
        List<Warned> warnings = new ArrayList<>();
        Map<Story, Instant> begins = new IdentityHashMap<>();
        Map<String, Boolean> seenFiring = new HashMap<>();
        long signals = 0;
        int ignored = 0;
        int heartbeats = 0;
        for (AlertmanagerDispatch.Notification n : notifications) {
            deliveries.add(new Delivery(n.sentAt(), "alertmanager", json(), n::body));
            boolean anySignal = false;
            for (AlertmanagerDispatch.Carried c : n.alerts()) {
                PromAlert a = c.alert();
                boolean heartbeat = "Watchdog".equals(a.alertname());
                if ("none".equals(a.severity()) && !heartbeat) {
                    continue;
                }
                anySignal = true;
                signals++;
                if (heartbeat) {
                    heartbeats++;
                    continue;
                }
                if (c.resolved() || seenFiring.put(a.fingerprint() + "@" + a.startsAt(), true) != null) {
                    continue;
                }
                if ("warning".equals(a.severity()) || "info".equals(a.severity())) {
                    warnings.add(new Warned(a.startsAt(), "alertmanager", a.service(), a.severity(),
                            a.annotations().get("summary")));
                }
                Story s = impactAlerts.get(a);
                if (s != null) {
                    begins.merge(s, a.startsAt(), (x, y) -> x.isBefore(y) ? x : y);
                }
            }
            if (!anySignal) {
                ignored++;
            }
        }
        for (Sent o : others) {
            deliveries.add(o.delivery());
            if (o.service() != null) {
                signals++;
            }
            if (o.warningStart()) {
                warnings.add(new Warned(o.at(), o.delivery().source(), o.service(), o.severity(), o.summary()));
            }
        }
        for (Story s : stories) {
            if (s.firstOther != null) {
                begins.merge(s, s.firstOther, (x, y) -> x.isBefore(y) ? x : y);
            }
        }
        deliveries.sort(Comparator.comparing(Delivery::receivedAt));

        List<PlantedOutage> outages = new ArrayList<>();
        for (Story s : stories) {
            Instant begin = begins.get(s);
            if (begin == null) {
                continue;
            }
            outages.add(new PlantedOutage(s.id, "prod", s.service, begin, s.recording, s.recordedAt,
                    s.alertDue && s.recording != Recording.PROMPTLY, earlyWarnings(s.service, begin, warnings)));
        }
        outages.sort(Comparator.comparing(PlantedOutage::begin));
        Map<String, Integer> bySource = new TreeMap<>();
        deliveries.forEach(d -> bySource.merge(d.source(), 1, Integer::sum));
        return new Capture(List.copyOf(deliveries), catalogYaml(), new Outcome(List.copyOf(outages), deliveries.size(),
                signals, ignored, heartbeats, bySource));
    }

    /**
     * DESIGN 5a's early warnings of an outage of {@code service}: the warning and info signals of it
     * and of what it depends on that began in the 6 h before BEGIN, each (service, source, summary)
     * once from its first time, nearest first, at most 20.
     */
    private List<EarlyWarning> earlyWarnings(String service, Instant begin, List<Warned> warnings) {
        Set<String> related = new TreeSet<>();
        related.add(service);
        apps.stream().filter(a -> a.name().equals(service)).forEach(a -> related.addAll(a.dependsOn()));
        Map<List<String>, Warned> first = new LinkedHashMap<>();
        for (Warned w : warnings) {
            if (related.contains(w.service()) && !w.at().isBefore(begin.minus(LOOKBACK)) && w.at().isBefore(begin)) {
                first.merge(List.of(w.service(), w.source(), w.summary()), w, (a, b) -> b.at().isBefore(a.at()) ? b : a);
            }
        }
        return first.values().stream()
                .sorted(Comparator.comparing(Warned::at).reversed().thenComparing(Warned::service)
                        .thenComparing(Warned::summary))
                .limit(EARLY_WARNINGS)
                .map(w -> new EarlyWarning(w.at(), w.source(), w.service(), w.severity(), w.summary()))
                .toList();
    }

    // --- small things ----------------------------------------------------------------------------

    private static Map<String, String> json() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("content-type", "application/json");
        return h;
    }

    /** Event times of something that happens {@code perDay} times a day on average, in {@code day}. */
    private List<Instant> times(Instant day, double perDay) {
        List<Instant> out = new ArrayList<>();
        double t = 0;
        while (true) {
            t += -Math.log(1 - random.nextDouble()) / perDay;
            if (t >= 1) {
                return out;
            }
            out.add(day.plusMillis((long) (t * 86_400_000L)));
        }
    }

    private Duration minutes(int from, int to) {
        return Duration.ofSeconds(from * 60L + random.nextInt((to - from) * 60 + 1));
    }

    private String hex(int digits) {
        StringBuilder b = new StringBuilder();
        while (b.length() < digits) {
            b.append(String.format("%016x", random.nextLong()));
        }
        return b.substring(0, digits);
    }

    /** A name suffix as Kubernetes makes them (its safe alphabet: no vowels, no 0, 1, 3). */
    private String kubeName(int length) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }

    private static String uuid(String of) {
        java.util.UUID u = java.util.UUID.nameUUIDFromBytes(of.getBytes(StandardCharsets.UTF_8));
        return u.toString();
    }
}
