package timelines.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.generic.GenericSignalNormalizer;

/** {@code timelines mark change} against a stand-in ingest that records what it is sent. */
class MarkCommandTest {
    static final Instant NOW = Instant.parse("2016-09-05T09:27:31.700Z");

    HttpServer server;
    final List<String[]> requests = Collections.synchronizedList(new ArrayList<>());
    volatile int status = 202;
    volatile String answer = "{\"accepted\":1,\"ids\":[\"x\"]}";
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            requests.add(new String[] {exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    private int mark(String... args) {
        MarkCommand.Change cmd = new MarkCommand.Change();
        cmd.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        cmd.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        cmd.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cli = new CommandLine(cmd);
        cli.setErr(new java.io.PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void postsAChangeToTheSignalsEndpointThatIngestReadsAsACheckedChange() throws Exception {
        int code = mark("--url", url(), "--token", "t0k", "--service", "deployer-api", "--env", "prod",
                "--summary", "apt upgrade on deployer-api-1", "--label", "host=deployer-api-1");

        assertThat(code).isZero();
        assertThat(requests).singleElement().satisfies(r -> {
            assertThat(r[0]).isEqualTo("/v1/signals");
            assertThat(r[1]).isEqualTo("Bearer t0k");
            assertThat(r[2]).isEqualTo("application/json");
        });
        JsonNode body = Json.mapper().readTree(requests.get(0)[3]);
        assertThat(body.get("observedAt").asText()).as("now, to the second").isEqualTo("2016-09-05T09:27:31Z");

        Signal s = new GenericSignalNormalizer("default-env").normalize(new RawDelivery(NOW.plusSeconds(1), "signals",
                Map.of(), body, null)).signals().get(0);
        assertThat(s.type()).isEqualTo(SignalType.CHANGE);
        assertThat(s.service()).isEqualTo("deployer-api");
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.summary()).isEqualTo("apt upgrade on deployer-api-1");
        assertThat(s.observedAt()).isEqualTo(Instant.parse("2016-09-05T09:27:31Z"));
        assertThat(s.labels()).containsEntry("host", "deployer-api-1").containsEntry("via", "timelines mark change");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("deployer-api").contains("202");
    }

    @Test
    void takesTheTimeGivenAndLeavesTheEnvToIngestWhenNoneIsGiven() throws Exception {
        assertThat(mark("--url", url(), "-s", "billing", "-m", "config: pool size 20 -> 5",
                "--at", "2016-09-05T08:00:00Z")).isZero();

        JsonNode body = Json.mapper().readTree(requests.get(0)[3]);
        assertThat(body.get("observedAt").asText()).isEqualTo("2016-09-05T08:00:00Z");
        assertThat(body.has("env")).isFalse();
        assertThat(requests.get(0)[1]).as("no token, no header").isNull();
    }

    @Test
    void theSameCommandRetriedGivesTheSameSignalId() throws Exception {
        mark("--url", url(), "-s", "billing", "-m", "deploy 1.2.3");
        mark("--url", url(), "-s", "billing", "-m", "deploy 1.2.3");

        GenericSignalNormalizer generic = new GenericSignalNormalizer("prod");
        List<String> ids = requests.stream().map(r -> {
            try {
                return generic.normalize(new RawDelivery(NOW, "signals", Map.of(), Json.mapper().readTree(r[3]), null))
                        .signals().get(0).id();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).toList();
        assertThat(ids).hasSize(2);
        assertThat(ids.get(1)).as("the same time to the second, the same id").isEqualTo(ids.get(0));
    }

    @Test
    void exitsOneWithIngestsReasonWhenRefused() {
        status = 401;
        answer = "{\"error\":\"missing token\"}";

        assertThat(mark("--url", url(), "-s", "billing", "-m", "deploy")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("401").contains("missing token");
    }

    @Test
    void exitsOneWhenIngestCannotBeReached() {
        server.stop(0);

        assertThat(mark("--url", url(), "-s", "billing", "-m", "deploy")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not be reached");
    }

    @Test
    void isASubcommandOfTimelines() {
        assertThat(new CommandLine(new Main()).getSubcommands()).containsKey("mark");
        assertThat(new CommandLine(new Main()).getSubcommands().get("mark").getSubcommands()).containsKey("change");
    }
}
