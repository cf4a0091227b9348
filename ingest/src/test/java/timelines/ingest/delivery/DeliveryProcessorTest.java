package timelines.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import timelines.contracts.JsonSerde;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.Signal;
import timelines.contracts.Topics;
import timelines.ingest.Fixtures;
import timelines.ingest.Sources;
import timelines.ingest.kafka.KafkaPublisher;

/**
 * What a careless or hostile sender with a valid token can get onto Kafka: every timestamp sent is
 * bounded, every field is bounded, and what Kafka cannot hold is a 413 kept on the rejected topic,
 * never a 503 that the sender retries for ever.
 */
class DeliveryProcessorTest {
    static final Instant RECEIVED = Instant.parse("2016-09-05T09:45:00Z");
    static final JsonSerde<RawDelivery> RAW = JsonSerde.of(RawDelivery.class);
    static final JsonSerde<Signal> SIGNAL = JsonSerde.of(Signal.class);
    static final JsonSerde<Record> RECORD = JsonSerde.of(Record.class);

    final MockProducer<String, byte[]> kafka =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final DeliveryProcessor processor = new DeliveryProcessor(Sources.normalizers("prod"),
            new KafkaPublisher(kafka, Duration.ofSeconds(5)), meters, () -> timelines.contracts.catalog.Catalog.EMPTY,
            Clock.fixed(RECEIVED, ZoneOffset.UTC));

    static RawDelivery delivery(String source, String json) {
        return new RawDelivery(RECEIVED, source, Map.of(), Fixtures.parse(json), null);
    }

    List<ProducerRecord<String, byte[]>> sent(String topic) {
        return kafka.history().stream().filter(r -> r.topic().equals(topic)).toList();
    }

    double counted(String name, String source, String tag, String value) {
        var c = meters.find(name).tag("source", source).tag(tag, value).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aRecordDated9999IsClampedToItsReceiptSoStreamTimeStaysPut() {
        Outcome outcome = processor.process(delivery("records", """
                {"id":"INC-9999","type":"INCIDENT","services":["checkout"],"openedAt":"9999-12-31T23:59:59Z"}"""));

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.ACCEPTED);
        assertThat(sent(Topics.RECORDS)).singleElement().satisfies(r -> {
            assertThat(r.timestamp()).isEqualTo(RECEIVED.toEpochMilli());
            assertThat(RECORD.deserialize(Topics.RECORDS, r.value()).openedAt()).isEqualTo(RECEIVED);
        });
        assertThat(counted("timelines_ingest_adjusted_total", "records", "reason", "CLAMPED_FUTURE_TIME"))
                .isEqualTo(1.0);
    }

    @Test
    void aJiraIncidentCreatedIn9999IsClampedToo() {
        Outcome outcome = processor.process(delivery("jira", """
                {"webhookEvent":"jira:issue_created","issue":{"key":"OPS-1","self":"https://x.atlassian.net/rest/api/2/issue/1",
                 "fields":{"issuetype":{"name":"Incident"},"created":"9999-12-31T23:59:59.000+0000","summary":"down"}}}"""));

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.ACCEPTED);
        assertThat(sent(Topics.RECORDS)).singleElement()
                .satisfies(r -> assertThat(r.timestamp()).isEqualTo(RECEIVED.toEpochMilli()));
    }

    @Test
    void aMaintenanceWindowMayLieAheadUpToAYear() {
        Outcome outcome = processor.process(delivery("records", """
                {"id":"MW-1","type":"MAINTENANCE","services":["amazonmq"],
                 "start":"2017-03-01T22:00:00Z","end":"2017-03-01T23:00:00Z"}"""));

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.ACCEPTED);
        assertThat(RECORD.deserialize(Topics.RECORDS, sent(Topics.RECORDS).get(0).value()).end())
                .isEqualTo(Instant.parse("2017-03-01T23:00:00Z"));
    }

    @Test
    void aMaintenanceWindowEndingMoreThanAYearAheadIsA400KeptOnTheRejectedTopic() {
        Outcome outcome = processor.process(delivery("records", """
                {"id":"MW-2","type":"MAINTENANCE","start":"2016-09-06T22:00:00Z","end":"9999-12-31T23:59:59Z"}"""));

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.REJECTED);
        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.reason()).contains("'end'").contains("9999-12-31T23:59:59Z").contains("year");
        assertThat(sent(Topics.RECORDS)).isEmpty();
        assertThat(sent(Topics.SIGNALS_REJECTED)).hasSize(1);
    }

    @Test
    void aSignalBefore1970IsA400KeptOnTheRejectedTopicNotA503() {
        Outcome outcome = processor.process(delivery("signals", """
                {"type":"FAILING","service":"checkout","summary":"down","observedAt":"1969-12-31T23:59:59Z"}"""));

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.REJECTED);
        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.reason()).contains("'observedAt'").contains("before 1970");
        assertThat(sent(Topics.SIGNALS)).isEmpty();
        assertThat(sent(Topics.SIGNALS_RAW)).isEmpty();
        assertThat(sent(Topics.SIGNALS_REJECTED)).singleElement().satisfies(r -> {
            assertThat(r.timestamp()).isEqualTo(RECEIVED.toEpochMilli());
            assertThat(RAW.deserialize(Topics.SIGNALS_REJECTED, r.value()).reason()).contains("before 1970");
        });
        assertThat(counted("timelines_ingest_rejected_total", "signals", "reason", "TIME_BEFORE_1970")).isEqualTo(1.0);
    }

    @Test
    void aRecordOpenedBefore1970IsA400() {
        Outcome outcome = processor.process(delivery("records", """
                {"id":"INC-1","type":"INCIDENT","openedAt":"1960-01-01T00:00:00Z"}"""));

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.reason()).contains("'openedAt'").contains("before 1970");
        assertThat(sent(Topics.RECORDS)).isEmpty();
    }

    @Test
    void aCaptureLineReceivedBefore1970IsA400KeptWithATimestampKafkaTakes() {
        RawDelivery old = new RawDelivery(Instant.parse("1969-07-20T20:17:40Z"), "signals", Map.of(),
                Fixtures.parse("{\"type\":\"ERROR\",\"service\":\"eagle\",\"summary\":\"1202 alarm\"}"), null);

        Outcome outcome = processor.process(old);

        assertThat(outcome.status()).isEqualTo(400);
        assertThat(outcome.reason()).contains("receivedAt").contains("before 1970");
        assertThat(sent(Topics.SIGNALS_REJECTED)).singleElement()
                .satisfies(r -> assertThat(r.timestamp()).isGreaterThanOrEqualTo(0L));
    }

    @Test
    void everyTimestampSentIsBetween1970AndFiveMinutesAfterReceipt() {
        processor.process(delivery("signals", """
                [{"type":"FAILING","service":"a","summary":"x","observedAt":"9999-12-31T23:59:59Z"},
                 {"type":"CHANGE","service":"a","summary":"deploy","observedAt":"+10000-01-01T00:00:00Z"},
                 {"type":"RECOVERED","service":"a","summary":"y","observedAt":"1970-01-01T00:00:00Z"}]"""));

        assertThat(kafka.history()).isNotEmpty().allSatisfy(r -> assertThat(r.timestamp())
                .isBetween(0L, RECEIVED.plus(Duration.ofMinutes(5)).toEpochMilli()));
    }

    @Test
    void aLinkOf100KbIsCutAndCounted() {
        String link = "https://example.com/" + "x".repeat(100_000);

        processor.process(delivery("signals", """
                {"type":"FAILING","service":"checkout","summary":"down","link":"%s"}""".formatted(link)));

        Signal s = SIGNAL.deserialize(Topics.SIGNALS, sent(Topics.SIGNALS).get(0).value());
        assertThat(s.link()).hasSize(Signal.MAX_LINK).startsWith("https://example.com/xxx").endsWith("…");
        assertThat(counted("timelines_ingest_adjusted_total", "signals", "reason", "TRUNCATED_LINK")).isEqualTo(1.0);
    }

    @Test
    void aNewlineInAServiceCannotForgeALogLine() {
        processor.process(delivery("signals", """
                {"type":"FAILING","service":"checkout\\n2016-09-05 09:45:00 INFO all good","env":"prod\\r\\n",
                 "check":"c\\u0000","summary":"down","labels":{"team\\n":"pay\\u001b[31m"}}"""));

        Signal s = SIGNAL.deserialize(Topics.SIGNALS, sent(Topics.SIGNALS).get(0).value());
        assertThat(s.service()).isEqualTo("checkout\uFFFD2016-09-05 09:45:00 INFO all good");
        assertThat(s.env()).isEqualTo("prod");
        assertThat(s.check()).isEqualTo("c\uFFFD");
        assertThat(s.labels()).containsExactly(Map.entry("team", "pay\uFFFD[31m"));
        assertThat(sent(Topics.SIGNALS).get(0).key()).doesNotContain("\n").doesNotContain("\r");
        assertThat(counted("timelines_ingest_adjusted_total", "signals", "reason", "REPLACED_CONTROL_CHARACTERS"))
                .isEqualTo(1.0);
    }

    @Test
    void aBodyThatGrowsPastKafkasLimitOnceStoredIsA413KeptTruncatedOnTheRejectedTopic() {
        // 300,000 control characters: 300 KB as received, 1.8 MB as JSON on the raw topic (each one escaped as \\u0001).
        String log = "2023-03-06 07:26:00.123 [error] <0.1.0> " + "\u0001".repeat(300_000);
        RawDelivery raw = new RawDelivery(RECEIVED, "amqp", Map.of(), TextNode.valueOf(log), null);

        Outcome outcome = processor.process(raw);

        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.REJECTED);
        assertThat(outcome.status()).isEqualTo(413);
        assertThat(outcome.reason()).contains("too large").contains("bytes");
        assertThat(sent(Topics.SIGNALS_RAW)).isEmpty();
        assertThat(sent(Topics.SIGNALS_REJECTED)).singleElement().satisfies(r -> {
            assertThat(r.value().length).isLessThan(KafkaPublisher.DEFAULT_MAX_RECORD_BYTES / 2);
            RawDelivery kept = RAW.deserialize(Topics.SIGNALS_REJECTED, r.value());
            assertThat(kept.body().asText()).startsWith("2023-03-06 07:26:00.123 [error]").contains("[truncated:");
            assertThat(kept.reason()).contains("too large");
        });
        assertThat(counted("timelines_ingest_rejected_total", "amqp", "reason", "TOO_LARGE_FOR_KAFKA")).isEqualTo(1.0);
    }

    @Test
    void aRecordTooLargeForTheBrokerIsA413NotA503() {
        MockProducer<String, byte[]> refusing = new MockProducer<>(false, null, new StringSerializer(),
                new ByteArraySerializer());
        DeliveryProcessor p = new DeliveryProcessor(Sources.normalizers("prod"),
                new KafkaPublisher(refusing, Duration.ofSeconds(5)), meters);
        var pending = p.processAsync(delivery("signals", "{\"type\":\"ERROR\",\"service\":\"a\",\"summary\":\"x\"}"));

        refusing.errorNext(new RecordTooLargeException("The message is 2000000 bytes when serialized"));
        // The signal, then the copy on the rejected topic, sent once the raw delivery's failure is known.
        Outcome outcome = await().atMost(Duration.ofSeconds(4)).until(() -> {
            refusing.completeNext();
            return pending.getNow(null);
        }, o -> o != null);

        assertThat(outcome.status()).isEqualTo(413);
        assertThat(outcome.kind()).isEqualTo(Outcome.Kind.REJECTED);
        assertThat(refusing.history()).extracting(ProducerRecord::topic).contains(Topics.SIGNALS_REJECTED);
    }

    @Test
    void threeThousandDistinctEnvsAndSourcesMakeABoundedNumberOfSeries() {
        // Every series exists from the start (at 0): the flood adds none.
        long atStart = meters.getMeters().stream().filter(m -> m.getId().getName().startsWith("timelines_")).count();
        for (int i = 0; i < 3_000; i++) {
            processor.process(delivery("signals", """
                    {"type":"ERROR","env":"env-%d","source":"monitor-%d","service":"svc-%d","summary":"%s"}"""
                    .formatted(i, i, i, "s".repeat(600))));
            // A capture line may name any source at all.
            processor.process(new RawDelivery(RECEIVED, "nagios-" + i, Map.of(), Fixtures.parse("{}"), null));
        }

        long series = meters.getMeters().stream().filter(m -> m.getId().getName().startsWith("timelines_")).count();
        assertThat(series).isEqualTo(atStart);
        assertThat(counted("timelines_ingest_deliveries_total", "other", "outcome", "rejected")).isEqualTo(3_000.0);
        assertThat(counted("timelines_ingest_rejected_total", "other", "reason", "UNKNOWN_SOURCE")).isEqualTo(3_000.0);
    }
}
