package timelines.ingest.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProbeSettingsLoaderTest {
    private static final Map<String, String> ENV = Map.of("ESR_AMQP_PASSWORD", "s3cret");

    private static final String VALID = """
            probes:
              - name: esr-api-health
                kind: http
                url: https://esr.example.org/health
                interval: PT15S
                timeout: PT3S
                expectStatus: "200-299"
                failuresBeforeFailing: 3
                service: esr-api
                env: prod
                alerting: true
              - name: esr-vhost
                kind: amqp
                uri: amqp://esr:${ESR_AMQP_PASSWORD}@mq.internal:5672/esr
                queue: esr.files
                service: esr
            """;

    private static List<ProbeSettings> parse(String yaml) {
        return ProbeSettingsLoader.parse(yaml, ENV::get);
    }

    @Test
    void loadsEveryKeyOfAValidFile(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("probes.yaml"), VALID);

        List<ProbeSettings> probes = ProbeSettingsLoader.load(file, ENV::get);

        assertThat(probes).containsExactly(
                new ProbeSettings("esr-api-health", Duration.ofSeconds(15), Duration.ofSeconds(3), 3, "esr-api", "prod",
                        true, new ProbeSettings.Http(URI.create("https://esr.example.org/health"),
                                new ProbeSettings.StatusRange(200, 299))),
                new ProbeSettings("esr-vhost", Duration.ofSeconds(30), Duration.ofSeconds(5), 2, "esr", null, false,
                        new ProbeSettings.Amqp(URI.create("amqp://esr:s3cret@mq.internal:5672/esr"), "esr.files")));
        assertThat(probes).extracting(ProbeSettings::kind).containsExactly("http", "amqp");
    }

    @Test
    void appliesTheDefaultsToAMinimalProbe() {
        ProbeSettings p = parse("""
                probes:
                  - {name: api, kind: http, url: "http://127.0.0.1:8080/health", service: api}
                """).get(0);

        assertThat(p.interval()).isEqualTo(ProbeSettings.DEFAULT_INTERVAL).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.timeout()).isEqualTo(ProbeSettings.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.failuresBeforeFailing()).isEqualTo(2);
        assertThat(p.alerting()).isFalse();
        assertThat(p.env()).isNull();
        assertThat(((ProbeSettings.Http) p.target()).expectStatus()).isEqualTo(new ProbeSettings.StatusRange(200, 399));
        assertThat(((ProbeSettings.Amqp) parse("""
                probes:
                  - {name: mq, kind: amqp, uri: "amqp://guest:guest@127.0.0.1:5672", service: mq}
                """).get(0).target()).queue()).isNull();
    }

    @Test
    void anEmptyFileOrAnEmptyListHasNoProbes() {
        assertThat(parse("")).isEmpty();
        assertThat(parse("probes: []")).isEmpty();
    }

    @Test
    void aSingleStatusIsARangeOfOne() {
        ProbeSettings.StatusRange only204 = ProbeSettings.StatusRange.parse("204");

        assertThat(only204.contains(204)).isTrue();
        assertThat(only204.contains(200)).isFalse();
        assertThat(only204).hasToString("204");
    }

    static Stream<Arguments> mistakes() {
        String http = "{name: api, kind: http, url: \"http://127.0.0.1/health\", service: api";
        String amqp = "{name: mq, kind: amqp, uri: \"amqp://127.0.0.1/esr\", service: mq";
        return Stream.of(
                Arguments.of("probes: [" + http + "}, {name: b, kind: http, service: b}]",
                        "probes[1].url is missing"),
                Arguments.of("probes: [{kind: http, url: \"http://x/\", service: s}]", "probes[0].name is missing"),
                Arguments.of("probes: [{name: a, url: \"http://x/\", service: s}]", "probes[0].kind is missing"),
                Arguments.of("probes: [{name: a, kind: tcp, service: s}]",
                        "probes[0].kind must be http or amqp; was 'tcp'"),
                Arguments.of("probes: [{name: a, kind: http, url: \"http://x/\"}]", "probes[0].service is missing"),
                Arguments.of("probes: [{name: a, kind: amqp, service: s}]", "probes[0].uri is missing"),
                Arguments.of("probes: [" + http + ", interval: 30s}]",
                        "probes[0].interval is not an ISO-8601 duration such as PT30S: '30s'"),
                Arguments.of("probes: [" + http + ", timeout: PT0S}]", "probes[0].timeout must be positive"),
                Arguments.of("probes: [" + http + ", failuresBeforeFailing: 0}]",
                        "probes[0].failuresBeforeFailing must be a whole number of at least 1"),
                Arguments.of("probes: [" + http + ", failuresBeforeFailing: two}]",
                        "probes[0].failuresBeforeFailing must be a whole number of at least 1"),
                Arguments.of("probes: [" + http + ", alerting: maybe}]", "probes[0].alerting must be true or false"),
                Arguments.of("probes: [" + http + ", expectStatus: \"2xx\"}]",
                        "probes[0].expectStatus: '2xx' is not a status or a range"),
                Arguments.of("probes: [" + http + ", expectStatus: \"399-200\"}]", "probes[0].expectStatus:"),
                Arguments.of("probes: [{name: a, kind: http, url: \"ftp://x/\", service: s}]",
                        "probes[0].url must start with http:// or https://"),
                Arguments.of("probes: [{name: a, kind: amqp, uri: \"http://x/\", service: s}]",
                        "probes[0].uri must start with amqp:// or amqps://"),
                Arguments.of("probes: [" + http + ", queue: esr.files}]", "probes[0].queue is not a key of an http probe"),
                Arguments.of("probes: [" + amqp + ", url: \"http://x/\"}]", "probes[0].url is not a key of an amqp probe"),
                Arguments.of("probes: [" + amqp + ", intervall: PT1M}]", "probes[0].intervall is not a key"),
                Arguments.of("probes: [" + http + "}, " + http + "}]",
                        "probes[1].name 'api' is already used by probes[0]"),
                Arguments.of("probes: [{name: mq, kind: amqp, uri: \"amqp://u:${NOPE}@h/esr\", service: mq}]",
                        "probes[0].uri refers to ${NOPE}, which is not set"),
                Arguments.of("probe: []", "unknown key 'probe' (expected probes)"),
                Arguments.of("probes: {name: a}", "probes must be a list"),
                Arguments.of("probes: [api]", "probes[0] must be a map"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("mistakes")
    void namesTheBadKey(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(ProbeSettingsLoader.InvalidProbeSettings.class)
                .hasMessageContaining(message);
    }

    @Test
    void neverEchoesAnAmqpUriThatMayHoldAPassword() {
        assertThatThrownBy(() -> parse("probes: [{name: mq, kind: amqp, uri: \"http://u:hunter2@h/\", service: mq}]"))
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void namesTheFileItCouldNotUse(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("probes.yaml"), "probes: [{name: a, kind: http, service: s}]");

        assertThatThrownBy(() -> ProbeSettingsLoader.load(file, ENV::get))
                .hasMessage("probe settings " + file + ": probes[0].url is missing");
        assertThatThrownBy(() -> ProbeSettingsLoader.load(dir.resolve("absent.yaml"), ENV::get))
                .hasMessageStartingWith("cannot read probe settings " + dir.resolve("absent.yaml"));
    }
}
