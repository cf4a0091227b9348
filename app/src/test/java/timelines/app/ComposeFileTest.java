package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import timelines.app.config.ConfigKey;
import timelines.app.config.TimelinesConfig;
import timelines.ingest.Sources;

/**
 * {@code docker-compose.yml} and the files it mounts, checked without a Docker engine: the
 * components are configured only through keys the app knows, their ports line up with that
 * configuration and with what Prometheus scrapes, the Kafka image is the version the clients are
 * built against, and the Grafana dashboard only asks for documented metrics. When a compose tool
 * is installed, it validates the file too.
 */
class ComposeFileTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> COMPONENTS = Map.of("ingest", "ingest", "streams", "streams", "sink",
            "sink");
    /** Commands of the timelines image, for services built from the Dockerfile. */
    private static final Set<String> COMMANDS = Set.of("ingest", "streams", "sink", "topics", "export", "replay", "run",
            "demo");
    /** Read by the process but not config keys: logging (README "The CLI") and the JVM's own. */
    private static final Set<String> OTHER_ALLOWED_ENV = Set.of("TIMELINES_LOG_LEVEL", "TIMELINES_KAFKA_LOG_LEVEL",
            "TIMELINES_DEBUG", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS");
    private static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

    static Path root() {
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docker-compose.yml")) && Files.exists(p.resolve("app/pom.xml"))) {
                return p;
            }
        }
        return fail("no docker-compose.yml beside app/ above " + here);
    }

    static JsonNode compose() throws IOException {
        return YAML.readTree(root().resolve("docker-compose.yml").toFile());
    }

    static JsonNode services() throws IOException {
        JsonNode services = compose().path("services");
        assertThat(services.isObject()).as("docker-compose.yml has services").isTrue();
        return services;
    }

    /** Services built from the Dockerfile (or run from its image): the timelines processes. */
    static Map<String, JsonNode> timelinesServices() throws IOException {
        Map<String, JsonNode> out = new TreeMap<>();
        services().fields().forEachRemaining(f -> {
            JsonNode s = f.getValue();
            if (s.has("build") || s.path("image").asText().startsWith("incident-timelines")) {
                out.put(f.getKey(), s);
            }
        });
        return out;
    }

    static List<String> command(JsonNode service) {
        JsonNode c = service.path("command");
        List<String> words = new ArrayList<>();
        if (c.isArray()) {
            c.forEach(w -> words.add(w.asText()));
        } else if (c.isTextual()) {
            words.addAll(List.of(c.asText().trim().split("\\s+")));
        }
        return words;
    }

    /** The service's environment as compose would hand it over, interpolation left in place. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode e = service.path("environment");
        if (e.isObject()) {
            e.fields().forEachRemaining(f -> env.put(f.getKey(), f.getValue().isNull() ? "" : f.getValue().asText()));
        } else if (e.isArray()) {
            e.forEach(item -> {
                String s = item.asText();
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            });
        }
        return env;
    }

    /**
     * The value a container would see with none of the interpolated variables set on the host:
     * {@code ${X:-default}} is the default, {@code ${X:?message}} (required) a placeholder.
     */
    static String interpolated(String value) {
        Matcher m = INTERPOLATION.matcher(value.replace("$$", "\u0000"));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String op = m.group(2);
            String replacement = op == null ? "" : op.endsWith("-") ? m.group(3) : "required-" + m.group(1);
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString().replace("\u0000", "$");
    }

    static TimelinesConfig config(JsonNode service) {
        Map<String, String> env = new TreeMap<>();
        environment(service).forEach((k, v) -> env.put(k, interpolated(v)));
        return TimelinesConfig.load(null, env);
    }

    static int configuredPort(String component, TimelinesConfig c) {
        return switch (component) {
            case "ingest" -> c.ingest().port();
            case "streams" -> c.streams().port();
            case "sink" -> c.sink().port();
            default -> throw new IllegalArgumentException(component);
        };
    }

    /** The container side of each {@code ports} entry and each {@code expose} entry. */
    static Set<Integer> containerPorts(JsonNode service, String key) {
        Set<Integer> ports = new TreeSet<>();
        for (JsonNode p : service.path(key)) {
            String s;
            if (p.isObject()) {
                s = p.path("target").asText();
            } else {
                s = p.asText();
                s = s.substring(s.lastIndexOf(':') + 1);
            }
            s = s.replaceAll("/.*$", "");
            ports.add(Integer.parseInt(s));
        }
        return ports;
    }

    static Set<String> allowedEnv() {
        Set<String> allowed = new TreeSet<>(OTHER_ALLOWED_ENV);
        for (ConfigKey k : TimelinesConfig.KEYS) {
            if (!k.env().equals("-") && !k.env().contains("<")) {
                allowed.add(k.env());
            }
        }
        allowed.add("TIMELINES_TOKEN");
        for (String source : Sources.normalizers("prod").sources()) {
            String suffix = source.toUpperCase(Locale.ROOT).replace('-', '_');
            allowed.add("TIMELINES_TOKEN_" + suffix);
            allowed.add("TIMELINES_SIGNING_SECRET_" + suffix);
        }
        return allowed;
    }

    @Test
    void theThreeComponentsRunTheirCommands() throws IOException {
        JsonNode services = services();
        COMPONENTS.forEach((service, cmd) -> {
            assertThat(services.has(service)).as("service %s", service).isTrue();
            assertThat(command(services.get(service))).as("command of %s", service).containsExactly(cmd);
        });
        timelinesServices().forEach((name, s) -> {
            assertThat(command(s)).as("command of %s", name).isNotEmpty();
            assertThat(COMMANDS).as("command of %s", name).contains(command(s).get(0));
        });
    }

    @Test
    void componentsAreConfiguredOnlyThroughKnownEnvironmentVariables() throws IOException {
        Set<String> allowed = allowedEnv();
        Map<String, JsonNode> timelines = timelinesServices();
        assertThat(timelines).containsKeys("ingest", "streams", "sink");
        timelines.forEach((name, s) -> {
            Map<String, String> env = environment(s);
            for (String var : env.keySet()) {
                if (var.startsWith("KAFKA_CLIENT_")) {
                    assertThat(var).as("%s on %s: KAFKA_CLIENT_<PROPERTY>", var, name).matches("KAFKA_CLIENT_[A-Z0-9_]+");
                    continue;
                }
                assertThat(allowed).as("%s on %s is not a key of TimelinesConfig.KEYS (nor a token, signing secret "
                        + "or logging variable)", var, name).contains(var);
            }
            if (!command(s).isEmpty() && COMPONENTS.containsKey(command(s).get(0))) {
                assertThat(env).as("%s names its Kafka", name).containsKey("KAFKA_BOOTSTRAP_SERVERS");
            }
            // The values are valid too: the app would start with them (a bad port or URL fails here).
            TimelinesConfig c = config(s);
            assertThat(c.kafka().bootstrapServers()).as("bootstrap servers of %s", name).isNotBlank();
        });
    }

    @Test
    void ingestRefusesToStartWithoutTokenSoComposeRequiresOne() throws IOException {
        String token = environment(services().get("ingest")).get("TIMELINES_TOKEN");
        assertThat(token).as("TIMELINES_TOKEN on ingest").isNotNull();
        assertThat(token).as("a required variable, ${TIMELINES_TOKEN:?...}, not a default").matches(
                "\\$\\{TIMELINES_TOKEN:?\\?[^}]*}");
        assertThat(interpolated(environment(services().get("ingest")).getOrDefault("TIMELINES_INGEST_NO_AUTH", "")))
                .as("compose must not switch authentication off").isNotEqualToIgnoringCase("true");
    }

    @Test
    void portsLineUpWithTheConfiguredPorts() throws IOException {
        JsonNode services = services();
        for (String component : COMPONENTS.keySet()) {
            JsonNode s = services.get(component);
            int port = configuredPort(component, config(s));
            Set<Integer> published = containerPorts(s, "ports");
            Set<Integer> exposed = containerPorts(s, "expose");
            Set<Integer> all = new TreeSet<>(published);
            all.addAll(exposed);
            assertThat(all).as("%s publishes or exposes only its configured port %d", component, port)
                    .containsExactly(port);
            String health = s.path("healthcheck").path("test").toString();
            assertThat(health).as("%s healthcheck", component).contains(":" + port + "/healthz");
        }
        assertThat(containerPorts(services.get("ingest"), "ports")).as("ingest receives webhooks: published")
                .containsExactly(configuredPort("ingest", config(services.get("ingest"))));
        // Every further timelines service (a second streams instance) matches its own config too.
        timelinesServices().forEach((name, s) -> {
            String cmd = command(s).get(0);
            if (COMPONENTS.containsKey(cmd)) {
                int port = configuredPort(cmd, config(s));
                Set<Integer> all = new TreeSet<>(containerPorts(s, "ports"));
                all.addAll(containerPorts(s, "expose"));
                assertThat(all).as("%s (%s) ports", name, cmd).allMatch(p -> p == port);
            }
        });
    }

    @Test
    void componentsStartAfterKafkaAndTheTopics() throws IOException {
        JsonNode services = services();
        JsonNode kafka = services.get("kafka");
        String advertised = environment(kafka).get("KAFKA_ADVERTISED_LISTENERS");
        assertThat(advertised).as("kafka's KAFKA_ADVERTISED_LISTENERS").isNotNull();
        assertThat(kafka.path("healthcheck").path("test").isMissingNode()).as("kafka has a healthcheck").isFalse();
        timelinesServices().forEach((name, s) -> {
            String bootstrap = interpolated(environment(s).getOrDefault("KAFKA_BOOTSTRAP_SERVERS", ""));
            for (String server : bootstrap.split(",")) {
                assertThat(advertised).as("%s's KAFKA_BOOTSTRAP_SERVERS %s is a listener kafka advertises", name,
                        server).contains("//" + server);
            }
            JsonNode deps = s.path("depends_on");
            assertThat(deps.has("kafka") || deps.has("topics")).as("%s depends on kafka or topics", name).isTrue();
            deps.fields().forEachRemaining(d -> assertThat(d.getValue().path("condition").asText())
                    .as("%s waits for %s", name, d.getKey())
                    .isIn("service_healthy", "service_completed_successfully"));
        });
    }

    @Test
    void kafkaImageIsTheClientVersionOfThePom() throws Exception {
        String image = services().path("kafka").path("image").asText();
        assertThat(image).as("kafka image").startsWith("apache/kafka:");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(root().resolve("pom.xml").toFile());
        NodeList props = doc.getDocumentElement().getElementsByTagName("kafka.version");
        assertThat(props.getLength()).as("kafka.version property in the parent pom").isEqualTo(1);
        String version = ((Element) props.item(0)).getTextContent().trim();
        assertThat(image).isEqualTo("apache/kafka:" + version);
    }

    @Test
    void prometheusScrapesEveryComponentOnItsConfiguredPort() throws IOException {
        JsonNode services = services();
        Path config = mountedFile(services.get("prometheus"), "/etc/prometheus/prometheus.yml")
                .orElseGet(() -> fail("prometheus mounts no /etc/prometheus/prometheus.yml"));
        JsonNode prometheus = YAML.readTree(config.toFile());
        Map<String, Set<Integer>> targets = new TreeMap<>();
        for (JsonNode job : prometheus.path("scrape_configs")) {
            String path = job.path("metrics_path").asText("/metrics");
            assertThat(path).as("metrics_path of %s", job.path("job_name").asText()).isEqualTo("/metrics");
            for (JsonNode sc : job.path("static_configs")) {
                for (JsonNode t : sc.path("targets")) {
                    String[] hostPort = t.asText().split(":");
                    targets.computeIfAbsent(hostPort[0], h -> new TreeSet<>()).add(Integer.parseInt(hostPort[1]));
                }
            }
            for (JsonNode dns : job.path("dns_sd_configs")) {
                for (JsonNode n : dns.path("names")) {
                    targets.computeIfAbsent(n.asText(), h -> new TreeSet<>()).add(dns.path("port").asInt());
                }
            }
        }
        // Who answers to each name on the compose network: a service, or a service's network alias.
        Map<String, String> hostToService = new TreeMap<>();
        timelinesServices().forEach((name, s) -> {
            hostToService.put(name, name);
            s.path("networks").fields().forEachRemaining(n -> n.getValue().path("aliases")
                    .forEach(a -> hostToService.putIfAbsent(a.asText(), name)));
        });
        for (String component : COMPONENTS.keySet()) {
            int port = configuredPort(component, config(services.get(component)));
            assertThat(targets).as("Prometheus scrapes %s", component).containsKey(component);
            assertThat(targets.get(component)).as("Prometheus scrapes %s on its port", component)
                    .containsExactly(port);
        }
        targets.forEach((host, ports) -> {
            assertThat(hostToService).as("scrape target %s is a compose service of the timelines image", host)
                    .containsKey(host);
            JsonNode s = services.get(hostToService.get(host));
            assertThat(ports).as("scrape port of %s", host)
                    .containsExactly(configuredPort(command(s).get(0), config(s)));
        });
    }

    @Test
    void grafanaDashboardQueriesOnlyDocumentedMetrics() throws IOException {
        JsonNode services = services();
        JsonNode grafana = services.get("grafana");
        Path provisioning = mountedFile(grafana, "/etc/grafana/provisioning")
                .orElseGet(() -> fail("grafana mounts no /etc/grafana/provisioning"));
        // The provider reads the directory the dashboards are mounted on, the datasource has the uid they use.
        JsonNode provider = YAML.readTree(provisioning.resolve("dashboards/incident-timelines.yml").toFile());
        String dashboardsIn = provider.path("providers").get(0).path("options").path("path").asText();
        Path dashboards = mountedFile(grafana, dashboardsIn)
                .orElseGet(() -> fail("grafana mounts nothing on the provider's path " + dashboardsIn));
        assertThat(dashboards).isEqualTo(root().resolve("deploy/grafana/dashboards"));
        JsonNode datasources = YAML.readTree(provisioning.resolve("datasources/prometheus.yml").toFile());
        String uid = datasources.path("datasources").get(0).path("uid").asText();
        assertThat(datasources.path("datasources").get(0).path("url").asText())
                .as("the datasource is the compose Prometheus").startsWith("http://prometheus:");

        JsonNode dashboard = JSON.readTree(dashboards.resolve("incident-timelines.json").toFile());
        List<String> queries = new ArrayList<>();
        collectQueries(dashboard.path("panels"), uid, queries);
        for (JsonNode v : dashboard.path("templating").path("list")) {
            JsonNode q = v.path("query");
            queries.add(q.isObject() ? q.path("query").asText() : q.asText());
        }
        Set<String> metrics = new TreeSet<>();
        Matcher m = Pattern.compile("\\btimelines_[a-z0-9_]+").matcher(String.join("\n", queries));
        while (m.find()) {
            metrics.add(m.group().replaceAll("_(bucket|count|sum)$", ""));
        }
        assertThat(metrics).as("the dashboard's subjects").contains("timelines_time_to_detect_seconds",
                "timelines_time_to_acknowledge_seconds", "timelines_time_to_record_seconds",
                "timelines_time_to_recover_seconds", "timelines_incidents_open", "timelines_unrecorded_outages_total",
                "timelines_ingest_deliveries_total", "timelines_records_dead_lettered_total");
        String section = ConfigKeysDocumentedTest.section(ConfigKeysDocumentedTest.readme(), "## Metrics");
        for (String metric : metrics) {
            assertThat(section).as("metric %s of the dashboard in the README's Metrics section", metric)
                    .contains(metric);
        }
        assertThat(String.join("\n", queries)).as("percentiles of the lag histograms")
                .contains("histogram_quantile(0.5, sum by (le, env, source)");
    }

    private static void collectQueries(JsonNode panels, String uid, List<String> out) {
        for (JsonNode p : panels) {
            if (p.has("datasource") && p.path("datasource").has("uid")) {
                assertThat(p.path("datasource").path("uid").asText()).as("datasource of panel %s",
                        p.path("title").asText()).isEqualTo(uid);
            }
            for (JsonNode t : p.path("targets")) {
                out.add(t.path("expr").asText());
            }
            collectQueries(p.path("panels"), uid, out);
        }
    }

    /** The host path of a service's bind mount on {@code target}. */
    static Optional<Path> mountedFile(JsonNode service, String target) {
        for (JsonNode v : service.path("volumes")) {
            String source;
            String into;
            if (v.isObject()) {
                source = v.path("source").asText();
                into = v.path("target").asText();
            } else {
                String[] parts = v.asText().split(":");
                if (parts.length < 2) {
                    continue;
                }
                source = parts[0];
                into = parts[1];
            }
            if (into.equals(target) && (source.startsWith(".") || source.startsWith("/"))) {
                Path p = root().resolve(source).normalize();
                assertThat(p).as("%s, mounted on %s", source, target).exists();
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Test
    void bindMountsExist() throws IOException {
        services().fields().forEachRemaining(f -> {
            for (JsonNode v : f.getValue().path("volumes")) {
                String source = v.isObject() ? v.path("source").asText() : v.asText().split(":")[0];
                if (source.startsWith(".")) {
                    assertThat(root().resolve(source).normalize()).as("bind mount %s of %s", source, f.getKey())
                            .exists();
                }
            }
        });
    }

    /** {@code docker compose config -q} or {@code docker-compose config -q}, when one of them is installed. */
    @Test
    void composeValidatesTheFileWhereItIsInstalled() throws Exception {
        List<String> tool = composeTool();
        Assumptions.assumeTrue(tool != null, "neither `docker compose` nor `docker-compose` is installed: the file is "
                + "only checked by parsing (Debian: apt-get install docker-compose)");
        List<String> cmd = new ArrayList<>(tool);
        cmd.addAll(List.of("-f", "docker-compose.yml", "config", "-q"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root().toFile()).redirectErrorStream(true);
        pb.environment().put("TIMELINES_TOKEN", "compose-file-test");
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not finish in 120 s: " + output);
        }
        assertThat(p.exitValue()).as(String.join(" ", cmd) + " says: " + output).isZero();

        // And without the token the file refuses to start, naming it (unless a .env file gives one).
        Assumptions.assumeFalse(Files.exists(root().resolve(".env")), "a .env file may set TIMELINES_TOKEN");
        ProcessBuilder without = new ProcessBuilder(cmd).directory(root().toFile()).redirectErrorStream(true);
        without.environment().remove("TIMELINES_TOKEN");
        Process q = without.start();
        q.getOutputStream().close();
        assertThat(q.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(q.exitValue()).as("compose config without TIMELINES_TOKEN").isNotZero();
        assertThat(new String(q.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).contains("TIMELINES_TOKEN");
    }

    private static List<String> composeTool() throws InterruptedException {
        String docker = onPath("docker");
        if (docker != null && exitsZero(List.of(docker, "compose", "version"))) {
            return List.of(docker, "compose");
        }
        String legacy = onPath("docker-compose");
        if (legacy != null && exitsZero(List.of(legacy, "version"))) {
            return List.of(legacy);
        }
        return null;
    }

    private static String onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private static boolean exitsZero(List<String> cmd) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void interpolationIsReadAsComposeReadsIt() {
        assertThat(interpolated("${A:-x}")).isEqualTo("x");
        assertThat(interpolated("${A:-}")).isEmpty();
        assertThat(interpolated("${A:?set A}")).isEqualTo("required-A");
        assertThat(interpolated("a$${B}c")).isEqualTo("a${B}c");
        assertThat(interpolated("plain")).isEqualTo("plain");
    }
}
