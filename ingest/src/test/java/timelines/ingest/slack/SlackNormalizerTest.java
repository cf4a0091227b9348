package timelines.ingest.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;
import timelines.ingest.Fixtures;
import timelines.ingest.catalog.CatalogRules;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Outcome;
import timelines.ingest.delivery.VendorAnswer;

class SlackNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2012-12-14T20:38:45Z");
    private static final Set<String> SUPPORT = Set.of("C123ABC456");

    private final SlackNormalizer normalizer = new SlackNormalizer("prod", SUPPORT);

    private static JsonNode fixture(String name) {
        return Fixtures.json("slack/" + name);
    }

    private static RawDelivery delivery(JsonNode body, Map<String, String> headers) {
        return new RawDelivery(RECEIVED, SlackNormalizer.SOURCE, headers, body, null);
    }

    private Normalization normalize(JsonNode body) {
        return normalizer.normalize(delivery(body, Map.of()));
    }

    private static ObjectNode edited(String fixture, Consumer<ObjectNode> change) {
        ObjectNode body = (ObjectNode) fixture(fixture).deepCopy();
        change.accept(body);
        return body;
    }

    private static ObjectNode event(ObjectNode body) {
        return (ObjectNode) body.get("event");
    }

    @Test
    void aPersonsMessageInASupportChannelIsAReportAtItsTs() {
        Normalization n = normalize(fixture("message-channels.json"));

        assertThat(n.rejectedReason()).isNull();
        assertThat(n.ignoredReason()).isNull();
        assertThat(n.signals()).hasSize(1);
        Signal s = n.signals().get(0);
        assertThat(s.source()).isEqualTo("slack");
        assertThat(s.type()).isEqualTo(SignalType.REPORT);
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.service()).as("until a catalog rule names it").isEqualTo("slack:C123ABC456");
        assertThat(s.check()).isEqualTo("C123ABC456");
        assertThat(s.observedAt()).as("the message's ts, to the microsecond")
                .isEqualTo(Instant.parse("2012-12-14T20:38:43.000005Z"));
        assertThat(s.receivedAt()).isEqualTo(RECEIVED);
        assertThat(s.summary()).isEqualTo("Live long and prospect.");
        assertThat(s.severity()).isNull();
        assertThat(s.impact()).as("the topology derives it: a REPORT is always impact").isNull();
        assertThat(s.labels()).containsEntry("channel", "C123ABC456").containsEntry("user", "U123ABC456")
                .containsEntry("team", "T123ABC456").doesNotContainKey("in_thread")
                .containsEntry("channel_type", "channel").containsEntry("event_id", "Ev123ABC456");
    }

    static Stream<Arguments> deliveries() {
        return Stream.of(
                Arguments.of("published url_verification", fixture("url-verification.json"),
                        SlackNormalizer.Verdict.URL_VERIFICATION),
                Arguments.of("published message.channels", fixture("message-channels.json"),
                        SlackNormalizer.Verdict.REPORT),
                Arguments.of("published bot_message", fixture("bot-message.json"), SlackNormalizer.Verdict.BOT_MESSAGE),
                Arguments.of("a bot of a current app: bot_id, no subtype, in the support channel",
                        edited("message-channels.json", b -> event(b).put("bot_id", "B0APP")),
                        SlackNormalizer.Verdict.BOT_MESSAGE),
                Arguments.of("published message_changed", fixture("message-changed.json"),
                        SlackNormalizer.Verdict.SUBTYPE),
                Arguments.of("published channel_join", fixture("channel-join.json"), SlackNormalizer.Verdict.SUBTYPE),
                Arguments.of("message_deleted in the support channel",
                        edited("message-channels.json", b -> event(b).put("subtype", "message_deleted")),
                        SlackNormalizer.Verdict.SUBTYPE),
                Arguments.of("a thread reply also sent to the channel",
                        edited("message-channels.json", b -> event(b).put("subtype", "thread_broadcast")),
                        SlackNormalizer.Verdict.REPORT),
                Arguments.of("a person's file upload with a message",
                        edited("message-channels.json", b -> event(b).put("subtype", "file_share")),
                        SlackNormalizer.Verdict.REPORT),
                Arguments.of("published member_joined_channel", fixture("member-joined-channel.json"),
                        SlackNormalizer.Verdict.NOT_A_MESSAGE),
                Arguments.of("another channel", edited("message-channels.json", b -> event(b).put("channel", "C0RANDOM")),
                        SlackNormalizer.Verdict.OTHER_CHANNEL),
                Arguments.of("a direct message to the app", edited("message-channels.json", b -> {
                    event(b).put("channel", "D0DIRECT1");
                    event(b).put("channel_type", "im");
                }), SlackNormalizer.Verdict.OTHER_CHANNEL),
                Arguments.of("app_rate_limited", fixture("url-verification.json").deepCopy()
                        .<ObjectNode>require().put("type", "app_rate_limited"),
                        SlackNormalizer.Verdict.RATE_LIMITED));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("deliveries")
    void eachDeliveryIsJudgedWithItsReason(String name, JsonNode body, SlackNormalizer.Verdict expected) {
        assertThat(SlackNormalizer.judge(body, SUPPORT)).isEqualTo(expected);
        Normalization n = normalize(body);
        assertThat(n.rejectedReason()).isNull();
        if (expected == SlackNormalizer.Verdict.REPORT) {
            assertThat(n.signals()).singleElement().extracting(Signal::type).isEqualTo(SignalType.REPORT);
        } else {
            assertThat(n.signals()).isEmpty();
            assertThat(n.ignoredReason()).startsWith(expected.reason);
        }
    }

    @Test
    void withoutChannelsConfiguredNoMessageIsAReport() {
        Normalization n = new SlackNormalizer("prod").normalize(delivery(fixture("message-channels.json"), Map.of()));

        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("ingest.slack.channels");
    }

    @Test
    void theIgnoredReasonNamesTheChannelTheSubtypeAndTheEventType() {
        assertThat(normalize(edited("message-channels.json", b -> event(b).put("channel", "C0RANDOM"))).ignoredReason())
                .endsWith("('C0RANDOM')");
        assertThat(normalize(fixture("message-changed.json")).ignoredReason()).endsWith("('message_changed')");
        assertThat(normalize(fixture("member-joined-channel.json")).ignoredReason())
                .endsWith("(event type 'member_joined_channel')");
    }

    @Test
    void aRetryOfTheSameEventGivesTheSameSignalId() {
        Signal first = normalize(fixture("message-channels.json")).signals().get(0);
        Signal retry = normalizer.normalize(new RawDelivery(RECEIVED.plusSeconds(62), "slack",
                Map.of("x-slack-retry-num", "1", "x-slack-retry-reason", "http_timeout"),
                fixture("message-channels.json"), null)).signals().get(0);
        Signal another = normalize(edited("message-channels.json", b -> b.put("event_id", "Ev999"))).signals().get(0);

        assertThat(retry.id()).as("Slack's retry: same event_id, received a minute later").isEqualTo(first.id());
        assertThat(retry.observedAt()).isEqualTo(first.observedAt());
        assertThat(another.id()).as("another event").isNotEqualTo(first.id());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            ts with microseconds | 1355517523.000005 | 2012-12-14T20:38:43.000005Z
            ts in whole seconds  | 1355517523        | 2012-12-14T20:38:43Z
            """)
    void slackTimesAreUnixSecondsWithAFraction(String name, String ts, String expected) {
        assertThat(SlackNormalizer.ts(ts, "ts")).isEqualTo(Instant.parse(expected));
    }

    @Test
    void withoutTsTheEnvelopesEventTimeIsTheTime() {
        Signal s = normalize(edited("message-channels.json", b -> {
            event(b).remove("ts");
            b.put("event_time", 1355517600);
        })).signals().get(0);

        assertThat(s.observedAt()).isEqualTo(Instant.parse("2012-12-14T20:40:00Z"));
    }

    @Test
    void whatIsNotTheEventsApiShapeIsRejectedWithTheField() {
        assertThat(normalize(fixture("bot-message.json").get("event")).rejectedReason())
                .as("an inner event without its wrapper").contains("unknown Slack Events API type 'message'");
        assertThat(normalize(edited("message-channels.json", b -> b.remove("event_id"))).rejectedReason())
                .contains("'event_id'");
        assertThat(normalize(edited("message-channels.json", b -> b.remove("event"))).rejectedReason())
                .contains("'event'");
        assertThat(normalize(edited("message-channels.json", b -> event(b).remove("channel"))).rejectedReason())
                .as("no channel: other channel, ignored (Slack always names it)").isNull();
        assertThat(normalize(edited("message-channels.json", b -> event(b).put("ts", "yesterday"))).rejectedReason())
                .contains("'ts'");
        assertThat(normalize(edited("url-verification.json", b -> b.remove("challenge"))).rejectedReason())
                .contains("'challenge'");
    }

    @Test
    void urlVerificationIsAnsweredWithItsChallengeAsPlainText() {
        RawDelivery d = delivery(fixture("url-verification.json"), Map.of());
        Normalization n = normalizer.normalize(d);

        assertThat(n.ignoredReason()).startsWith("Slack url_verification");
        VendorAnswer answer = normalizer.answer(d, new Outcome(Outcome.Kind.IGNORED, List.of(), n.ignoredReason()));
        assertThat(answer).isEqualTo(new VendorAnswer(200, "text/plain; charset=utf-8",
                "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"));
        assertThat(normalizer.answer(d, new Outcome(Outcome.Kind.UNAVAILABLE, List.of(), "Kafka down")))
                .as("not kept: Slack must not take the URL as verified").isNull();
        assertThat(normalizer.answer(delivery(fixture("message-channels.json"), Map.of()),
                new Outcome(Outcome.Kind.ACCEPTED, List.of("x"), null))).as("a message gets the usual answer").isNull();
    }

    @Test
    void aCatalogRuleOnTheTextNamesTheService(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("catalog.yaml"), """
                rules:
                  - match: { source: slack, summary: "(?i)checkout|payment" }
                    set: { service: checkout }
                  - match: { source: slack, summary: "(?i)bulk upload" }
                    set: { service: generic-upload }
                """);
        Catalog catalog = CatalogLoader.load(file);
        Signal report = new SlackNormalizer("prod", Set.of("C0SUPPORT1"))
                .normalize(delivery(fixture("support-bulk-upload.json"), Map.of())).signals().get(0);
        Signal unmatched = normalize(fixture("message-channels.json")).signals().get(0);

        assertThat(CatalogRules.apply(catalog, report).service()).isEqualTo("generic-upload");
        assertThat(CatalogRules.apply(catalog, unmatched).service()).as("no rule: the channel")
                .isEqualTo("slack:C123ABC456");
    }
}
