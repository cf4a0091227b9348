package timelines.app.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import timelines.streams.CorrelationConfig;
import timelines.streams.CorrelationSettings;

/**
 * The whole configuration of a process, read once: the defaults of {@link #KEYS}, the YAML file
 * over them, the environment over the file, the command line over everything (CLI > env > file >
 * default), then one typed, immutable settings record per component. Every failure names the key
 * and where its value came from. Kafka client settings for real clusters ({@code
 * security.protocol}, SASL, TLS) pass through {@code kafka.client.*} (env {@code
 * KAFKA_CLIENT_SECURITY_PROTOCOL} and so on) to every producer, consumer, admin and Streams client.
 *
 * <p>Adding a key: one {@link ConfigKey} line in {@link #KEYS}, one read in its component's
 * {@code read}, one check in {@code ConfigRunIT} (which fails for a key it does not check).
 *
 * @param catalog the service catalog file (ingest and streams read it), or null
 * @param given the keys set by the file, the environment or the command line rather than defaulted
 */
public record TimelinesConfig(
        KafkaSettings kafka,
        EmbeddedSettings embedded,
        IngestSettings ingest,
        StreamsSettings streams,
        SinkSettings sink,
        OpsSettings ops,
        Path catalog,
        Set<String> given) {

    public static final List<ConfigKey> KEYS = List.of(
            new ConfigKey("kafka.bootstrapServers", "KAFKA_BOOTSTRAP_SERVERS", null,
                    "Kafka to use; without it `run` starts an embedded broker (the components need one)"),
            new ConfigKey("kafka.partitions", "TIMELINES_KAFKA_PARTITIONS", "3",
                    "partitions of each topic this process creates"),
            new ConfigKey("kafka.client.<property>", "KAFKA_CLIENT_<PROPERTY>", null,
                    "any Kafka client property for every client, e.g. `security.protocol`, `sasl.mechanism`, "
                            + "`sasl.jaas.config`, `ssl.truststore.location` (env: dots become underscores)"),
            new ConfigKey("embedded.dataDir", "TIMELINES_EMBEDDED_DATA_DIR", "data",
                    "where the embedded broker keeps its log (`<dir>/kafka`), and the topology its state unless "
                            + "`streams.stateDir` is given"),
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
            new ConfigKey("ingest.publicUrl", "TIMELINES_PUBLIC_URL", null,
                    "how vendors reach ingest (`https://timelines.example.com`), for the URLs `GET /sources` shows "
                            + "(default: the scheme and Host the page was asked on)"),
            new ConfigKey("ingest.slack.signingSecret", "TIMELINES_SLACK_SIGNING_SECRET", null,
                    "the Slack app's signing secret: every `/v1/webhooks/slack` delivery's `X-Slack-Signature` is "
                            + "checked with it (also read from TIMELINES_SIGNING_SECRET_SLACK)"),
            new ConfigKey("ingest.slack.channels", "TIMELINES_SLACK_CHANNELS", null,
                    "ids of the Slack channels whose messages are reports (`C0123ABC,C0456DEF`, or a YAML list); "
                            + "without any, every Slack message is ignored"),
            new ConfigKey("ingest.noAuth", "TIMELINES_INGEST_NO_AUTH", "false",
                    "accept deliveries without a token (local demos only); tokens: TIMELINES_TOKEN, "
                            + "TIMELINES_TOKEN_<SOURCE>, TIMELINES_SIGNING_SECRET_<SOURCE>"),
            new ConfigKey("streams.applicationId", "TIMELINES_STREAMS_APPLICATION_ID", "timelines",
                    "Kafka Streams application id: instances with the same id share the work"),
            new ConfigKey("streams.stateDir", "TIMELINES_STREAMS_STATE_DIR", null,
                    "local state (RocksDB), restored from the changelogs when lost; default `<embedded.dataDir>/streams`"),
            new ConfigKey("ops.host", "TIMELINES_OPS_HOST", "0.0.0.0", "address of the streams and sink ops ports"),
            new ConfigKey("streams.port", "TIMELINES_STREAMS_PORT", "8081",
                    "`timelines streams`: /healthz, /readyz, /metrics (`run`: only when given)"),
            new ConfigKey("sink.out", "TIMELINES_SINK_OUT", "drafts", "where drafts are written"),
            new ConfigKey("sink.port", "TIMELINES_SINK_PORT", "8082",
                    "`timelines sink`: the timeline pages, /healthz, /readyz, /metrics (`run`: only when given)"),
            new ConfigKey("sink.slackWebhook", "TIMELINES_SLACK_WEBHOOK", null,
                    "Slack-compatible incoming webhook for unrecorded-outage alerts"),
            new ConfigKey("sink.alertmanager", "TIMELINES_ALERTMANAGER_URL", null,
                    "Alertmanager base URL; alerts go to <url>/api/v2/alerts"),
            new ConfigKey("sink.draftLinkBase", "TIMELINES_DRAFT_LINK_BASE", null,
                    "how alerts point at a draft: URL or path, {id} replaced by the incident id (`run`: its own page)"),
            new ConfigKey("sink.alertSeverity", "TIMELINES_ALERT_SEVERITY", "critical",
                    "the `severity` label of the alerts sent to Alertmanager (UnrecordedOutage, MonitoringSilent), "
                            + "for routes that match on it"),
            new ConfigKey("catalog", "TIMELINES_CATALOG", null, "the service catalog (YAML), reloaded on change"),
            new ConfigKey("defaultEnv", "TIMELINES_DEFAULT_ENV", null,
                    "env of signals whose payload names none (default: the catalog's, else prod)"),
            new ConfigKey("metrics.kafkaClients", "TIMELINES_METRICS_KAFKA_CLIENTS", "false",
                    "also export Kafka's own client metrics (kafka_*) on /metrics"),
            new ConfigKey("correlation.<setting>", "-", null,
                    "gap, quiet, lookback, recordGrace, minDuration, excludedEnvs, maxEntries, amendHorizon, "
                            + "impactSeverities, errorBurst, heartbeats, heartbeatTimeout (see \"What the markers mean\")"));

    static final String DEFAULT = "default";
    private static final String CLIENT = "kafka.client.";
    private static final String CORRELATION = "correlation.";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public TimelinesConfig {
        given = Set.copyOf(given);
    }

    /** The defaults, the file (if any) over them, the environment over both. */
    public static TimelinesConfig load(Path file, Map<String, String> env) {
        return load(file, env, Map.of());
    }

    /**
     * The defaults, the file (if any) over them, the environment over both, the command line over
     * all. {@code commandLine} maps a key ({@code ingest.port}, {@code correlation.gap}) to the text
     * given for it.
     */
    public static TimelinesConfig load(Path file, Map<String, String> env, Map<String, String> commandLine) {
        Map<String, Values.Value> values = new TreeMap<>();
        for (ConfigKey k : KEYS) {
            if (k.defaultValue() != null) {
                values.put(k.path(), new Values.Value(k.defaultValue(), DEFAULT));
            }
        }
        ObjectNode correlation = JsonNodeFactory.instance.objectNode();
        if (file != null) {
            String where = "config " + file;
            JsonNode root;
            try {
                root = YAML.readTree(Files.readString(file));
            } catch (IOException e) {
                throw new InvalidConfig("cannot read config " + file + ": " + e.getMessage());
            }
            if (root != null && !root.isNull() && !root.isMissingNode()) {
                if (!root.isObject()) {
                    throw new InvalidConfig(where + ": must be a map of keys");
                }
                Map<String, String> flat = new TreeMap<>();
                flatten("", root, flat);
                flat.forEach((key, text) -> {
                    if (!known(key)) {
                        throw new InvalidConfig(where + ": unknown key '" + key + "' (see the README's Configuration keys)");
                    }
                    values.put(key, new Values.Value(text, where));
                });
                JsonNode c = root.get("correlation");
                if (c != null && !c.isNull()) {
                    if (!c.isObject()) {
                        throw new InvalidConfig(where + ": 'correlation' must be a map");
                    }
                    correlation.setAll((ObjectNode) c);
                }
            }
        }
        for (ConfigKey k : KEYS) {
            String v = env.get(k.env());
            if (!k.env().equals("-") && !k.path().contains("<") && v != null && !v.isBlank()) {
                values.put(k.path(), new Values.Value(v, k.env()));
            }
        }
        env.forEach((k, v) -> {
            if (k.startsWith("KAFKA_CLIENT_") && !v.isBlank()) {
                String property = k.substring("KAFKA_CLIENT_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                values.put(CLIENT + property, new Values.Value(v, k));
            }
        });
        commandLine.forEach((key, text) -> {
            if (key.startsWith(CORRELATION)) {
                correlation.put(key.substring(CORRELATION.length()), text);
            } else if (known(key)) {
                values.put(key, new Values.Value(text, "the command line"));
            } else {
                throw new IllegalArgumentException("not a config key: " + key);
            }
        });
        Map<String, String> client = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(CLIENT)) {
                client.put(k.substring(CLIENT.length()), v.text());
            }
        });
        Values v = new Values(values);
        Set<String> given = new TreeSet<>();
        values.keySet().stream().filter(v::given).forEach(given::add);
        CorrelationSettings tunables;
        try {
            tunables = CorrelationConfig.parse(correlation);
        } catch (IllegalArgumentException e) {
            String from = commandLine.keySet().stream().anyMatch(k -> k.startsWith(CORRELATION))
                    ? "the config file or the command line" : file == null ? "defaults" : "config " + file;
            throw new InvalidConfig(e.getMessage() + " (set in " + from + ")");
        }
        if (!correlation.isEmpty()) {
            given.add("correlation.<setting>");
        }
        return new TimelinesConfig(KafkaSettings.read(v, client), EmbeddedSettings.read(v), IngestSettings.read(v),
                StreamsSettings.read(v, tunables), SinkSettings.read(v), OpsSettings.read(v), v.path("catalog"), given);
    }

    /** The same with these correlation tunables (a program that builds them itself). */
    public TimelinesConfig withCorrelation(CorrelationSettings correlation) {
        return new TimelinesConfig(kafka, embedded, ingest, streams.withCorrelation(correlation), sink, ops, catalog,
                given);
    }

    /** Whether this setting was given (file, environment or command line) rather than defaulted. */
    public boolean isGiven(String key) {
        return given.contains(key);
    }

    private static boolean known(String key) {
        return key.startsWith(CLIENT) && key.length() > CLIENT.length()
                || KEYS.stream().anyMatch(k -> k.path().equals(key) && !key.contains("<"));
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

    /** Every key with its value, secrets masked, for a start-up log line. */
    public Map<String, String> describe() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("kafka.bootstrapServers", kafka.bootstrapServers() == null ? "embedded" : kafka.bootstrapServers());
        d.put("kafka.client", String.valueOf(kafka.client().keySet()));
        d.put("ingest", ingest.host() + ":" + ingest.port());
        d.put("streams.applicationId", streams.applicationId());
        d.put("streams.stateDir", String.valueOf(streams.stateDir()));
        d.put("sink.out", String.valueOf(sink.out()));
        d.put("sink.slackWebhook", sink.slackWebhook() == null ? "none" : "set");
        d.put("sink.alertmanager", String.valueOf(sink.alertmanager()));
        d.put("catalog", String.valueOf(catalog));
        d.put("ingest.publicUrl", String.valueOf(ingest.publicUrl()));
        d.put("ingest.slack.signingSecret", ingest.slackSigningSecret() == null ? "none" : "set");
        d.put("ingest.slack.channels", String.valueOf(new java.util.TreeSet<>(ingest.slackChannels())));
        return d;
    }
}
