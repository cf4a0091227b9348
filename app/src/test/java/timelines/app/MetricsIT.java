package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.run.AllInOne;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.alerts.AlertTargets;
import timelines.streams.CorrelationSettings;

/**
 * Issue 14, "honest metrics", on a whole {@code timelines run} (ingest, streams and sink in one
 * registry): every series of the label values known at start (the registered sources, the enums'
 * names, the catalog's envs) is on {@code /metrics} at 0 before the first event, so the first
 * event counts in {@code increase()}; every metric has a HELP text; Kafka's client metrics are
 * off; and the README's metrics table names exactly the metrics scraped. A probe and both alert
 * targets are configured (against a local server) so that their metrics exist too.
 */
class MetricsIT {
    @TempDir
    static Path dir;
    static final String TOKEN = "metrics-token";
    static HttpServer target;
    static AllInOne app;
    static int port;
    /** The first scrape, taken before any delivery. */
    static String atStart;

    @BeforeAll
    static void start() throws Exception {
        target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        target.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        target.start();
        String local = "http://127.0.0.1:" + target.getAddress().getPort();
        Path catalog = dir.resolve("catalog.yaml");
        Files.writeString(catalog, """
                defaults: { env: prod }
                rules:
                  - match: { source: pingdom, labels.stage: "2" }
                    set: { env: staging }
                """);
        Path probes = dir.resolve("probes.yaml");
        Files.writeString(probes, """
                probes:
                  - name: local-health
                    kind: http
                    url: %s/health
                    interval: PT1H
                    service: local
                """.formatted(local));
        app = AllInOne.start(new AllInOne.Settings(null, dir.resolve("data"), 0, "localhost", 0, dir.resolve("drafts"),
                2, catalog, null, Duration.ofMillis(500), CorrelationSettings.defaults(),
                WebhookAuth.sharedToken(TOKEN), probes, false, AlertTargets.defaults()
                        .withSlackWebhook(URI.create(local + "/slack")).withAlertmanager(URI.create(local))),
                Map.of());
        port = app.httpPort();
        atStart = Http.get(port, "/metrics").body();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (target != null) {
            target.stop(0);
        }
    }

    @Test
    void seriesExistAtZeroAtStartAndTheFirstEventCountsOne() throws Exception {
        Map<String, Double> before = samples(atStart);
        String accepted = "timelines_ingest_deliveries_total{outcome=\"accepted\",source=\"signals\"}";
        String recover = "timelines_time_to_recover_seconds_count{env=\"staging\",source=\"pingdom\"}";
        String detect = "timelines_time_to_detect_seconds_bucket{env=\"staging\",source=\"pingdom\",le=\"86400.0\"}";
        String unrecorded = "timelines_unrecorded_outages_total{env=\"staging\"}";
        String written = "timelines_drafts_total{outcome=\"WRITTEN\"}";
        String failing = "timelines_signals_total{source=\"pingdom\",type=\"FAILING\"}";
        for (String series : new String[] {accepted, recover, detect, unrecorded, written, failing,
                "timelines_incidents_open{env=\"staging\"}", "timelines_incidents_open{env=\"prod\"}",
                "timelines_time_to_record_seconds_count{env=\"prod\",source=\"sentry\"}",
                "timelines_ingest_rejected_total{reason=\"MALFORMED_JSON\",source=\"sentry\"}",
                "timelines_ingest_dropped_total{reason=\"catalog_ignore\",source=\"alertmanager\"}",
                "timelines_ingest_auth_failures_total{reason=\"WRONG_TOKEN\",source=\"grafana\"}",
                "timelines_alert_deliveries_total{outcome=\"failed\",target=\"alertmanager\"}",
                "timelines_sink_records_total{outcome=\"alert_appended\",topic=\"alerts.v1\"}",
                "timelines_records_dead_lettered_total{reason=\"NO_TIME\",topic=\"signals.v1\"}",
                "timelines_monitoring_silences_total{env=\"prod\",state=\"silent\"}"}) {
            assertThat(before.get(series)).as("%s at start", series).isEqualTo(0.0);
        }

        Instant down = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(20));
        Instant up = down.plus(Duration.ofMinutes(10));
        assertThat(Http.post(port, TOKEN, "/v1/signals", "application/json", """
                [{"type":"FAILING","source":"pingdom","service":"cart","check":"pingdom-2","alerting":true,
                  "labels":{"stage":"2"},"observedAt":"%s","summary":"Cart is down"},
                 {"type":"RECOVERED","source":"pingdom","service":"cart","check":"pingdom-2","alerting":true,
                  "labels":{"stage":"2"},"observedAt":"%s","summary":"Cart is up"}]""".formatted(down, up))
                .statusCode()).isEqualTo(202);

        Map<String, Double> after = await().atMost(Duration.ofSeconds(60))
                .until(() -> samples(Http.get(port, "/metrics").body()), m -> m.getOrDefault(written, 0.0) >= 1);
        for (String series : new String[] {accepted, recover, detect, failing, written}) {
            assertThat(after.get(series)).as("%s after one outage", series).isEqualTo(1.0);
        }
    }

    @Test
    void everyMetricHasAHelpText() {
        Map<String, String> help = help(atStart);
        assertThat(families(atStart)).isNotEmpty().allSatisfy(family -> assertThat(help.get(family))
                .as("HELP of %s", family).isNotBlank());
    }

    @Test
    void kafkaClientMetricsAreOffByDefault() {
        assertThat(families(atStart)).noneMatch(f -> f.startsWith("kafka_"));
    }

    @Test
    void theReadmeListsExactlyTheMetricsExported() throws Exception {
        Set<String> documented = documented(Files.readString(ComposeFileTest.root().resolve("README.md")));
        Set<String> exported = new TreeSet<>();
        Set<String> histograms = new TreeSet<>();
        Matcher m = TYPE.matcher(atStart);
        while (m.find()) {
            if (m.group(2).equals("histogram")) {
                histograms.add(m.group(1));
            }
        }
        for (String family : families(atStart)) {
            // A histogram's _max gauge is part of the histogram.
            String base = family.replaceFirst("_max$", "");
            exported.add(histograms.contains(base) ? base : family);
        }
        Set<String> opt = new TreeSet<>(documented);
        opt.removeIf(d -> !d.endsWith("*"));
        documented.removeAll(opt);
        assertThat(opt).as("the opt-in rows (wildcards)").containsExactly("kafka_*");
        assertThat(exported).as("scraped from /metrics; the README's metrics table must list exactly these")
                .containsExactlyInAnyOrderElementsOf(documented);
    }

    private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");
    private static final Pattern HELP = Pattern.compile("(?m)^# HELP (\\S+) ?(.*)$");
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][^ #]*) (\\S+)$");

    static Set<String> families(String scrape) {
        Set<String> out = new TreeSet<>();
        Matcher m = TYPE.matcher(scrape);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    static Map<String, String> help(String scrape) {
        Map<String, String> out = new TreeMap<>();
        Matcher m = HELP.matcher(scrape);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    static Map<String, Double> samples(String scrape) {
        Map<String, Double> out = new TreeMap<>();
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    /** The metric names in the first column of the README's "Metrics" table, labels left off. */
    static Set<String> documented(String readme) {
        int start = readme.indexOf("\n## Metrics\n");
        assertThat(start).as("README has a section 'Metrics'").isGreaterThanOrEqualTo(0);
        int end = readme.indexOf("\n## ", start + 1);
        Set<String> out = new TreeSet<>();
        for (String line : readme.substring(start, end).split("\n")) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String first = line.substring(1, line.indexOf('|', 1));
            Matcher names = Pattern.compile("`([a-z_*]+)(\\{[^}]*\\})?`").matcher(first);
            while (names.find()) {
                out.add(names.group(1));
            }
        }
        return out;
    }
}
