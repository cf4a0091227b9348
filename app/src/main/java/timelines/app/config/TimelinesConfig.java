package timelines.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import timelines.streams.CorrelationConfig;
import timelines.streams.CorrelationSettings;

/**
 * Everything a component reads from its configuration: one YAML file plus environment
 * overrides, defaults in {@link #KEYS}, validation that names the bad key. Kafka client settings
 * for real clusters ({@code security.protocol}, SASL, TLS) pass through {@code kafka.client.*} (env
 * {@code KAFKA_CLIENT_SECURITY_PROTOCOL} and so on) to every producer, consumer, admin and
 * Streams client.
 */
public record TimelinesConfig(
        String bootstrapServers,
        int partitions,
        Map<String, String> kafkaClient,
        Path dataDir,
        int embeddedPort,
        String ingestHost,
        int ingestPort,
        Duration tickInterval,
        Duration ackTimeout,
        boolean snsAutoConfirm,
        Path probes,
        boolean noAuth,
        String streamsApplicationId,
        Path streamsStateDir,
        String opsHost,
        int streamsPort,
        Path sinkOut,
        int sinkPort,
        URI slackWebhook,
        URI alertmanager,
        String draftLinkBase,
        Path catalog,
        String defaultEnv,
        CorrelationSettings correlation,
        boolean kafkaClientMetrics) {

    public static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("kafka.bootstrapServers", "KAFKA_BOOTSTRAP_SERVERS", null,
                    "Kafka to use; without it `run` starts an embedded broker (the components need one)"),
            new ConfigKey("kafka.partitions", "TIMELINES_KAFKA_PARTITIONS", "3",
                    "partitions of each topic this process creates"),
            new ConfigKey("kafka.client.<property>", "KAFKA_CLIENT_<PROPERTY>", null,
                    "any Kafka client property for every client, e.g. `security.protocol`, `sasl.mechanism`, "
                            + "`sasl.jaas.config`, `ssl.truststore.location` (env: dots become underscores)"),
            new ConfigKey("embedded.dataDir", "TIMELINES_EMBEDDED_DATA_DIR", "data",
                    "where the embedded broker and the topology keep their state (`run` only)"),
            new ConfigKey("embedded.port", "TIMELINES_EMBEDDED_PORT", "9092",
                    "embedded broker's client port; the controller takes the next one"),
            new ConfigKey("ingest.host", "TIMELINES_INGEST_HOST", "0.0.0.0", "address ingest listens on"),
            new ConfigKey("ingest.port", "TIMELINES_INGEST_PORT", "8080",
                    "ingest HTTP port (also /healthz, /readyz, /metrics; for `run`, everything)"),
            new ConfigKey("ingest.tickInterval", "TIMELINES_INGEST_TICK_INTERVAL", "PT5S",
                    "how often stream time is moved forward while signals are quiet"),
            new ConfigKey("ingest.ackTimeout", "TIMELINES_INGEST_ACK_TIMEOUT", "PT10S",
                    "how long a delivery waits for Kafka before a 503"),
            new ConfigKey("ingest.snsAutoConfirm", "TIMELINES_INGEST_SNS_AUTO_CONFIRM", "false",
                    "confirm SNS subscriptions by fetching their SubscribeURL"),
            new ConfigKey("ingest.probes", "TIMELINES_INGEST_PROBES", null, "active probes file (YAML)"),
            new ConfigKey("ingest.noAuth", "TIMELINES_INGEST_NO_AUTH", "false",
                    "accept deliveries without a token (local demos only); tokens: TIMELINES_TOKEN, "
                            + "TIMELINES_TOKEN_<SOURCE>, TIMELINES_SIGNING_SECRET_<SOURCE>"),
            new ConfigKey("streams.applicationId", "TIMELINES_STREAMS_APPLICATION_ID", "timelines",
                    "Kafka Streams application id: instances with the same id share the work"),
            new ConfigKey("streams.stateDir", "TIMELINES_STREAMS_STATE_DIR", "data/streams",
                    "local state (RocksDB); restored from the changelogs when lost"),
            new ConfigKey("ops.host", "TIMELINES_OPS_HOST", "0.0.0.0", "address of the streams and sink ops ports"),
            new ConfigKey("streams.port", "TIMELINES_STREAMS_PORT", "8081",
                    "`timelines streams`: /healthz, /readyz, /metrics"),
            new ConfigKey("sink.out", "TIMELINES_SINK_OUT", "drafts", "where drafts are written"),
            new ConfigKey("sink.port", "TIMELINES_SINK_PORT", "8082",
                    "`timelines sink`: the timeline pages, /healthz, /readyz, /metrics"),
            new ConfigKey("sink.slackWebhook", "TIMELINES_SLACK_WEBHOOK", null,
                    "Slack-compatible incoming webhook for unrecorded-outage alerts"),
            new ConfigKey("sink.alertmanager", "TIMELINES_ALERTMANAGER_URL", null,
                    "Alertmanager base URL; alerts go to <url>/api/v2/alerts"),
            new ConfigKey("sink.draftLinkBase", "TIMELINES_DRAFT_LINK_BASE", null,
                    "how alerts point at a draft: URL or path, {id} replaced by the incident id"),
            new ConfigKey("catalog", "TIMELINES_CATALOG", null, "the service catalog (YAML), reloaded on change"),
            new ConfigKey("defaultEnv", "TIMELINES_DEFAULT_ENV", null,
                    "env of signals whose payload names none (default: the catalog's, else prod)"),
            new ConfigKey("metrics.kafkaClients", "TIMELINES_METRICS_KAFKA_CLIENTS", "false",
                    "also export Kafka's own client metrics (kafka_*) on /metrics"),
            new ConfigKey("correlation.<setting>", "-", null,
                    "gap, quiet, lookback, recordGrace, minDuration, excludedEnvs, maxEntries, amendHorizon, "
                            + "impactSeverities, errorBurst, heartbeats, heartbeatTimeout (see \"What the markers mean\")"));

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** A configuration that cannot be used; the message names the key. */
    public static final class InvalidConfig extends RuntimeException {
        public InvalidConfig(String message) {
            super(message);
        }
    }

    /** The defaults, the file (if any) over them, the environment over both. */
    public static TimelinesConfig load(Path file, Map<String, String> env) {
        Map<String, String> values = new TreeMap<>();
        CorrelationSettings correlation = CorrelationSettings.defaults();
        String where = file == null ? "the environment" : "config " + file;
        if (file != null) {
            JsonNode root;
            try {
                root = YAML.readTree(Files.readString(file));
            } catch (IOException e) {
                throw new InvalidConfig("cannot read config " + file + ": " + e.getMessage());
            }
            if (root != null && !root.isNull()) {
                flatten("", root, values);
                try {
                    correlation = CorrelationConfig.read(file);
                } catch (CorrelationConfig.InvalidConfig e) {
                    throw new InvalidConfig(e.getMessage());
                }
            }
        }
        for (String key : values.keySet()) {
            if (!key.startsWith("kafka.client.") && KEYS.stream()
                    .noneMatch(k -> k.path().equals(key))) {
                throw new InvalidConfig(where + ": unknown key '" + key + "'");
            }
        }
        for (ConfigKey k : KEYS) {
            if (!k.env().startsWith("KAFKA_CLIENT") && !k.env().equals("-") && env.get(k.env()) != null
                    && !env.get(k.env()).isBlank()) {
                values.put(k.path(), env.get(k.env()));
            }
        }
        Map<String, String> client = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith("kafka.client.")) {
                client.put(k.substring("kafka.client.".length()), v);
            }
        });
        env.forEach((k, v) -> {
            if (k.startsWith("KAFKA_CLIENT_") && !v.isBlank()) {
                client.put(k.substring("KAFKA_CLIENT_".length()).toLowerCase(Locale.ROOT).replace('_', '.'), v);
            }
        });
        Reader r = new Reader(values, where);
        return new TimelinesConfig(
                r.text("kafka.bootstrapServers"), r.port("kafka.partitions", 1, 10_000), Map.copyOf(client),
                r.path("embedded.dataDir"), r.port("embedded.port", 0, 65534),
                r.text("ingest.host"), r.port("ingest.port", 0, 65535), r.duration("ingest.tickInterval"),
                r.duration("ingest.ackTimeout"), r.bool("ingest.snsAutoConfirm"), r.path("ingest.probes"),
                r.bool("ingest.noAuth"), r.text("streams.applicationId"), r.path("streams.stateDir"),
                r.text("ops.host"), r.port("streams.port", 0, 65535), r.path("sink.out"), r.port("sink.port", 0, 65535),
                r.uri("sink.slackWebhook"), r.uri("sink.alertmanager"), r.text("sink.draftLinkBase"), r.path("catalog"),
                r.text("defaultEnv"), correlation, r.bool("metrics.kafkaClients"));
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(f -> {
                String key = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
                if (key.equals("correlation")) {
                    return; // read by CorrelationConfig, which names its own keys
                }
                flatten(key, f.getValue(), out);
            });
        } else if (!node.isNull()) {
            out.put(prefix, node.isArray() ? node.toString() : node.asText());
        }
    }

    /** Typed reads with the defaults of {@link #KEYS}; each failure names its key. */
    private record Reader(Map<String, String> values, String where) {
        String text(String key) {
            String v = values.get(key);
            if (v == null) {
                v = KEYS.stream().filter(k -> k.path().equals(key)).findFirst().map(ConfigKey::defaultValue).orElse(null);
            }
            return v == null || v.isBlank() ? null : v;
        }

        Path path(String key) {
            String v = text(key);
            return v == null ? null : Path.of(v);
        }

        int port(String key, int min, int max) {
            String v = text(key);
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw new NumberFormatException();
                }
                return n;
            } catch (NumberFormatException e) {
                throw new InvalidConfig(where + ": " + key + " must be a whole number from " + min + " to " + max
                        + ", was '" + v + "'");
            }
        }

        boolean bool(String key) {
            String v = text(key);
            if (!"true".equalsIgnoreCase(v) && !"false".equalsIgnoreCase(v)) {
                throw new InvalidConfig(where + ": " + key + " must be true or false, was '" + v + "'");
            }
            return Boolean.parseBoolean(v);
        }

        Duration duration(String key) {
            String v = text(key);
            try {
                Duration d = Duration.parse(v);
                if (d.isNegative() || d.isZero()) {
                    throw new DateTimeParseException("not positive", v, 0);
                }
                return d;
            } catch (DateTimeParseException | NullPointerException e) {
                throw new InvalidConfig(where + ": " + key + " must be a positive ISO-8601 duration (like PT5S), was '"
                        + v + "'");
            }
        }

        URI uri(String key) {
            String v = text(key);
            if (v == null) {
                return null;
            }
            try {
                URI u = URI.create(v);
                if (u.getScheme() == null || !u.getScheme().startsWith("http")) {
                    throw new IllegalArgumentException();
                }
                return u;
            } catch (IllegalArgumentException e) {
                // Never echo the value: a webhook URL is a secret.
                throw new InvalidConfig(where + ": " + key + " must be an http(s) URL");
            }
        }
    }

    /** Every key with its value, secrets masked, for a start-up log line. */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("kafka.bootstrapServers", String.valueOf(bootstrapServers));
        d.put("kafka.client", String.valueOf(kafkaClient.keySet()));
        d.put("ingest", ingestHost + ":" + ingestPort);
        d.put("streams.applicationId", streamsApplicationId);
        d.put("sink.out", String.valueOf(sinkOut));
        d.put("sink.slackWebhook", slackWebhook == null ? "none" : "set");
        d.put("sink.alertmanager", String.valueOf(alertmanager));
        return d;
    }
}
