package timelines.ingest.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class AmqpNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2023-03-06T13:00:00Z");
    private static final String AMAZON_MQ = "b-4f2c8a1e-9d3b-4c7e-a1f0-5b6c7d8e9f01.mq.eu-west-2.amazonaws.com";

    private final AmqpNormalizer normalizer = new AmqpNormalizer("prod");

    private static String fixture(String name) {
        return Fixtures.text("amqp/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, AmqpNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization normalize(String fixture) {
        return normalize(TextNode.valueOf(fixture(fixture)), RECEIVED);
    }

    private static void assertError(Signal s, String service, String check, Instant observedAt) {
        assertThat(s.source()).isEqualTo("amqp");
        assertThat(s.type()).isEqualTo(SignalType.ERROR);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).isEqualTo(service);
        assertThat(s.check()).isEqualTo(check);
        assertThat(s.observedAt()).isEqualTo(observedAt);
        assertThat(s.receivedAt()).isEqualTo(RECEIVED);
        assertThat(s.alerting()).as("a log line notifies nobody").isFalse();
    }

    @Test
    void takesTextBodies() {
        assertThat(normalizer.acceptsText()).isTrue();
    }

    @Test
    void joinsTheTwoLinesOfARabbitMq39ChannelErrorIntoOneSignal() {
        Normalization n = normalize("rabbitmq-3.9-docker-precondition-failed.log");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertError(s, "amqp:10.0.2.2", "channel 406 PRECONDITION_FAILED",
                    Instant.parse("2022-07-22T09:42:14.389534Z"));
            assertThat(s.severity()).isEqualTo("error");
            assertThat(s.summary()).startsWith("Channel error on connection <0.589.0>")
                    .contains("operation queue.declare caused a channel exception precondition_failed");
            assertThat(s.labels()).containsEntry("origin", "broker").containsEntry("host", "10.0.2.2")
                    .containsEntry("vhost", "/").containsEntry("replyCode", "406")
                    .containsEntry("replyText", "PRECONDITION_FAILED");
        });
    }

    @Test
    void namesTheVhostOfABrokerChannelError() {
        Normalization n = normalize("rabbitmq-docs-access-refused.log");

        assertThat(n.signals()).singleElement().satisfies(s -> assertError(s, "amqp:127.0.0.1/gw1",
                "channel 403 ACCESS_REFUSED", Instant.parse("2019-03-25T12:30:05.209Z")));
    }

    @Test
    void readsEachVhostNotFoundAsAConnectionErrorAndSkipsInfoLines() {
        Normalization n = normalize("rabbitmq-3.8-vhost-not-found.log");

        assertThat(n.signals()).hasSize(2);
        assertError(n.signals().get(0), "amqp:10.128.78.87/analyzer", "connection 530 NOT_ALLOWED",
                Instant.parse("2023-02-12T10:05:58.290Z"));
        assertError(n.signals().get(1), "amqp:10.128.78.87/analyzer", "connection 530 NOT_ALLOWED",
                Instant.parse("2023-02-12T10:06:00.292Z"));
        assertThat(n.signals().get(0).id()).isNotEqualTo(n.signals().get(1).id());
    }

    @Test
    void readsThePre37ErrorReportFormat() {
        Normalization n = normalize("rabbitmq-3.6-error-report.log");

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertError(s, "amqp:x.x.x.23", "channel 404 NOT_FOUND", Instant.parse("2021-01-15T01:53:09Z"));
            assertThat(s.summary()).startsWith("Channel error on connection <0.4656.5484>");
        });
    }

    @Test
    void readsSpringAmqpsChannelShutdownWithTheHostFromTheConnectionThread() {
        Normalization n = normalize("spring-boot-channel-shutdown-406.log");

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertError(s, "amqp:127.0.0.1", "channel 406 PRECONDITION_FAILED",
                    Instant.parse("2019-06-21T11:50:32.727Z"));
            assertThat(s.labels()).containsEntry("origin", "client");
        });
    }

    @Test
    void readsAForcedConnectionCloseAndTheResetThatFollowsSkippingInfo() {
        Normalization n = normalize("spring-boot-connection-forced.log");

        assertThat(n.signals()).hasSize(2);
        assertError(n.signals().get(0), "amqp:127.0.0.1", "connection 320 CONNECTION_FORCED",
                Instant.parse("2018-10-04T13:30:33.923Z"));
        assertError(n.signals().get(1), "amqp:127.0.0.1", "connection reset", Instant.parse("2018-10-04T13:30:33.925Z"));
        assertThat(n.signals().get(1).severity()).as("an AMQP error, whatever level it was logged at")
                .isEqualTo("error");
        assertThat(n.signals().get(1).labels()).containsEntry("severity.raw", "warning");
    }

    @Test
    void readsConnectionRefusedAndSkipsTheSameErrorLoggedAtDebug() {
        Normalization n = normalize("spring-boot-connect-refused.log");

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertError(s, "amqp:unknown", "connection refused", Instant.parse("2016-03-14T14:21:41.802Z"));
            assertThat(s.labels()).containsEntry("exception", "AmqpConnectException");
        });
    }

    @Test
    void readsClientExceptionLinesWithoutATimeAtReceipt() {
        Normalization n = normalize("java-client-exceptions.txt");

        assertThat(n.signals()).hasSize(3);
        assertError(n.signals().get(0), "amqp:unknown", "channel 406 PRECONDITION_FAILED", RECEIVED);
        assertError(n.signals().get(1), "amqp:unknown", "connection 530 NOT_ALLOWED", RECEIVED);
        assertError(n.signals().get(2), "amqp:10.233.44.138", "connection reset", RECEIVED);
        assertThat(n.signals()).allSatisfy(s -> assertThat(s.labels()).containsEntry("timeFrom", "receipt"));
        assertThat(n.signals().get(1).labels()).containsEntry("exception", "ShutdownSignalException");
    }

    @Test
    void readsAnAmqpIoExceptionWithoutAReplyCodeByItsClass() {
        Normalization n = normalize("spring-amqp-ioexception.log");

        assertThat(n.signals()).singleElement().satisfies(s -> assertError(s, "amqp:unknown", "AmqpIOException", RECEIVED));
    }

    @Test
    void readsSeed002TheEsrVhostOutageWithTheBrokerAndVhostSpringLoggedAtStartup() {
        Normalization n = normalize("seed-002-esr-vhost.log");
        String service = "amqp:" + AMAZON_MQ + "/esr";

        assertThat(n.signals()).hasSize(4);
        assertError(n.signals().get(0), service, "channel 406 PRECONDITION_FAILED", Instant.parse("2023-03-06T07:26:00.123Z"));
        assertError(n.signals().get(1), service, "channel 406 PRECONDITION_FAILED", Instant.parse("2023-03-06T07:26:00.345Z"));
        assertError(n.signals().get(2), service, "channel 406 PRECONDITION_FAILED", Instant.parse("2023-03-06T07:26:01.002Z"));
        assertError(n.signals().get(3), service, "connection 530 NOT_ALLOWED", Instant.parse("2023-03-06T12:41:07.880Z"));
        assertThat(n.signals().get(3).summary())
                .isEqualTo("o.s.a.r.l.SimpleMessageListenerContainer - Failed to check/redeclare auto-delete queue(s). | "
                        + "Caused by: com.rabbitmq.client.ShutdownSignalException: connection error; protocol method: "
                        + "#method<connection.close>(reply-code=530, reply-text=NOT_ALLOWED - vhost not found, class-id=10, "
                        + "method-id=40)");
        assertThat(n.signals().get(3).labels()).containsEntry("exception", "AmqpIOException");
        assertThat(n.signals()).extracting(Signal::id).doesNotHaveDuplicates();
    }

    @Test
    void givesTheSameIdsWhenTheSameLogIsDeliveredAgain() {
        List<String> first = normalize(TextNode.valueOf(fixture("seed-002-esr-vhost.log")), RECEIVED).signals().stream()
                .map(Signal::id).toList();
        List<String> retry = normalize(TextNode.valueOf(fixture("seed-002-esr-vhost.log")), RECEIVED.plusSeconds(60))
                .signals().stream().map(Signal::id).toList();

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void readsAJsonArrayOfLinesLikeTheText() {
        String text = fixture("spring-boot-connection-forced.log");
        ArrayNode lines = Json.mapper().createArrayNode();
        text.lines().forEach(lines::add);

        assertThat(normalize(lines, RECEIVED).signals()).isEqualTo(normalize(TextNode.valueOf(text), RECEIVED).signals());
    }

    @Test
    void ignoresALogWithoutAmqpErrors() {
        Normalization n = normalize("not-amqp-errors.log");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).isEqualTo("no AMQP error lines");
    }

    @Test
    void ignoresAnEmptyLog() {
        assertThat(normalize(TextNode.valueOf(""), RECEIVED).ignoredReason()).isEqualTo("no AMQP error lines");
    }

    @Test
    void rejectsAnArrayItemThatIsNotALine() {
        ArrayNode lines = Json.mapper().createArrayNode().add("2019-06-21 11:50:32.727 ERROR 1 --- [main] x : y").add(42);

        Normalization n = normalize(lines, RECEIVED);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("item 1").contains("not a string");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"message\":\"Channel shutdown\"}", "42", "null"})
    void rejectsJsonThatIsNotLogText(String body) throws IOException {
        Normalization n = normalize(Json.mapper().readTree(body), RECEIVED);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("expected AMQP log text");
    }

    /** DESIGN 5a: an AMQP channel or connection error is an error, whatever level it was logged at. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"spring-boot-channel-shutdown-406.log", "rabbitmq-3.8-vhost-not-found.log",
            "spring-amqp-ioexception.log", "rabbitmq-3.6-error-report.log", "rabbitmq-3.9-docker-precondition-failed.log",
            "java-client-exceptions.txt", "rabbitmq-docs-access-refused.log", "seed-002-esr-vhost.log",
            "spring-boot-connection-forced.log", "spring-boot-connect-refused.log"})
    void everyAmqpErrorIsAnError(String fixture) {
        assertThat(normalize(fixture).signals()).isNotEmpty()
                .allSatisfy(s -> assertThat(s.severity()).isEqualTo("error"));
    }
}
