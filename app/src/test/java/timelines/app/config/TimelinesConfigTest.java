package timelines.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.streams.CorrelationSettings;

/** The layers (CLI > env > file > default) and the errors, which name the key and where it was set. */
class TimelinesConfigTest {
    @TempDir
    Path dir;

    private Path file(String yaml) throws Exception {
        return Files.writeString(dir.resolve("timelines.yaml"), yaml);
    }

    @Test
    void eachLayerWinsOverTheOnesBelowIt() throws Exception {
        Path f = file("""
                ingest: { port: 1111, tickInterval: PT1S, ackTimeout: PT3S }
                streams: { applicationId: from-file }
                """);
        Map<String, String> env = Map.of("TIMELINES_INGEST_PORT", "2222", "TIMELINES_INGEST_TICK_INTERVAL", "PT2S");
        Map<String, String> cli = Map.of("ingest.port", "3333");

        TimelinesConfig c = TimelinesConfig.load(f, env, cli);

        assertThat(c.ingest().port()).as("command line over env over file").isEqualTo(3333);
        assertThat(c.ingest().tickInterval()).as("env over file").isEqualTo(Duration.ofSeconds(2));
        assertThat(c.ingest().ackTimeout()).as("file over default").isEqualTo(Duration.ofSeconds(3));
        assertThat(c.streams().applicationId()).as("file").isEqualTo("from-file");
        assertThat(c.sink().out()).as("default").isEqualTo(Path.of("drafts"));
        assertThat(c.isGiven("ingest.port")).isTrue();
        assertThat(c.isGiven("sink.out")).isFalse();
    }

    @Test
    void withNothingGivenEveryDefaultComesFromTheKeyTable() {
        TimelinesConfig c = TimelinesConfig.load(null, Map.of());

        assertThat(c.kafka().bootstrapServers()).isNull();
        assertThat(c.kafka().partitions()).isEqualTo(3);
        assertThat(c.embedded()).isEqualTo(new EmbeddedSettings(Path.of("data"), 9092));
        assertThat(c.ingest()).isEqualTo(new IngestSettings("0.0.0.0", 8080, Duration.ofSeconds(5),
                Duration.ofSeconds(10), false, null, false, null, null, java.util.Set.of(), null));
        assertThat(c.streams()).isEqualTo(new StreamsSettings("timelines", Path.of("data", "streams"), 8081,
                CorrelationSettings.defaults()));
        assertThat(c.sink()).isEqualTo(new SinkSettings(Path.of("drafts"), 8082, null, null, null, "critical"));
        assertThat(c.ops().host()).isEqualTo("0.0.0.0");
        assertThat(c.catalog()).isNull();
        assertThat(c.given()).isEmpty();
    }

    @Test
    void theTopologyStateFollowsTheDataDirectoryUnlessGivenItsOwn() {
        assertThat(TimelinesConfig.load(null, Map.of("TIMELINES_EMBEDDED_DATA_DIR", "/var/lib/t")).streams().stateDir())
                .isEqualTo(Path.of("/var/lib/t/streams"));
        assertThat(TimelinesConfig.load(null, Map.of("TIMELINES_EMBEDDED_DATA_DIR", "/var/lib/t",
                "TIMELINES_STREAMS_STATE_DIR", "/fast/state")).streams().stateDir()).isEqualTo(Path.of("/fast/state"));
    }

    @Test
    void correlationTakesTheFileThenTheCommandLine() throws Exception {
        Path f = file("""
                correlation:
                  gap: PT20M
                  quiet: PT7M
                  excludedEnvs: [sandbox]
                """);

        CorrelationSettings s = TimelinesConfig.load(f, Map.of(), Map.of("correlation.quiet", "PT1M")).streams()
                .correlation();

        assertThat(s.gap()).isEqualTo(Duration.ofMinutes(20));
        assertThat(s.quiet()).as("command line over file").isEqualTo(Duration.ofMinutes(1));
        assertThat(s.excludedEnvs()).containsExactly("sandbox");
        assertThat(s.recordGrace()).as("default").isEqualTo(CorrelationSettings.defaults().recordGrace());
    }

    @Test
    void kafkaClientPropertiesComeFromTheFileAndTheEnvironment() throws Exception {
        Path f = file("""
                kafka:
                  client:
                    security.protocol: SASL_SSL
                    client.id: from-file
                """);

        TimelinesConfig c = TimelinesConfig.load(f, Map.of("KAFKA_CLIENT_CLIENT_ID", "from-env"));

        assertThat(c.kafka().client()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("client.id", "from-env");
    }

    @Test
    void aBlankEnvironmentVariableCountsAsUnset() throws Exception {
        Path f = file("ingest: { port: 1111 }\n");
        assertThat(TimelinesConfig.load(f, Map.of("TIMELINES_INGEST_PORT", " ")).ingest().port()).isEqualTo(1111);
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("ingest: { prot: 8080 }\n", Map.of(), Map.of(), "unknown key 'ingest.prot'"),
                Arguments.of("catalogue: c.yaml\n", Map.of(), Map.of(), "unknown key 'catalogue'"),
                Arguments.of("ingest: { port: eighty }\n", Map.of(), Map.of(),
                        "ingest.port must be a whole number from 0 to 65535, was 'eighty' (set in config "),
                Arguments.of("", Map.of("TIMELINES_INGEST_ACK_TIMEOUT", "10s"), Map.of(),
                        "ingest.ackTimeout must be a positive ISO-8601 duration (like PT5S), was '10s' (set in "
                                + "TIMELINES_INGEST_ACK_TIMEOUT)"),
                Arguments.of("", Map.of(), Map.of("ingest.noAuth", "yes"),
                        "ingest.noAuth must be true or false, was 'yes' (set in the command line)"),
                Arguments.of("kafka: { partitions: 0 }\n", Map.of(), Map.of(),
                        "kafka.partitions must be a whole number from 1 to 10000, was '0'"),
                Arguments.of("", Map.of("TIMELINES_SLACK_WEBHOOK", "hooks.slack.com/services/T0/B0/secret"), Map.of(),
                        "sink.slackWebhook must be an http(s) URL (set in TIMELINES_SLACK_WEBHOOK)"),
                Arguments.of("correlation: { gap: 15m }\n", Map.of(), Map.of(),
                        "correlation.gap is not an ISO-8601 duration"),
                Arguments.of("correlation: { colour: blue }\n", Map.of(), Map.of(),
                        "correlation.colour is not a setting"));
    }

    @ParameterizedTest
    @MethodSource("mistakes")
    void aMistakeNamesItsKeyAndWhereItWasSet(String yaml, Map<String, String> env, Map<String, String> cli,
            String message) throws Exception {
        Path f = file(yaml);
        assertThatThrownBy(() -> TimelinesConfig.load(f, env, cli)).isInstanceOf(InvalidConfig.class)
                .hasMessageContaining(message);
    }

    @Test
    void aSecretUrlIsNeverEchoedInTheError() {
        assertThatThrownBy(() -> TimelinesConfig.load(null, Map.of("TIMELINES_SLACK_WEBHOOK", "ftp://x/T0/B0/s3cret")))
                .isInstanceOf(InvalidConfig.class).message().doesNotContain("s3cret");
    }

    @Test
    void everyKeyOfTheTableIsReadableFromItsEnvironmentVariable() {
        // A key added to the table without a read in its component's record would still load; this
        // guards the other half: its variable is a real override, never silently ignored.
        for (ConfigKey k : TimelinesConfig.KEYS) {
            if (k.env().equals("-") || k.path().contains("<")) {
                continue;
            }
            assertThat(k.env()).as("env var of %s", k.path()).matches("[A-Z][A-Z0-9_]+");
            TimelinesConfig c = TimelinesConfig.load(null, Map.of(k.env(), sample(k)));
            assertThat(c.isGiven(k.path())).as("%s given through %s", k.path(), k.env()).isTrue();
        }
    }

    /** A valid value of the key's kind, judged from its default. */
    private static String sample(ConfigKey k) {
        String d = k.defaultValue();
        switch (k.path()) {
            case "ingest.publicUrl" -> {
                return "https://timelines.example.com";
            }
            case "ingest.slack.channels" -> {
                return "C0SUPPORT1";
            }
            default -> { }
        }
        if (d == null) {
            return k.path().startsWith("sink.") && !k.path().equals("sink.draftLinkBase") ? "http://localhost:1/x"
                    : "x";
        }
        if (d.equals("true") || d.equals("false")) {
            return String.valueOf(!Boolean.parseBoolean(d));
        }
        if (d.startsWith("P")) {
            return "PT42S";
        }
        if (d.matches("\\d+")) {
            return "7";
        }
        return d + "-other";
    }
}
