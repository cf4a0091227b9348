package timelines.ingest.times;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.Signal;
import timelines.ingest.Fixtures;
import timelines.ingest.Sources;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizers;

/**
 * Every vendor's published example, moved: its normalizer must read every time moved by exactly
 * the shift, with the receipt left where it was. A time field missing from {@link TimeFields}
 * stays put and fails here; so does one written back in a form its normalizer reads differently.
 * The only times allowed not to move are receipt times (the payload carries none of its own).
 */
class TimeFieldsTest {
    /** No fixture holds this time, so a signal observed at it took its receipt. */
    private static final Instant RECEIVED = Instant.parse("2031-01-01T00:00:00Z");
    private static final Normalizers NORMALIZERS = Sources.normalizers("prod");

    /** Fixture folders by the source they are deliveries to. */
    private static final Map<String, String> FOLDERS = Map.ofEntries(
            Map.entry("alertmanager", "alertmanager"), Map.entry("amqp", "amqp"), Map.entry("cloudwatch", "cloudwatch"),
            Map.entry("grafana", "grafana"), Map.entry("jira", "jira"), Map.entry("opsgenie", "opsgenie"),
            Map.entry("pagerduty", "pagerduty"), Map.entry("pingdom", "pingdom"), Map.entry("sentry", "sentry"),
            Map.entry("uptimekuma", "uptime-kuma"), Map.entry("uptimerobot", "uptimerobot"),
            Map.entry("datadog", "datadog"), Map.entry("newrelic", "newrelic"), Map.entry("gcp-monitoring", "gcp-monitoring"),
            Map.entry("azure-monitor", "azure-monitor"), Map.entry("honeybadger", "honeybadger"));

    record Delivery(String name, String source, Map<String, String> headers, JsonNode body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> everyFixtureMovedForthAndBack() throws Exception {
        List<Arguments> out = new ArrayList<>();
        for (Delivery d : fixtures()) {
            for (long seconds : new long[] {123_456_789L, -987_654L, 1L}) {
                out.add(Arguments.of(d, seconds));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} by {1} s")
    @MethodSource
    void everyFixtureMovedForthAndBack(Delivery d, long seconds) {
        JsonNode original = d.body().deepCopy();
        TimeFields.Shifted shifted = TimeFields.shift(d.source(), d.body(), seconds, RECEIVED.plusSeconds(seconds));
        Normalization before = normalize(d, d.body());
        Normalization after = normalize(d, overTheWire(shifted.body()));

        assertMovedBy(before, after, seconds);
        assertThat(d.body()).as("the input is not changed").isEqualTo(original);
        assertThat(comparable(TimeFields.shift(d.source(), overTheWire(shifted.body()), -seconds, RECEIVED).body()))
                .as("moved back, it is the same delivery").isEqualTo(comparable(d.body()));
    }

    /**
     * Fields a normalizer reads only when the one it prefers is missing, which the published examples
     * always carry: each variant takes the preferred ones out (or renames a key) so the fallback is read.
     */
    static Stream<Arguments> fallbackTimesMoveToo() throws Exception {
        return Stream.of(
                variant("pingdom/deployer-api-down.json", "pingdom", Map.of(), "-state_changed_timestamp"),
                variant("sentry/event-alert.json", "sentry", Map.of("sentry-hook-resource", "event_alert"),
                        "-data.event.datetime"),
                variant("sentry/event-alert.json", "sentry", Map.of("sentry-hook-resource", "event_alert"),
                        "-data.event.datetime", "-data.event.timestamp"),
                variant("sentry/legacy-plugin.json", "sentry", Map.of(), "+event.datetime=2019-12-19T17:58:19.836607Z"),
                variant("sentry/legacy-plugin.json", "sentry", Map.of(), "-event.timestamp"),
                variant("sentry/metric-alert-critical.json", "sentry", Map.of("sentry-hook-resource", "metric_alert"),
                        "-data.metric_alert.date_started"),
                variant("sentry/metric-alert-critical.json", "sentry", Map.of("sentry-hook-resource", "metric_alert"),
                        "-data.metric_alert.date_started", "-data.metric_alert.date_detected"),
                variant("sentry/metric-alert-resolved.json", "sentry", Map.of("sentry-hook-resource", "metric_alert"),
                        "+data.metric_alert.date_closed=2020-09-13T13:01:00.000000Z"),
                variant("cloudwatch/eventbridge-alb-alarm.json", "cloudwatch", Map.of(), "-detail.state.timestamp"),
                variant("uptimerobot/full-template-down.json", "uptimerobot", Map.of(),
                        "+alert_date_time=1678087560", "-alertDateTime"),
                variant("uptimerobot/full-template-down.json", "uptimerobot", Map.of(),
                        "+alert_datetime=1678087560", "-alertDateTime"),
                Arguments.of(new Delivery("cloudwatch: a bare alarm, SNS's Message alone", "cloudwatch", Map.of(),
                        Json.mapper().readTree(Fixtures.json("cloudwatch/sns-alb-unhealthy-alarm.json").get("Message").asText()))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void fallbackTimesMoveToo(Delivery d) {
        Normalization before = normalize(d, d.body());
        assertThat(before.signals()).isNotEmpty().noneMatch(s -> s.observedAt().equals(RECEIVED));

        assertMovedBy(before, normalize(d, overTheWire(TimeFields.shift(d.source(), d.body(), 4242, null).body())), 4242);
    }

    private static Arguments variant(String fixture, String source, Map<String, String> headers, String... edits) {
        ObjectNode body = (ObjectNode) Fixtures.json(fixture);
        for (String edit : edits) {
            String path = edit.substring(1).split("=", 2)[0];
            String[] steps = path.split("\\.");
            ObjectNode parent = body;
            for (int i = 0; i < steps.length - 1; i++) {
                parent = (ObjectNode) parent.get(steps[i]);
            }
            if (edit.startsWith("-")) {
                parent.remove(steps[steps.length - 1]);
            } else {
                parent.put(steps[steps.length - 1], edit.split("=", 2)[1]);
            }
        }
        return Arguments.of(new Delivery(fixture + " " + String.join(" ", edits), source, headers, body));
    }

    @Test
    void theFixturesCoverEveryVendorAndMostTellTheirOwnTime() throws Exception {
        List<Delivery> all = fixtures();
        assertThat(all.stream().map(Delivery::source).distinct())
                .containsExactlyInAnyOrderElementsOf(FOLDERS.values());
        long timed = all.stream().filter(d -> TimeFields.shift(d.source(), d.body(), 60, RECEIVED).moved() > 0).count();
        assertThat(timed).as("deliveries with a time of their own").isGreaterThan(all.size() * 3 / 4);
    }

    @Test
    void everySourceIngestKnowsHasItsTimesListed() {
        assertThat(TimeFields.sources()).containsExactlyInAnyOrderElementsOf(NORMALIZERS.sources());
        assertThatThrownBy(() -> TimeFields.shift("nagios", Json.mapper().createObjectNode(), 60, RECEIVED))
                .hasMessageContaining("nagios");
    }

    @Test
    void theProjectsOwnFormatsGetTheMovedReceiptWhereTheyWouldHaveTakenTheirs() throws Exception {
        JsonNode signals = Json.mapper().readTree("""
                [{"type":"FAILING","service":"api","summary":"down","observedAt":"2016-09-05T09:29:00Z"},
                 {"type":"ERROR","service":"api","summary":"boom"}]""");
        Instant movedReceipt = Instant.parse("2026-01-01T00:00:00Z");

        TimeFields.Shifted s = TimeFields.shift("signals", signals, 3600, movedReceipt);

        assertThat(s.body().get(0).get("observedAt").asText()).isEqualTo("2016-09-05T10:29:00Z");
        assertThat(s.body().get(1).get("observedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(s.moved()).isEqualTo(1);
        assertThat(s.stamped()).isEqualTo(1);

        JsonNode record = Json.mapper().readTree("""
                {"id":"INC-1","type":"MAINTENANCE","start":"2021-07-20T16:14:00Z","end":"2021-07-20T18:00:00+01:00"}""");
        TimeFields.Shifted r = TimeFields.shift("records", record, -60, movedReceipt);
        assertThat(r.body().get("openedAt").asText()).isEqualTo("2026-01-01T00:00:00Z");
        assertThat(r.body().get("start").asText()).isEqualTo("2021-07-20T16:13:00Z");
        assertThat(r.body().get("end").asText()).isEqualTo("2021-07-20T17:59:00+01:00");
    }

    @Test
    void theProjectsOwnFormatsMoveLikeEveryOther() throws Exception {
        for (String body : List.of(
                "{\"type\":\"FAILING\",\"service\":\"api\",\"summary\":\"down\",\"observedAt\":\"2016-09-05T09:29:00Z\"}",
                "[{\"type\":\"CHANGE\",\"service\":\"api\",\"summary\":\"deploy\",\"observedAt\":\"2016-09-05T10:29:00+02:00\"},"
                        + "{\"type\":\"ACK\",\"service\":\"api\",\"summary\":\"mine\",\"observedAt\":\"2016-09-05T09:29:00.5Z\"}]")) {
            Delivery d = new Delivery(body, "signals", Map.of(), Json.mapper().readTree(body));
            assertMovedBy(normalize(d, d.body()), normalize(d, TimeFields.shift("signals", d.body(), 99, null).body()), 99);
        }
        String record = "{\"id\":\"WL-INC-17\",\"type\":\"INCIDENT\",\"openedAt\":\"2016-09-05T09:31:00Z\","
                + "\"start\":\"2016-09-05T09:29:00Z\",\"end\":\"2016-09-05T10:00:00Z\"}";
        Delivery d = new Delivery(record, "records", Map.of(), Json.mapper().readTree(record));
        assertMovedBy(normalize(d, d.body()), normalize(d, TimeFields.shift("records", d.body(), 99, null).body()), 99);
        String probe = "{\"probe\":\"api-health\",\"kind\":\"http\",\"service\":\"api\",\"state\":\"FAILING\","
                + "\"at\":\"2024-05-01T10:00:00.250Z\"}";
        Delivery p = new Delivery(probe, "probe", Map.of(), Json.mapper().readTree(probe));
        assertMovedBy(normalize(p, p.body()), normalize(p, TimeFields.shift("probe", p.body(), 99, null).body()), 99);
    }

    @Test
    void anSnsBodyPostedAsTextStaysTextAndMoves() {
        String text = Fixtures.text("cloudwatch/sns-alb-unhealthy-alarm.json");
        TimeFields.Shifted s = TimeFields.shift("cloudwatch", TextNode.valueOf(text), 60, RECEIVED);
        assertThat(s.body().isTextual()).isTrue();
        assertThat(s.moved()).isEqualTo(1);
        Delivery d = new Delivery("sns as text", "cloudwatch", Map.of(), TextNode.valueOf(text));
        assertMovedBy(normalize(d, d.body()), normalize(d, s.body()), 60);
    }

    /** As {@link #overTheWire}, with SNS's Message read too: moving it writes that JSON without AWS's spaces. */
    private static JsonNode comparable(JsonNode body) {
        try {
            if (body.isTextual()) {
                return body;
            }
            JsonNode reread = Json.mapper().readTree(Json.mapper().writeValueAsString(body));
            if (reread.path("Message").isTextual() && reread.path("Message").asText().startsWith("{")) {
                ((ObjectNode) reread).set("Message",
                        Json.mapper().readTree(reread.path("Message").asText()));
            }
            return reread;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The body as ingest reads it after it was posted as JSON: numbers come back as doubles. */
    private static JsonNode overTheWire(JsonNode body) {
        try {
            return body.isTextual() ? body : Json.mapper().readTree(Json.mapper().writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Normalization normalize(Delivery d, JsonNode body) {
        return NORMALIZERS.find(d.source()).orElseThrow()
                .normalize(new RawDelivery(RECEIVED, d.source(), d.headers(), body, null));
    }

    private static void assertMovedBy(Normalization before, Normalization after, long seconds) {
        assertThat(masked(after.rejectedReason())).isEqualTo(masked(before.rejectedReason()));
        assertThat(masked(after.ignoredReason())).isEqualTo(masked(before.ignoredReason()));
        assertThat(after.signals()).hasSameSizeAs(before.signals());
        assertThat(after.records()).hasSameSizeAs(before.records());
        for (int i = 0; i < before.signals().size(); i++) {
            Signal b = before.signals().get(i);
            Signal a = after.signals().get(i);
            if (b.observedAt().equals(RECEIVED)) {
                assertThat(a.observedAt()).as("a receipt time stays the receipt").isEqualTo(RECEIVED);
            } else {
                assertThat(a.observedAt()).as("signal %d of %s", i, b.summary()).isEqualTo(b.observedAt().plusSeconds(seconds));
            }
            assertThat(List.of(a.source(), a.type(), a.env(), a.service(), String.valueOf(a.check()), a.alerting(),
                    String.valueOf(a.severity()), String.valueOf(a.link()), a.labels(), a.skewed()))
                    .isEqualTo(List.of(b.source(), b.type(), b.env(), b.service(), String.valueOf(b.check()), b.alerting(),
                            String.valueOf(b.severity()), String.valueOf(b.link()), b.labels(), b.skewed()));
            // Uptime Kuma's recovery writes lastDownTime into its summary: the same words, other digits.
            assertThat(masked(a.summary())).isEqualTo(masked(b.summary()));
        }
        for (int i = 0; i < before.records().size(); i++) {
            Record b = before.records().get(i);
            Record a = after.records().get(i);
            assertThat(a.openedAt()).isEqualTo(b.openedAt().plusSeconds(seconds));
            assertThat(a.start()).isEqualTo(b.start() == null ? null : b.start().plusSeconds(seconds));
            assertThat(a.end()).isEqualTo(b.end() == null ? null : b.end().plusSeconds(seconds));
            assertThat(List.of(a.id(), a.type(), a.env(), a.services(), String.valueOf(a.title())))
                    .isEqualTo(List.of(b.id(), b.type(), b.env(), b.services(), String.valueOf(b.title())));
        }
    }

    private static String masked(String text) {
        return text == null ? null : text.replaceAll("\\d", "#");
    }

    static List<Delivery> fixtures() throws Exception {
        Path root = Path.of(TimeFieldsTest.class.getResource("/fixtures").toURI());
        List<Delivery> out = new ArrayList<>();
        for (var folder : FOLDERS.entrySet()) {
            try (Stream<Path> files = Files.list(root.resolve(folder.getKey()))) {
                for (Path f : files.sorted().toList()) {
                    String name = f.getFileName().toString();
                    if (name.equals("SOURCES.md")) {
                        continue;
                    }
                    String text = Files.readString(f);
                    JsonNode body = name.endsWith(".json") ? Json.mapper().readTree(text) : TextNode.valueOf(text);
                    out.add(new Delivery(folder.getKey() + "/" + name, folder.getValue(), headers(folder.getValue(), name),
                            body));
                }
            }
        }
        return out;
    }

    /** Sentry names the resource in a header (see fixtures/sentry/SOURCES.md); the legacy plugin sends none. */
    private static Map<String, String> headers(String source, String file) {
        if (!source.equals("sentry")) {
            return Map.of();
        }
        if (file.startsWith("issue-")) {
            return Map.of("sentry-hook-resource", "issue");
        }
        if (file.startsWith("event-alert")) {
            return Map.of("sentry-hook-resource", "event_alert");
        }
        if (file.startsWith("metric-alert")) {
            return Map.of("sentry-hook-resource", "metric_alert");
        }
        return Map.of();
    }
}
