package timelines.ingest.generic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class GenericSignalNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2016-09-05T09:29:04Z");
    private static final Instant OBSERVED = Instant.parse("2016-09-05T09:29:00Z");

    private final GenericSignalNormalizer normalizer = new GenericSignalNormalizer("prod");

    private static JsonNode json(String text) {
        return Fixtures.parse(text);
    }

    private Normalization normalize(String body) {
        return normalize(body, RECEIVED);
    }

    private Normalization normalize(String body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, GenericSignalNormalizer.SOURCE, Map.of(), json(body), null));
    }

    private static String pingdomDown(String observedAt) {
        return """
                {"type":"FAILING","service":"deployer-api","summary":"deployer-api is down",
                 "source":"pingdom","check":"http-check-42","observedAt":"%s","alerting":true,
                 "severity":"critical","link":"https://my.pingdom.com/reports/42","env":"prod"}
                """.formatted(observedAt);
    }

    @Test
    void readsOneObjectWithEveryField() {
        Normalization n = normalize(pingdomDown("2016-09-05T09:29:00Z"));

        assertThat(n.isRejected()).isFalse();
        assertThat(n.records()).isEmpty();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.source()).isEqualTo("pingdom");
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("deployer-api");
            assertThat(s.check()).isEqualTo("http-check-42");
            assertThat(s.observedAt()).isEqualTo(OBSERVED);
            assertThat(s.receivedAt()).isEqualTo(RECEIVED);
            assertThat(s.alerting()).isTrue();
            assertThat(s.severity()).isEqualTo("critical");
            assertThat(s.summary()).isEqualTo("deployer-api is down");
            assertThat(s.link()).isEqualTo("https://my.pingdom.com/reports/42");
            assertThat(s.skewed()).isFalse();
            assertThat(s.id()).matches("[0-9a-f]{32}");
        });
    }

    @Test
    void readsAnArrayInOrder() {
        Normalization n = normalize("""
                [{"type":"CHANGE","service":"deployer-api","summary":"deploy v1.4.2","observedAt":"2016-09-05T09:20:00Z"},
                 {"type":"failing","service":"deployer-api","summary":"5xx rate above 5%","observedAt":"2016-09-05T09:29:00Z"},
                 {"type":"RECOVERED","service":"deployer-api","summary":"5xx rate normal","observedAt":"2016-09-05T10:00:00Z"}]
                """);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).extracting(Signal::type)
                .containsExactly(SignalType.CHANGE, SignalType.FAILING, SignalType.RECOVERED);
        assertThat(n.signals()).extracting(Signal::observedAt).containsExactly(
                Instant.parse("2016-09-05T09:20:00Z"), OBSERVED, Instant.parse("2016-09-05T10:00:00Z"));
        assertThat(n.signals()).extracting(Signal::source).containsOnly("generic");
        assertThat(n.signals()).extracting(Signal::id).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "service", "summary"})
    void rejectsAnObjectMissingARequiredField(String field) {
        var body = (com.fasterxml.jackson.databind.node.ObjectNode) json(
                "{\"type\":\"FAILING\",\"service\":\"deployer-api\",\"summary\":\"down\"}");
        body.remove(field);

        Normalization n = normalize(body.toString());

        assertThat(n.isRejected()).isTrue();
        assertThat(n.signals()).isEmpty();
        assertThat(n.rejectedReason()).contains("'" + field + "'").contains("missing").doesNotContain("item");
    }

    @ParameterizedTest
    @ValueSource(strings = {"type", "service", "summary"})
    void rejectsAnArrayWhoseSecondItemMissesARequiredFieldNamingFieldAndItem(String field) {
        var second = (com.fasterxml.jackson.databind.node.ObjectNode) json(
                "{\"type\":\"RECOVERED\",\"service\":\"deployer-api\",\"summary\":\"up\"}");
        second.remove(field);
        String body = "[{\"type\":\"FAILING\",\"service\":\"deployer-api\",\"summary\":\"down\"}," + second + "]";

        Normalization n = normalize(body);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.signals()).as("one bad item rejects the whole delivery").isEmpty();
        assertThat(n.rejectedReason()).contains("'" + field + "'").contains("item 1");
    }

    @Test
    void treatsABlankRequiredFieldAsMissing() {
        Normalization n = normalize("{\"type\":\"FAILING\",\"service\":\"  \",\"summary\":\"down\"}");

        assertThat(n.rejectedReason()).contains("missing required field 'service'");
    }

    @Test
    void rejectsAnArrayItemThatIsNotAnObject() {
        Normalization n = normalize("[{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\"}, 42]");

        assertThat(n.rejectedReason()).contains("item 1").contains("not an object");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"hello\"", "42", "[]", "null"})
    void rejectsABodyThatIsNeitherAnObjectNorANonEmptyArray(String body) {
        Normalization n = normalize(body);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).isNotBlank();
    }

    @Test
    void rejectsAnUnknownTypeNamingTheValue() {
        Normalization n = normalize("{\"type\":\"EXPLODED\",\"service\":\"deployer-api\",\"summary\":\"down\"}");

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("'type'").contains("EXPLODED").contains("FAILING");
    }

    @Test
    void rejectsTheInternalTickType() {
        Normalization n = normalize("{\"type\":\"TICK\",\"service\":\"deployer-api\",\"summary\":\"tick\"}");

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("'type'").contains("TICK");
    }

    @Test
    void rejectsAnObservedAtThatIsNotAnIsoTimeWithAZone() {
        Normalization n = normalize("""
                [{"type":"FAILING","service":"a","summary":"down","observedAt":"2016-09-05T09:29:00Z"},
                 {"type":"FAILING","service":"a","summary":"down","observedAt":"2016-09-05 09:29"}]
                """);

        assertThat(n.rejectedReason()).contains("'observedAt'").contains("item 1").contains("2016-09-05 09:29");
    }

    @Test
    void readsAnObservedAtWithAnOffsetAsUtc() {
        Normalization n = normalize(
                "{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\",\"observedAt\":\"2016-09-05T11:29:00+02:00\"}");

        assertThat(n.signals()).singleElement().extracting(Signal::observedAt).isEqualTo(OBSERVED);
    }

    @Test
    void defaultsObservedAtToReceipt() {
        Normalization n = normalize("{\"type\":\"REPORT\",\"service\":\"upload\",\"summary\":\"customers cannot upload\"}");

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.observedAt()).isEqualTo(RECEIVED);
            assertThat(s.receivedAt()).isEqualTo(RECEIVED);
        });
    }

    @Test
    void defaultsEnvToTheConfiguredDefault() {
        GenericSignalNormalizer staging = new GenericSignalNormalizer("staging");
        String body = "{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\"}";

        Signal s = staging.normalize(new RawDelivery(RECEIVED, "signals", Map.of(), json(body), null)).signals().get(0);
        Signal blankEnv = staging.normalize(new RawDelivery(RECEIVED, "signals", Map.of(),
                json("{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\",\"env\":\"\"}"), null)).signals().get(0);
        Signal named = staging.normalize(new RawDelivery(RECEIVED, "signals", Map.of(),
                json("{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\",\"env\":\"prod\"}"), null)).signals().get(0);

        assertThat(s.env()).isEqualTo("staging");
        assertThat(blankEnv.env()).isEqualTo("staging");
        assertThat(named.env()).isEqualTo("prod");
    }

    @Test
    void defaultsAlertingToFalse() {
        Normalization n = normalize("{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\"}");

        assertThat(n.signals()).singleElement().extracting(Signal::alerting).isEqualTo(false);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"true\"", "1", "\"yes\"", "{}"})
    void rejectsAnAlertingThatIsNotABoolean(String alerting) {
        Normalization n = normalize("{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\",\"alerting\":" + alerting + "}");

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("'alerting'").contains("true or false");
    }

    @Test
    void acceptsAnExplicitAlertingFalse() {
        Normalization n = normalize("{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\",\"alerting\":false}");

        assertThat(n.signals()).singleElement().extracting(Signal::alerting).isEqualTo(false);
    }

    @Test
    void givesTheSameIdWhenTheSameBodyIsNormalizedTwice() {
        String body = pingdomDown("2016-09-05T09:29:00Z");

        String first = normalize(body, RECEIVED).signals().get(0).id();
        String retry = normalize(body, RECEIVED.plusSeconds(30)).signals().get(0).id();

        assertThat(retry).as("a vendor's retry, received later, is the same signal").isEqualTo(first);
    }

    @Test
    void givesADifferentIdForADifferentObservedAt() {
        String first = normalize(pingdomDown("2016-09-05T09:29:00Z")).signals().get(0).id();
        String later = normalize(pingdomDown("2016-09-05T09:30:00Z")).signals().get(0).id();

        assertThat(later).isNotEqualTo(first);
    }

    @Test
    void usesTheVendorsOwnIdAsIdentity() {
        String a = normalize("{\"id\":\"evt-1\",\"type\":\"ERROR\",\"service\":\"a\",\"summary\":\"boom\","
                + "\"observedAt\":\"2016-09-05T09:29:00Z\"}").signals().get(0).id();
        String sameEventReworded = normalize("{\"id\":\"evt-1\",\"type\":\"ERROR\",\"service\":\"a\",\"summary\":\"boom!\","
                + "\"observedAt\":\"2016-09-05T09:29:00Z\"}").signals().get(0).id();
        String otherEvent = normalize("{\"id\":\"evt-2\",\"type\":\"ERROR\",\"service\":\"a\",\"summary\":\"boom\","
                + "\"observedAt\":\"2016-09-05T09:29:00Z\"}").signals().get(0).id();

        assertThat(sameEventReworded).isEqualTo(a);
        assertThat(otherEvent).isNotEqualTo(a);
    }

    @Test
    void ignoresUnknownFields() {
        Normalization plain = normalize("{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\"}");
        Normalization extra = normalize("{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\","
                + "\"flavour\":\"vanilla\",\"nested\":{\"deep\":[1,2,3]}}");

        assertThat(extra.isRejected()).isFalse();
        assertThat(extra.signals()).isEqualTo(plain.signals());
    }

    @Test
    void readsLabelsAsStringsAndSkipsNulls() {
        Normalization n = normalize("""
                {"type":"FAILING","service":"a","summary":"down",
                 "labels":{"account":123456789012,"canary":true,"region":"eu-west-1","ratio":0.5,"gone":null}}
                """);

        assertThat(n.signals()).singleElement().extracting(Signal::labels).isEqualTo(Map.of(
                "account", "123456789012", "canary", "true", "region", "eu-west-1", "ratio", "0.5"));
    }

    @ParameterizedTest(name = "labels {0}")
    @ValueSource(strings = {"[\"x\"]", "\"team=pay\"", "{\"nested\":{\"x\":1}}", "{\"list\":[\"a\"]}",
        "{\"huge\":1e400}"})
    void rejectsLabelsThatAreNotAnObjectOfStrings(String labels) {
        Normalization n = normalize("{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\",\"labels\":"
                + labels + "}");

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("label").contains("must be");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "env      | 1e400",
        "env      | 42",
        "service  | 42",
        "summary  | true",
        "check    | {}",
        "source   | []",
        "severity | 3",
        "link     | [\"https://x\"]",
        "id       | 17"
    })
    void rejectsANumberOrAnythingElseWhereAStringIsDocumented(String field, String value) {
        // As sent: 1e400 written back by Jackson would be the string "Infinity".
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("type", "\"FAILING\"");
        fields.put("service", "\"deployer-api\"");
        fields.put("summary", "\"down\"");
        fields.put(field, value);
        String body = fields.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(java.util.stream.Collectors.joining(",", "{", "}"));

        Normalization n = normalize(body);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).isEqualTo("field '" + field + "' must be a string, was "
                + (value.startsWith("[") ? "an array" : value.startsWith("{") ? "an object"
                : value.equals("true") ? "a boolean" : "a number"));
    }

    @ParameterizedTest(name = "observedAt {0}")
    @ValueSource(strings = {"[]", "{}", "1473067740", "true"})
    void rejectsAnObservedAtThatIsNotAStringRatherThanTakingTheReceipt(String value) {
        Normalization n = normalize("{\"type\":\"FAILING\",\"service\":\"a\",\"summary\":\"down\",\"observedAt\":"
                + value + "}");

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("'observedAt'").contains("must be an ISO-8601 time as a string");
    }

    /** DESIGN 5a, first column: the words a relayed alert may carry, normalized, the word kept. */
    @ParameterizedTest(name = "severity {0} -> {1}")
    @CsvSource(textBlock = """
            critical, critical
            page,     critical
            P1,       critical
            Error,    error
            major,    error
            warn,     warning
            minor,    warning
            notice,   info
            p5,       info
            """)
    void severityWordsAreNormalizedAndKept(String word, String severity) {
        Normalization n = normalize("""
                {"type":"FAILING","service":"checkout","summary":"checkout is down","severity":"%s"}
                """.formatted(word));

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.severity()).isEqualTo(severity);
            assertThat(s.labels()).containsEntry("severity.raw", word);
        });
    }

    @Test
    void aSignalWithoutSeverityHasNone() {
        Signal s = normalize("""
                {"type":"ERROR","service":"checkout","summary":"boom","labels":{"pod":"checkout-1"}}
                """).signals().get(0);

        assertThat(s.severity()).isNull();
        assertThat(s.labels()).containsOnlyKeys("pod");
    }

    @Test
    void aSeverityWordNotInTheTableIsRefusedNamingTheItem() {
        Normalization n = normalize("""
                [{"type":"FAILING","service":"checkout","summary":"down","severity":"critical"},
                 {"type":"FAILING","service":"checkout","summary":"down","severity":"critcal"}]
                """);

        assertThat(n.rejectedReason()).startsWith("field 'severity' (item 1) must be critical, error, warning or info")
                .endsWith("was 'critcal'");
    }

    @Test
    void severityNoneIsNotASignal() {
        Normalization alone = normalize("""
                {"type":"FAILING","service":"shop","summary":"info alerts inhibited","severity":"none"}
                """);
        Normalization amongOthers = normalize("""
                [{"type":"FAILING","service":"shop","summary":"info alerts inhibited","severity":"none"},
                 {"type":"FAILING","service":"checkout","summary":"checkout is down","severity":"critical"}]
                """);

        assertThat(alone.signals()).isEmpty();
        assertThat(alone.ignoredReason()).isEqualTo("severity 'none': not a signal");
        assertThat(amongOthers.ignoredReason()).isNull();
        assertThat(amongOthers.signals()).extracting(Signal::service).containsExactly("checkout");
    }
}
