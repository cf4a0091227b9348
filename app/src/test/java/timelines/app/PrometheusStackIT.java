package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.config.TimelinesConfig;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.run.Component;
import timelines.contracts.Json;
import timelines.contracts.Topics;

/**
 * The whole loop against Debian's real Prometheus (2.42) and Alertmanager (0.25), run as plain
 * processes on free loopback ports, and the three components on an embedded broker, as a user
 * would set them up from the README's "Running with Prometheus and Alertmanager":
 *
 * <ol>
 *   <li>A scrape target the test serves goes down: the example rule
 *       ({@code deploy/prometheus/alert-rules.example.yml}) fires after its {@code for:},
 *       Alertmanager ({@code deploy/alertmanager/alertmanager.yml}) sends it to ingest with the
 *       token in {@code http_config.authorization} and to the pager.
 *   <li>Alertmanager is stopped; the unrecorded-outage alert is raised while it is down, retried,
 *       and reaches it once it is back: delayed, not lost. It is listed by
 *       {@code GET /api/v2/alerts} with its labels, the configured {@code severity} among them, and
 *       pages through the own-alerts route, never reaching ingest.
 *   <li>The own-alerts route is taken out (the ordinary catch-all): the alert now comes back to
 *       ingest, which ignores it, and when the target is back the outage ends at the alert's
 *       {@code endsAt} though nobody recorded it (no feedback loop). The draft's BEGIN and END are
 *       Alertmanager's {@code startsAt} and {@code endsAt}.
 *   <li>A record resolves the unrecorded-outage alert in Alertmanager.
 *   <li>Every PromQL expression of the Grafana dashboard, run against that Prometheus scraping
 *       the three components' {@code /metrics}, returns data; {@code promtool check metrics}
 *       passes on each component's {@code /metrics}.
 * </ol>
 *
 * <p>The deploy/ files are loaded as shipped; the test changes only what must differ on a test
 * machine: addresses, the token file, the compose DNS discovery (static loopback targets instead),
 * and the timers (1 s scrapes and evaluations, {@code for: 2s}, Alertmanager's group timers 1 s).
 */
class PrometheusStackIT {
    private static final String TOKEN = "stack-it-token";
    private static final Duration FOR = Duration.ofSeconds(2);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Path prometheus;
    private Path alertmanager;
    private Path promtool;

    @TempDir
    Path dir;

    private final List<Process> processes = new ArrayList<>();
    private final Map<String, Path> logs = new LinkedHashMap<>();

    /** The output of Prometheus and Alertmanager, printed when the test fails. */
    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            logs.forEach((name, log) -> {
                System.err.println("---- " + name + " ----");
                try {
                    System.err.println(Files.readString(log));
                } catch (IOException e) {
                    System.err.println("(no output: " + e + ")");
                }
            });
        }
    };

    /** Per test, not per class: JUnit reports a test skipped with this message, a class-level skip without one. */
    @BeforeEach
    void findTheStack() {
        prometheus = StackBinaries.prometheus().orElse(null);
        alertmanager = StackBinaries.alertmanager().orElse(null);
        promtool = StackBinaries.promtool().orElse(null);
        assumeTrue(prometheus != null, StackBinaries.missing("prometheus", "TIMELINES_PROMETHEUS_BIN"));
        assumeTrue(alertmanager != null, StackBinaries.missing("alertmanager", "TIMELINES_ALERTMANAGER_BIN"));
        assumeTrue(promtool != null, StackBinaries.missing("promtool", "TIMELINES_PROMTOOL_BIN"));
    }

    @AfterEach
    void stopProcesses() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aTargetDownAndUpBecomesAnOutageWithAlertmanagersTimesAndItsOwnAlertNeitherLostNorFedBack() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(dir.resolve("kafka"));
                Receiver pager = new Receiver()) {
            int amPort = EmbeddedKafka.freePort();
            TimelinesConfig config = TimelinesConfig.load(componentsConfig(kafka.bootstrapServers(), amPort),
                    Map.of("TIMELINES_TOKEN", TOKEN));
            try (Component ingest = Component.start(Component.Kind.INGEST, config, Map.of("TIMELINES_TOKEN", TOKEN));
                    Component streams = Component.start(Component.Kind.STREAMS, config, Map.of());
                    Component sink = Component.start(Component.Kind.SINK, config, Map.of());
                    Target checkout = new Target(EmbeddedKafka.freePort())) {
                Map<String, Integer> components = Map.of("ingest", ingest.port(), "streams", streams.port(),
                        "sink", sink.port());
                Path tokenFile = dir.resolve("timelines-token");
                Files.writeString(tokenFile, TOKEN + "\n");
                Path amConfig = dir.resolve("alertmanager.yml");
                JsonNode shipped = YAML.readTree(DeployFilesTest.alertmanagerFile().toFile());
                Files.writeString(amConfig, YAML.writeValueAsString(
                        alertmanagerConfig(shipped, ingest.port(), tokenFile, pager.uri("/page"), true)));
                Process am = startAlertmanager(amConfig, amPort);
                int promPort = EmbeddedKafka.freePort();
                startPrometheus(prometheusConfig(components, checkout.port, amPort), promPort);
                awaitReady(amPort, "alertmanager");
                awaitReady(promPort, "prometheus");
                await().atMost(Duration.ofSeconds(30)).until(() -> value(promPort, "up{job=\"checkout\"}") == 1.0);
                for (String job : components.keySet()) {
                    await().atMost(Duration.ofSeconds(30)).alias("Prometheus scrapes " + job)
                            .until(() -> value(promPort, "up{job=\"" + job + "\"}") == 1.0);
                }
                // Alertmanager's status page shows the config; the token is a credential there, not a URL part.
                String status = get(amPort, "/api/v2/status").body();
                assertThat(status).contains("/v1/webhooks/alertmanager").doesNotContain(TOKEN);

                // 1. The target goes down; the rule fires after its for:, and Alertmanager tells ingest and the pager.
                Instant stopped = Instant.now();
                checkout.stop();
                JsonNode firing = await().atMost(Duration.ofSeconds(30))
                        .until(() -> pager.alert("CheckoutDown", "firing"), a -> a != null);
                Instant startsAt = Instant.parse(firing.path("startsAt").asText());
                assertThat(startsAt).as("Prometheus' startsAt is when the rule fired, after for:, not the first bad "
                        + "scrape (README)").isAfterOrEqualTo(stopped.plus(FOR));
                await().atMost(Duration.ofSeconds(30)).until(() -> metric(ingest.port(),
                        "timelines_ingest_deliveries_total", "source", "alertmanager", "outcome", "accepted") >= 1);
                assertThat(pager.authorizations).doesNotContain("Bearer " + TOKEN);

                // 2. Alertmanager goes down before the unrecorded-outage alert is raised (recordGrace after BEGIN),
                // and comes back later.
                am.destroy();
                assertThat(am.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(activeAlertRaisedYet(sink.port())).as("stopped before the alert was raised: raise "
                        + "recordGrace if this machine is slower").isFalse();
                // Acknowledged by the on-call, relayed from the pager: the dashboard's time to acknowledge.
                assertThat(Http.post(ingest.port(), TOKEN, "/v1/signals", "application/json", """
                        {"type":"ACK","source":"pagerduty","service":"checkout","summary":"Acknowledged by on-call"}""")
                        .statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(30)).alias("the unrecorded-outage alert was tried while Alertmanager "
                        + "was down").until(() -> metric(sink.port(), "timelines_alert_deliveries_total",
                        "target", "alertmanager", "outcome", "retried") >= 1);
                Instant backAt = Instant.now();
                startAlertmanager(amConfig, amPort);
                awaitReady(amPort, "alertmanager");
                JsonNode unrecorded = await().atMost(Duration.ofSeconds(40)).alias("delayed, not lost")
                        .until(() -> activeAlert(amPort, "UnrecordedOutage"), a -> a != null);
                assertThat(metric(sink.port(), "timelines_alert_deliveries_total", "target", "alertmanager", "outcome",
                        "failed")).as("given up on").isZero();
                JsonNode labels = unrecorded.path("labels");
                assertThat(labels.path("env").asText()).isEqualTo("prod");
                assertThat(labels.path("service").asText()).isEqualTo("checkout");
                assertThat(labels.path("severity").asText()).as("sink.alertSeverity").isEqualTo("page");
                String incidentId = labels.path("incident_id").asText();
                assertThat(incidentId).hasSize(32);
                assertThat(Instant.parse(unrecorded.path("startsAt").asText())).isBefore(backAt);
                // The own-alerts route pages and keeps it off ingest.
                assertThat(await().atMost(Duration.ofSeconds(20))
                        .until(() -> pager.alert("UnrecordedOutage", "firing"), a -> a != null)
                        .path("labels").path("incident_id").asText()).isEqualTo(incidentId);
                assertThat(metric(ingest.port(), "timelines_ingest_deliveries_total", "source", "alertmanager",
                        "outcome", "ignored")).isZero();

                // 3. The ordinary catch-all instead: the own alert comes back to ingest, which ignores it ...
                Files.writeString(amConfig, YAML.writeValueAsString(
                        alertmanagerConfig(shipped, ingest.port(), tokenFile, pager.uri("/page"), false)));
                assertThat(post(amPort, "/-/reload").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(20)).alias("the own alert came back to ingest").until(() -> metric(
                        ingest.port(), "timelines_ingest_deliveries_total", "source", "alertmanager", "outcome",
                        "ignored") >= 1);
                // ... and the outage ends when the service recovers, though nobody recorded it.
                checkout.start();
                JsonNode resolved = await().atMost(Duration.ofSeconds(30))
                        .until(() -> pager.alert("CheckoutDown", "resolved"), a -> a != null);
                Instant endsAt = Instant.parse(resolved.path("endsAt").asText());
                JsonNode draft = await().atMost(Duration.ofSeconds(30))
                        .until(() -> draft(dir.resolve("drafts/prod"), "checkout"),
                                d -> d != null && d.path("end").isTextual());
                assertThat(draft.path("id").asText()).isEqualTo(incidentId);
                assertThat(Instant.parse(draft.path("begin").asText())).as("BEGIN").isEqualTo(startsAt);
                assertThat(Instant.parse(draft.path("end").asText())).as("END").isEqualTo(endsAt);
                assertThat(draft.path("recorded").isNull() || draft.path("recorded").isMissingNode()).isTrue();
                assertThat(draft.path("unrecordedAlertAt").asText()).isNotBlank();
                String markdown = Files.readString(draftFile(dir.resolve("drafts/prod"), incidentId, ".md"));
                assertThat(markdown).as("the recovery line says what recovered")
                        .containsPattern("recovered: checkout — alert CheckoutDown resolved \\(was: checkout target "
                                + "127\\.0\\.0\\.1:\\d+ is down\\)");

                // 4. A record clears it: resolved in Alertmanager.
                assertThat(Http.post(ingest.port(), TOKEN, "/v1/records", "application/json", """
                        {"id":"INC-7","type":"INCIDENT","services":["checkout"],"title":"Checkout down"}""")
                        .statusCode()).isEqualTo(202);
                await().atMost(Duration.ofSeconds(30)).alias("resolved in Alertmanager")
                        .until(() -> activeAlert(amPort, "UnrecordedOutage") == null);
                await().atMost(Duration.ofSeconds(20)).until(() -> pager.alert("UnrecordedOutage", "resolved") != null);

                // 5. The rest of the dashboard's story: a refused delivery, a bad token, a late signal, a dead letter.
                assertThat(Http.post(ingest.port(), TOKEN, "/v1/signals", "application/json", "{not json")
                        .statusCode()).isEqualTo(400);
                assertThat(Http.post(ingest.port(), "wrong", "/v1/signals", "application/json", "{}").statusCode())
                        .isEqualTo(401);
                assertThat(Http.post(ingest.port(), TOKEN, "/v1/signals", "application/json", """
                        {"type":"ERROR","source":"sentry","service":"checkout","observedAt":"%s",
                         "summary":"TimeoutError: checkout upstream"}""".formatted(startsAt.plusMillis(500)))
                        .statusCode()).isEqualTo(202);
                deadLetter(kafka.bootstrapServers());
                await().atMost(Duration.ofSeconds(30)).until(() -> metric(streams.port(),
                        "timelines_records_dead_lettered_total") >= 1 && metric(streams.port(),
                        "timelines_signals_late_total") >= 1);

                dashboardReturnsData(promPort, components);
                Map<String, String> lint = new LinkedHashMap<>();
                for (var c : new java.util.TreeMap<>(components).entrySet()) {
                    String metrics = Http.get(c.getValue(), "/metrics").body();
                    StackBinaries.Run run = StackBinaries.run(List.of(promtool.toString(), "check", "metrics"), metrics);
                    if (run.exit() != 0) {
                        lint.put(c.getKey(), run.output());
                    }
                }
                assertThat(lint).as("promtool check metrics on each component's /metrics").isEmpty();
            }
        }
    }

    /** Every PromQL expression of the dashboard, its variables at "All" and a one-hour window, returns data. */
    private void dashboardReturnsData(int promPort, Map<String, Integer> components) throws Exception {
        JsonNode dashboard = Json.mapper().readTree(ComposeFileTest.root()
                .resolve("deploy/grafana/dashboards/incident-timelines.json").toFile());
        // One scrape of every component after the story's last event, then the queries.
        Instant after = Instant.now();
        for (String job : components.keySet()) {
            await().atMost(Duration.ofSeconds(20)).until(() -> lastScrape(promPort, job).isAfter(after.plusSeconds(1)));
        }
        List<String> expressions = new ArrayList<>();
        collectExpressions(dashboard.path("panels"), expressions);
        assertThat(expressions).hasSizeGreaterThan(20);
        List<String> empty = new ArrayList<>();
        List<String> notANumber = new ArrayList<>();
        for (String expr : expressions) {
            String query = expr.replace("$__rate_interval", "1m").replace("$window", "1h").replace("$env", ".*")
                    .replace("$source", ".*");
            assertThat(query).doesNotContain("$");
            JsonNode result = query(promPort, query);
            System.out.println("PrometheusStackIT: " + query + " -> " + result);
            if (result.isEmpty()) {
                empty.add(expr);
            }
            for (JsonNode sample : result) {
                if ("NaN".equals(sample.path("value").get(1).asText())) {
                    notANumber.add(expr);
                }
            }
        }
        // Where a counter appears at its first event, increase() misses that event and a quantile is NaN: logged,
        // for the metrics' own tests to hold (every series exists at zero from the start).
        notANumber.forEach(e -> System.out.println("PrometheusStackIT: NaN for " + e));
        assertThat(empty).as("dashboard expressions that returned no data").isEmpty();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String definition = variable.path("definition").asText();
            Matcher m = Pattern.compile("label_values\\((\\w+), (\\w+)\\)").matcher(definition);
            if (m.matches()) {
                JsonNode values = Json.mapper().readTree(get(promPort, "/api/v1/label/" + m.group(2) + "/values?match[]="
                        + URLEncoder.encode(m.group(1), StandardCharsets.UTF_8)).body()).path("data");
                assertThat(values).as("variable %s: %s", variable.path("name").asText(), definition).isNotEmpty();
            }
        }
    }

    private static void collectExpressions(JsonNode panels, List<String> out) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    out.add(target.get("expr").asText());
                }
            }
            collectExpressions(panel.path("panels"), out);
        }
    }

    /** The components' config: fast ticks and unrecorded-outage checks, Alertmanager as the alert target. */
    private Path componentsConfig(String bootstrap, int amPort) throws IOException {
        Path config = dir.resolve("timelines.yaml");
        Files.writeString(config, """
                kafka:
                  bootstrapServers: %s
                  partitions: 1
                ingest:
                  host: 127.0.0.1
                  port: 0
                  tickInterval: PT0.5S
                ops:
                  host: 127.0.0.1
                streams:
                  applicationId: timelines-stack-it
                  stateDir: %s
                  port: 0
                sink:
                  out: %s
                  port: 0
                  alertmanager: http://127.0.0.1:%d
                  alertSeverity: page
                correlation:
                  recordGrace: PT8S
                  minDuration: PT1S
                  quiet: PT2S
                """.formatted(bootstrap, dir.resolve("streams-state"), dir.resolve("drafts"), amPort));
        return config;
    }

    /**
     * deploy/alertmanager/alertmanager.yml with this machine's addresses and token file, timers of a
     * second; {@code ownRoute} false takes out the route of the product's own alerts, leaving the
     * ordinary catch-all that sends them back to ingest.
     */
    static JsonNode alertmanagerConfig(JsonNode shipped, int ingestPort, Path tokenFile, URI pager, boolean ownRoute) {
        ObjectNode config = shipped.deepCopy();
        ObjectNode route = (ObjectNode) config.get("route");
        route.put("group_wait", "1s").put("group_interval", "1s").put("repeat_interval", "1h");
        ArrayNode routes = (ArrayNode) route.get("routes");
        assertThat(routes.get(0).path("matchers").toString()).as("the first route is the own alerts'")
                .contains("UnrecordedOutage", "MonitoringSilent");
        if (!ownRoute) {
            routes.remove(0);
        }
        ObjectNode timelines = (ObjectNode) DeployFilesTest.receiver(config, "timelines").path("webhook_configs").get(0);
        timelines.put("url", "http://127.0.0.1:" + ingestPort + "/v1/webhooks/alertmanager");
        ((ObjectNode) timelines.path("http_config").path("authorization"))
                .put("credentials_file", tokenFile.toString());
        ((ObjectNode) DeployFilesTest.receiver(config, "team-pager").path("webhook_configs").get(0))
                .put("url", pager.toString());
        return config;
    }

    /** deploy/prometheus/prometheus.yml with static loopback targets for its jobs, plus the example rule's target. */
    private Path prometheusConfig(Map<String, Integer> components, int checkoutPort, int amPort)
            throws IOException, InterruptedException {
        ObjectNode config = (ObjectNode) YAML.readTree(DeployFilesTest.prometheusFile().toFile());
        ((ObjectNode) config.get("global")).put("scrape_interval", "1s").put("evaluation_interval", "1s");
        ArrayNode jobs = (ArrayNode) config.get("scrape_configs");
        List<String> names = new ArrayList<>();
        for (JsonNode job : jobs) {
            String name = job.path("job_name").asText();
            names.add(name);
            ObjectNode j = (ObjectNode) job;
            j.remove("dns_sd_configs");
            j.putArray("static_configs").addObject().putArray("targets").add("127.0.0.1:" + components.get(name));
        }
        assertThat(names).as("the jobs the dashboard's 'Components up' counts").containsExactlyInAnyOrder(
                components.keySet().toArray(String[]::new));
        jobs.addObject().put("job_name", "checkout").putArray("static_configs").addObject().putArray("targets")
                .add("127.0.0.1:" + checkoutPort);
        ObjectNode rules = (ObjectNode) YAML.readTree(DeployFilesTest.rulesFile().toFile());
        ObjectNode rule = (ObjectNode) rules.path("groups").get(0).path("rules").get(0);
        assertThat(rule.path("alert").asText()).isEqualTo("CheckoutDown");
        rule.put("for", FOR.toSeconds() + "s");
        Path rulesFile = dir.resolve("rules.yml");
        Files.writeString(rulesFile, YAML.writeValueAsString(rules));
        config.putArray("rule_files").add(rulesFile.toString());
        config.putObject("alerting").putArray("alertmanagers").addObject().putArray("static_configs").addObject()
                .putArray("targets").add("127.0.0.1:" + amPort);
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, YAML.writeValueAsString(config));
        StackBinaries.Run check = StackBinaries.run(List.of(promtool.toString(), "check", "config", file.toString()),
                null);
        assertThat(check.exit()).as(check.output()).isZero();
        return file;
    }

    private Process startAlertmanager(Path config, int port) throws IOException {
        return start("alertmanager", List.of(alertmanager.toString(), "--config.file=" + config,
                "--storage.path=" + dir.resolve("alertmanager-data"), "--web.listen-address=127.0.0.1:" + port,
                // No gossip: one instance, and no port 9094 taken on a shared machine.
                "--cluster.listen-address="));
    }

    private void startPrometheus(Path config, int port) throws IOException {
        start("prometheus", List.of(prometheus.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("prometheus-data"), "--web.listen-address=127.0.0.1:" + port,
                // Firing alerts re-sent every second (default 1 min), so a restarted Alertmanager knows them again.
                "--rules.alert.resend-delay=1s"));
    }

    private Process start(String name, List<String> command) throws IOException {
        Path log = dir.resolve(name + "-" + logs.size() + ".log");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        processes.add(p);
        logs.put(name + " (" + log.getFileName() + ")", log);
        return p;
    }

    private static void awaitReady(int port, String what) {
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().alias(what + " ready")
                .until(() -> get(port, "/-/ready").statusCode() == 200);
    }

    /** Whether the sink has tried to deliver any alert to Alertmanager yet. */
    private static boolean activeAlertRaisedYet(int sinkPort) throws Exception {
        return metric(sinkPort, "timelines_alert_deliveries_total", "target", "alertmanager") > 0;
    }

    /** The active (not resolved) alert of that name in Alertmanager, or null. */
    private static JsonNode activeAlert(int amPort, String alertname) throws Exception {
        String filter = URLEncoder.encode("alertname=\"" + alertname + "\"", StandardCharsets.UTF_8);
        JsonNode alerts = Json.mapper().readTree(get(amPort, "/api/v2/alerts?active=true&filter=" + filter).body());
        for (JsonNode a : alerts) {
            if ("active".equals(a.path("status").path("state").asText())) {
                return a;
            }
        }
        return null;
    }

    private static JsonNode query(int promPort, String promql) throws Exception {
        HttpResponse<String> r = get(promPort, "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("%s: %s", promql, r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body()).path("data").path("result");
    }

    /** The value of a one-sample instant query, or NaN when it has none. */
    private static double value(int promPort, String promql) throws Exception {
        JsonNode result = query(promPort, promql);
        return result.size() == 1 ? result.get(0).path("value").get(1).asDouble() : Double.NaN;
    }

    private static Instant lastScrape(int promPort, String job) throws Exception {
        JsonNode targets = Json.mapper().readTree(get(promPort, "/api/v1/targets?state=active").body())
                .path("data").path("activeTargets");
        for (JsonNode t : targets) {
            if (job.equals(t.path("labels").path("job").asText()) && "up".equals(t.path("health").asText())) {
                return Instant.parse(t.path("lastScrape").asText());
            }
        }
        return Instant.EPOCH;
    }

    /** The sum of a metric's samples on a component's /metrics with these label values (name, value, ...). */
    static double metric(int port, String name, String... labels) throws Exception {
        double sum = 0;
        for (String line : Http.get(port, "/metrics").body().lines().toList()) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labels.length; i += 2) {
                all &= line.contains(labels[i] + "=\"" + labels[i + 1] + "\"");
            }
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** The draft JSON of the incident of that service, or null while there is none. */
    private static JsonNode draft(Path envDir, String service) throws IOException {
        if (!Files.isDirectory(envDir)) {
            return null;
        }
        try (Stream<Path> files = Files.list(envDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                JsonNode d = Json.mapper().readTree(Files.readString(f));
                if (d.path("services").toString().contains("\"" + service + "\"")) {
                    return d;
                }
            }
        }
        return null;
    }

    private static Path draftFile(Path envDir, String id, String extension) throws IOException {
        try (Stream<Path> files = Files.list(envDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                if (Json.mapper().readTree(Files.readString(f)).path("id").asText().equals(id)) {
                    return Path.of(f.toString().replaceAll("\\.json$", extension));
                }
            }
        }
        throw new AssertionError("no draft of " + id + " in " + envDir);
    }

    /** A signal the topology cannot use (no env, no service), straight onto signals.v1: a dead letter. */
    private static void deadLetter(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(Topics.SIGNALS, 0, System.currentTimeMillis(), "|",
                    "{\"id\":\"poison-1\",\"type\":\"FAILING\",\"source\":\"generic\"}")).get(10, TimeUnit.SECONDS);
        }
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A scrape target: a /metrics that the test stops (connection refused, up == 0) and starts again. */
    static final class Target implements AutoCloseable {
        final int port;
        private HttpServer server;

        Target(int port) throws IOException {
            this.port = port;
            start();
        }

        void start() throws IOException {
            for (int attempt = 0; ; attempt++) {
                try {
                    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                    break;
                } catch (BindException e) {
                    if (attempt == 20) {
                        throw e;
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
            server.createContext("/metrics", ex -> {
                byte[] body = "# HELP checkout_orders_total Orders taken.\n# TYPE checkout_orders_total counter\n"
                        .concat("checkout_orders_total 42\n").getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
                ex.close();
            });
            server.start();
        }

        void stop() {
            server.stop(0);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** The pager: Alertmanager's webhook notifications it was sent, and the Authorization headers. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
        final List<String> authorizations = new CopyOnWriteArrayList<>();

        Receiver() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                if (auth != null) {
                    authorizations.add(auth);
                }
                notifications.add(Json.mapper().readTree(ex.getRequestBody().readAllBytes()));
                ex.sendResponseHeaders(200, -1);
                ex.close();
            });
            server.start();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        /** The first alert of that name and status in any notification, or null. */
        JsonNode alert(String alertname, String status) {
            for (JsonNode n : notifications) {
                for (JsonNode a : n.path("alerts")) {
                    if (alertname.equals(a.path("labels").path("alertname").asText())
                            && status.equals(a.path("status").asText())) {
                        return a;
                    }
                }
            }
            return null;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
