package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.config.ConfigKey;
import timelines.app.config.TimelinesConfig;
import timelines.app.kafka.EmbeddedKafka;
import timelines.contracts.Topics;
import timelines.sink.consume.DraftSink;

/**
 * {@code timelines run --config F}, the packaged jar as its own process, with every key of
 * {@link TimelinesConfig#KEYS} set to something other than its default, and for each key a check
 * that it took effect: ingest listens where it was told, the application id is the consumer
 * group's, the Slack webhook and Alertmanager receive the alert, the catalog's rule and the
 * default env shape it, and so on. The checks are a map from key to check, compared with the key
 * table first: a key added without a check here fails this test.
 *
 * <p>Two runs, because two keys exclude each other: the first on the embedded broker (every
 * {@code embedded.*} key), the second against a broker the test owns ({@code
 * kafka.bootstrapServers}), which the test then stops to see {@code ingest.ackTimeout} answer the
 * 503 in time.
 */
class ConfigRunIT {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String APP_ID = "config-it-app";
    private static final String CLIENT_ID = "config-it-client";
    private static final String LINK = "https://timelines.config-it.test/i/{id}";

    @TempDir
    Path dir;

    private final List<Components.Started> runs = new ArrayList<>();

    @RegisterExtension
    final TestWatcher printOutputOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            runs.forEach(r -> System.err.println("---- timelines run (" + r.log() + ") ----\n" + r.output()));
        }
    };

    @AfterEach
    void stopRuns() throws InterruptedException {
        if (cluster != null && !clusterClosed) {
            cluster.close();
        }
        for (Components.Started r : runs) {
            if (r.process().isAlive()) {
                r.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Which run a key is set in. */
    enum Scene {
        EMBEDDED,
        CLUSTER
    }

    @FunctionalInterface
    interface Check {
        void verify() throws Exception;
    }

    /**
     * One key of the table: what the file (and the environment) gives it, and how to see it work.
     *
     * @param file dotted key -> value for the config file
     * @param env environment variables, for a key given the way a secret usually is
     */
    record Case(Scene scene, Map<String, Object> file, Map<String, String> env, Check check) {
        static Case file(Scene scene, String key, Object value, Check check) {
            return new Case(scene, Map.of(key, value), Map.of(), check);
        }
    }

    // Everything the cases point at; set up before the runs start.
    private int kafkaPort;
    private int ingestPort;
    private int streamsPort;
    private int sinkPort;
    private Path dataDir;
    private Path stateDir;
    private Path out;
    private AlertsIT.Receiver slack;
    private AlertsIT.Receiver alertmanager;
    private AlertsIT.Receiver probed;
    private boolean otherLoopbackReachable;
    private Components.Started runA;
    private EmbeddedKafka cluster;
    private boolean clusterClosed;
    private int clusterIngestPort;

    /** The key table's keys, each with its case. Add a key to {@link TimelinesConfig#KEYS}: add its case here. */
    private Map<String, Case> cases() throws IOException {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("kafka.bootstrapServers", Case.file(Scene.CLUSTER, "kafka.bootstrapServers", cluster.bootstrapServers(),
                this::ingestWroteToTheGivenCluster));
        c.put("kafka.partitions", Case.file(Scene.EMBEDDED, "kafka.partitions", 2, () -> {
            try (Admin admin = admin()) {
                assertThat(admin.describeTopics(List.of(Topics.SIGNALS)).allTopicNames().get().get(Topics.SIGNALS)
                        .partitions()).hasSize(2);
            }
        }));
        c.put("kafka.client.<property>", Case.file(Scene.EMBEDDED, "kafka.client.client.id", CLIENT_ID, () -> {
            try (Admin admin = admin()) {
                List<String> clients = admin.describeConsumerGroups(List.of(DraftSink.GROUP_ID)).all().get()
                        .get(DraftSink.GROUP_ID).members().stream().map(MemberDescription::clientId).toList();
                assertThat(clients).as("client ids of the sink's consumers").contains(CLIENT_ID);
            }
        }));
        c.put("embedded.dataDir", Case.file(Scene.EMBEDDED, "embedded.dataDir", dataDir.toString(), () -> {
            try (Stream<Path> files = Files.list(dataDir.resolve("kafka"))) {
                assertThat(files.map(p -> p.getFileName().toString())).as("the broker's log dir")
                        .anyMatch(n -> n.startsWith(Topics.SIGNALS + "-"));
            }
        }));
        c.put("embedded.port", Case.file(Scene.EMBEDDED, "embedded.port", kafkaPort, () -> {
            try (Admin admin = admin()) {
                assertThat(admin.listTopics().names().get()).contains(Topics.SIGNALS, Topics.ALERTS);
            }
        }));
        c.put("ingest.host", Case.file(Scene.EMBEDDED, "ingest.host", "127.0.0.1", () -> {
            assertThat(reachable("127.0.0.1", ingestPort)).isTrue();
            if (otherLoopbackReachable) {
                assertThat(reachable("127.0.0.2", ingestPort)).as("ingest bound to 127.0.0.1 only").isFalse();
            }
        }));
        c.put("ingest.port", Case.file(Scene.EMBEDDED, "ingest.port", ingestPort,
                () -> assertThat(get(ingestPort, "/healthz").statusCode()).isEqualTo(200)));
        c.put("ingest.tickInterval", Case.file(Scene.EMBEDDED, "ingest.tickInterval", "PT1S",
                this::ticksComeEverySecond));
        c.put("ingest.ackTimeout", Case.file(Scene.CLUSTER, "ingest.ackTimeout", "PT2S",
                this::aDeliveryGivesUpOnAStoppedClusterInTime));
        c.put("ingest.snsAutoConfirm", Case.file(Scene.EMBEDDED, "ingest.snsAutoConfirm", true, () -> {
            // On, the confirmation is judged (this URL is no SNS endpoint, so it is refused); off, it is only logged.
            assertThat(runA.output()).contains("is not an https SNS endpoint")
                    .doesNotContain("asks to confirm its subscription");
        }));
        c.put("ingest.probes", Case.file(Scene.EMBEDDED, "ingest.probes", probesFile().toString(),
                () -> assertThat(probed.bodies).anyMatch(b -> b.startsWith("/health"))));
        c.put("ingest.noAuth", Case.file(Scene.EMBEDDED, "ingest.noAuth", true,
                () -> assertThat(post(ingestPort, "/v1/signals", signal("no-token", Instant.now())).statusCode())
                        .as("a delivery without a token").isEqualTo(202)));
        c.put("ingest.publicUrl", Case.file(Scene.EMBEDDED, "ingest.publicUrl", "http://timelines.config-it.test",
                () -> assertThat(get(ingestPort, "/sources").body()).as("the URLs the sources page shows")
                        .contains("http://timelines.config-it.test/v1/webhooks/slack")));
        c.put("ingest.slack.signingSecret", Case.file(Scene.EMBEDDED, "ingest.slack.signingSecret", SLACK_SECRET,
                () -> {
                    assertThat(slack(SLACK_SECRET, slackMessage("C0CONFIGIT", "Ev0CONFIG1")).statusCode())
                            .as("signed with the configured secret").isEqualTo(202);
                    assertThat(slack("another-secret", slackMessage("C0CONFIGIT", "Ev0CONFIG2")).statusCode())
                            .as("signed with another secret").isEqualTo(401);
                }));
        c.put("ingest.slack.channels", Case.file(Scene.EMBEDDED, "ingest.slack.channels", List.of("C0CONFIGIT"), () -> {
            assertThat(slack(SLACK_SECRET, slackMessage("C0CONFIGIT", "Ev0CONFIG3")).body())
                    .as("a message in a named channel").doesNotContain("ignored");
            assertThat(slack(SLACK_SECRET, slackMessage("C0ELSEWHERE", "Ev0CONFIG4")).body())
                    .as("a message in another channel").contains("ignored");
        }));
        c.put("streams.applicationId", Case.file(Scene.EMBEDDED, "streams.applicationId", APP_ID, () -> {
            try (Admin admin = admin()) {
                assertThat(admin.listGroups().all().get().stream().map(GroupListing::groupId))
                        .contains(APP_ID).doesNotContain("timelines");
            }
        }));
        c.put("streams.stateDir", Case.file(Scene.EMBEDDED, "streams.stateDir", stateDir.toString(),
                () -> assertThat(stateDir.resolve(APP_ID)).isDirectory()));
        c.put("ops.host", Case.file(Scene.EMBEDDED, "ops.host", "127.0.0.1", () -> {
            assertThat(reachable("127.0.0.1", streamsPort)).isTrue();
            if (otherLoopbackReachable) {
                assertThat(reachable("127.0.0.2", streamsPort)).as("ops ports bound to 127.0.0.1 only").isFalse();
                assertThat(reachable("127.0.0.2", sinkPort)).as("ops ports bound to 127.0.0.1 only").isFalse();
            }
        }));
        c.put("streams.port", Case.file(Scene.EMBEDDED, "streams.port", streamsPort,
                () -> assertThat(get(streamsPort, "/healthz").statusCode()).isEqualTo(200)));
        c.put("sink.out", Case.file(Scene.EMBEDDED, "sink.out", out.toString(),
                () -> assertThat(drafts(out.resolve("qa"))).as("drafts in sink.out/<env>").isNotEmpty()));
        c.put("sink.port", Case.file(Scene.EMBEDDED, "sink.port", sinkPort, () -> {
            HttpResponse<String> index = get(sinkPort, "/");
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("checkout");
        }));
        c.put("sink.slackWebhook", new Case(Scene.EMBEDDED, Map.of(),
                Map.of("TIMELINES_SLACK_WEBHOOK", slack.uri("/hooks/T000/B000").toString()),
                () -> assertThat(slack.bodies).anyMatch(b -> b.startsWith("/hooks/T000/B000 ")
                        && b.contains("Unrecorded outage"))));
        c.put("sink.alertmanager", Case.file(Scene.EMBEDDED, "sink.alertmanager", alertmanager.uri("").toString(),
                () -> assertThat(alertmanager.bodies).anyMatch(b -> b.startsWith("/api/v2/alerts ")
                        && b.contains("\"alertname\":\"UnrecordedOutage\""))));
        c.put("sink.draftLinkBase", Case.file(Scene.EMBEDDED, "sink.draftLinkBase", LINK,
                () -> assertThat(slack.bodies).anyMatch(b -> b.contains("timelines.config-it.test/i/"))));
        c.put("sink.alertSeverity", Case.file(Scene.EMBEDDED, "sink.alertSeverity", "page",
                () -> assertThat(alertmanager.bodies).anyMatch(b -> b.contains("\"alertname\":\"UnrecordedOutage\"")
                        && b.contains("\"severity\":\"page\""))));
        c.put("metrics.kafkaClients", Case.file(Scene.EMBEDDED, "metrics.kafkaClients", true,
                () -> assertThat(get(ingestPort, "/metrics").body()).as("Kafka's client metrics on /metrics")
                        .containsPattern("(?m)^kafka_stream_")));
        c.put("catalog", Case.file(Scene.EMBEDDED, "catalog", catalogFile().toString(), () -> {
            // The catalog's rule renamed the service the signal named.
            assertThat(alertmanager.bodies).anyMatch(b -> b.contains("\"service\":\"checkout\""));
            assertThat(String.join("\n", alertmanager.bodies)).doesNotContain("raw-checkout");
        }));
        c.put("defaultEnv", Case.file(Scene.EMBEDDED, "defaultEnv", "qa",
                () -> assertThat(alertmanager.bodies).anyMatch(b -> b.contains("\"env\":\"qa\""))));
        Map<String, Object> correlation = new LinkedHashMap<>();
        correlation.put("correlation.recordGrace", "PT3S");
        correlation.put("correlation.minDuration", "PT1S");
        correlation.put("correlation.excludedEnvs", List.of("sandbox"));
        c.put("correlation.<setting>", new Case(Scene.EMBEDDED, correlation, Map.of(), () -> {
            // An outage in qa (excluded by default) alerted on seconds after BEGIN (15 minutes by default).
            assertThat(slack.bodies).anyMatch(b -> b.contains("Unrecorded outage") && b.contains("qa"));
        }));
        return c;
    }

    @Test
    void everyKeyOfTheConfigFileTakesEffectInRun() throws Exception {
        otherLoopbackReachable = otherLoopbackReachable();
        kafkaPort = freePortPair();
        ingestPort = freePort();
        streamsPort = freePort();
        sinkPort = freePort();
        clusterIngestPort = freePort();
        dataDir = dir.resolve("a-data");
        stateDir = dir.resolve("a-state");
        out = dir.resolve("a-drafts");
        try (AlertsIT.Receiver slackReceiver = new AlertsIT.Receiver();
                AlertsIT.Receiver amReceiver = new AlertsIT.Receiver();
                AlertsIT.Receiver probeReceiver = new AlertsIT.Receiver()) {
            slack = slackReceiver;
            alertmanager = amReceiver;
            probed = probeReceiver;
            cluster = EmbeddedKafka.startOnFreePorts(dir.resolve("cluster"));
            Map<String, Case> cases = cases();
            Set<String> table = TimelinesConfig.KEYS.stream().map(ConfigKey::path)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(new TreeSet<>(cases.keySet())).as("a check in ConfigRunIT.cases() for every key of "
                    + "TimelinesConfig.KEYS (and none for a key that is gone)").isEqualTo(table);
            for (Map.Entry<String, Case> e : cases.entrySet()) {
                assertThat(e.getValue().file().keySet()).as("what the case of %s sets", e.getKey())
                        .allMatch(k -> k.equals(e.getKey()) || e.getKey().contains("<")
                                && k.startsWith(e.getKey().substring(0, e.getKey().indexOf('<'))));
            }

            runA = start(Scene.EMBEDDED, cases, Map.of(), "run-embedded");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> get(ingestPort, "/readyz").statusCode() == 200);
            Instant begin = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
            HttpResponse<String> posted = post(ingestPort, "/v1/signals", signal("raw-checkout", begin));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
            assertThat(post(ingestPort, "/v1/webhooks/cloudwatch", snsConfirmation(), "text/plain; charset=UTF-8")
                    .statusCode()).isLessThan(500);
            verify(cases, Scene.EMBEDDED);
            stop(runA);

            Map<String, Object> support = new LinkedHashMap<>();
            support.put("ingest.port", clusterIngestPort);
            support.put("ingest.noAuth", true);
            support.put("embedded.dataDir", dir.resolve("b-data").toString());
            support.put("sink.out", dir.resolve("b-drafts").toString());
            Components.Started runB = start(Scene.CLUSTER, cases, support, "run-cluster");
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> get(clusterIngestPort, "/readyz").statusCode() == 200);
            verify(cases, Scene.CLUSTER);
            stop(runB);
        }
    }

    private Components.Started start(Scene scene, Map<String, Case> cases, Map<String, Object> support, String name)
            throws IOException {
        ObjectNode root = YAML.createObjectNode();
        Map<String, String> env = new LinkedHashMap<>();
        support.forEach((k, v) -> put(root, k, v));
        cases.values().stream().filter(c -> c.scene() == scene).forEach(c -> {
            c.file().forEach((k, v) -> put(root, k, v));
            env.putAll(c.env());
        });
        Path file = dir.resolve(name + ".yaml");
        YAML.writeValue(file.toFile(), root);
        Components.Started run = Components.start(dir, "run", file, name, env);
        runs.add(run);
        return run;
    }

    /** Each check of the scene, retried for a while: things take effect as the run gets going. */
    private static void verify(Map<String, Case> cases, Scene scene) {
        cases.forEach((key, c) -> {
            if (c.scene() == scene) {
                await(key).atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .untilAsserted(() -> c.check().verify());
            }
        });
    }

    private static void stop(Components.Started run) throws InterruptedException {
        run.process().destroy();
        assertThat(run.process().waitFor(30, TimeUnit.SECONDS)).as("run stopped on SIGTERM").isTrue();
    }

    /** A dotted key as nested YAML; a Kafka client property keeps its dots. */
    private static void put(ObjectNode root, String key, Object value) {
        List<String> parts = new ArrayList<>();
        if (key.startsWith("kafka.client.")) {
            parts.addAll(List.of("kafka", "client", key.substring("kafka.client.".length())));
        } else {
            parts.addAll(List.of(key.split("\\.")));
        }
        ObjectNode node = root;
        for (String p : parts.subList(0, parts.size() - 1)) {
            node = node.has(p) ? (ObjectNode) node.get(p) : node.putObject(p);
        }
        node.set(parts.get(parts.size() - 1), YAML.valueToTree(value));
    }

    private void ingestWroteToTheGivenCluster() throws Exception {
        String id = "cluster-" + System.nanoTime();
        assertThat(post(clusterIngestPort, "/v1/signals", signal(id, Instant.now())).statusCode()).isEqualTo(202);
        assertThat(records(cluster.bootstrapServers(), Topics.SIGNALS).stream().map(ConsumerRecord::value)
                .map(v -> new String(v, java.nio.charset.StandardCharsets.UTF_8))).anyMatch(v -> v.contains(id));
    }

    private void aDeliveryGivesUpOnAStoppedClusterInTime() throws Exception {
        if (!clusterClosed) {
            clusterClosed = true;
            cluster.close();
        }
        long started = System.nanoTime();
        HttpResponse<String> r = post(clusterIngestPort, "/v1/signals", signal("while-kafka-is-down", Instant.now()));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
        // PT2S given; the default, PT10S, would hold the request at least ten seconds.
        assertThat(took).as("answered within the ack timeout (and some)").isLessThan(Duration.ofSeconds(8));
    }

    private void ticksComeEverySecond() throws Exception {
        List<Long> ticks = records("localhost:" + kafkaPort, Topics.SIGNALS).stream()
                .filter(r -> r.partition() == 0 && "".equals(r.key())).map(ConsumerRecord::timestamp).sorted().toList();
        assertThat(ticks).as("ticks on partition 0").hasSizeGreaterThanOrEqualTo(4);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < ticks.size(); i++) {
            gaps.add(ticks.get(i) - ticks.get(i - 1));
        }
        // PT1S given; the default would space them five seconds apart.
        assertThat(gaps.stream().sorted().toList().get(gaps.size() / 2)).as("median gap between ticks, ms")
                .isLessThan(2500L);
    }

    private static List<ConsumerRecord<String, byte[]>> records(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "config-it-reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(out::add);
            }
        }
        return out;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:" + kafkaPort));
    }

    private static String signal(String service, Instant at) {
        return """
                {"type":"FAILING","source":"uptimerobot","service":"%s","check":"ur-%s","alerting":true,
                 "observedAt":"%s","summary":"%s is DOWN"}""".formatted(service, service, at, service);
    }

    /**
     * AWS's documented SubscriptionConfirmation (ingest's fixture
     * {@code fixtures/cloudwatch/aws-docs-sns-subscription-confirmation.json}, see its SOURCES.md),
     * its SubscribeURL pointed at a local address, which auto-confirm must refuse to fetch.
     */
    private String snsConfirmation() throws IOException {
        Path fixture = ComposeFileTest.root().resolve(
                "ingest/src/test/resources/fixtures/cloudwatch/aws-docs-sns-subscription-confirmation.json");
        ObjectNode body = (ObjectNode) JSON.readTree(Files.readString(fixture));
        body.put("SubscribeURL", probed.uri("/not-sns/confirm").toString());
        return JSON.writeValueAsString(body);
    }

    private Path probesFile() throws IOException {
        return Files.writeString(dir.resolve("probes.yaml"), """
                probes:
                  - name: config-it-probe
                    kind: http
                    url: %s
                    interval: PT1S
                    service: probed-service
                """.formatted(probed.uri("/health")));
    }

    private Path catalogFile() throws IOException {
        return Files.writeString(dir.resolve("catalog.yaml"), """
                services:
                  - name: checkout
                rules:
                  - match: { service: raw-checkout }
                    set: { service: checkout }
                """);
    }

    private static List<Path> drafts(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".md")).toList();
        }
    }

    private static final String SLACK_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";

    /** A person's message as Slack's Events API delivers it (api.slack.com/events/message). */
    private static String slackMessage(String channel, String eventId) {
        String ts = Instant.now().getEpochSecond() + ".000100";
        return """
                {"token":"z26uFbvR1xHJEdHE1OQiO6t8","team_id":"T0CONFIG1","api_app_id":"A0CONFIG1",
                 "event":{"type":"message","channel":"%s","user":"U0CONFIG1","text":"checkout is down for us",
                          "ts":"%s","event_ts":"%s","channel_type":"channel"},
                 "type":"event_callback","event_id":"%s","event_time":%d}
                """.formatted(channel, ts, ts, eventId, Instant.now().getEpochSecond());
    }

    /** Posted as Slack posts: signed with {@code secret} now. */
    private HttpResponse<String> slack(String secret, String body) throws Exception {
        return SlackPost.signed("http://127.0.0.1:" + ingestPort + "/v1/webhooks/slack", secret, body);
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(int port, String path, String body) throws Exception {
        return post(port, path, body, "application/json");
    }

    private static HttpResponse<String> post(int port, String path, String body, String contentType)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether this machine routes 127.0.0.2 to a wildcard listener, so a 127.0.0.1-only bind can be told apart. */
    private static boolean otherLoopbackReachable() throws IOException {
        try (ServerSocket any = new ServerSocket(0)) {
            return reachable("127.0.0.2", any.getLocalPort());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A free port whose next one is free too (the embedded controller takes it). */
    private static int freePortPair() throws IOException {
        for (int i = 0; i < 50; i++) {
            int p = freePort();
            if (p < 65534) {
                try (ServerSocket next = new ServerSocket(p + 1)) {
                    return p;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("no two free ports in a row");
    }
}
