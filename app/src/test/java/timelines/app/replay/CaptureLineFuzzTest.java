package timelines.app.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.RawDelivery;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.Sources;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.delivery.Outcome;
import timelines.ingest.delivery.Payload;
import timelines.ingest.delivery.Rejection;
import timelines.ingest.kafka.KafkaPublisher;

/**
 * Fuzzing (issue 16) of the capture reader, as {@code replay} and {@code post} read a capture:
 * each line is a delivery ({@link CaptureLine#parse}) or a typed rejection ({@link
 * Payload.Invalid}, reported with its line number), and a delivery then goes through the whole
 * ingest path to signals, an ignore or a typed rejection. Any other exception, and a normalizer
 * that threw ({@link Rejection#NORMALIZER_FAILED}), fails.
 *
 * <p>{@code mvn verify} runs the seeds in {@code CaptureLineFuzzTestInputs} (lines of the bundled
 * captures, one per source) and every line of those captures ({@link #everyLineOfTheBundledCaptures});
 * the pom's {@code fuzz-capture} execution then fuzzes for a few seconds.
 */
class CaptureLineFuzzTest {
    static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    static final MockProducer<String, byte[]> KAFKA =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    static final DeliveryProcessor PROCESSOR = new DeliveryProcessor(Sources.normalizers("prod"),
            new KafkaPublisher(KAFKA, Duration.ofSeconds(5)), new SimpleMeterRegistry(), () -> Catalog.EMPTY,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @FuzzTest(maxDuration = "5s")
    void everyLineIsADeliveryOrATypedRejection(byte[] input) {
        for (String line : new String(input, StandardCharsets.UTF_8).split("\n")) {
            read(line);
        }
    }

    @ParameterizedTest(name = "{0}:{1}")
    @MethodSource("bundledLines")
    void everyLineOfTheBundledCaptures(String capture, int lineNo, String line) {
        read(line);
    }

    static Stream<Arguments> bundledLines() throws IOException {
        List<Arguments> out = new ArrayList<>();
        for (String capture : List.of("/demo/capture.jsonl", "/captures/vendors.jsonl")) {
            try (InputStream in = CaptureLineFuzzTest.class.getResourceAsStream(capture)) {
                assertThat(in).as(capture).isNotNull();
                String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
                for (int i = 0; i < lines.length; i++) {
                    out.add(Arguments.of(capture, i + 1, lines[i]));
                }
            }
        }
        assertThat(out).hasSizeGreaterThan(50);
        return out.stream();
    }

    /** One capture line as the replay feed reads it; fails on anything but a normal answer. */
    static void read(String line) {
        if (line.isBlank()) {
            return;
        }
        RawDelivery raw;
        try {
            raw = CaptureLine.parse(line);
        } catch (Payload.Invalid e) {
            return; // a typed rejection, reported with its line number
        }
        if (raw.source() == null || raw.receivedAt() == null || raw.body() == null) {
            throw new AssertionError("a delivery without its source, time or body: " + raw);
        }
        Outcome outcome = PROCESSOR.process(raw);
        KAFKA.clear();
        if (outcome.kind() == Outcome.Kind.REJECTED && outcome.rejection() == Rejection.NORMALIZER_FAILED) {
            throw new AssertionError(raw.source() + " normalizer threw: " + outcome.reason());
        }
        if (outcome.kind() == Outcome.Kind.UNAVAILABLE
                || (outcome.kind() == Outcome.Kind.REJECTED && outcome.rejection() == null)) {
            throw new AssertionError(raw.source() + ": " + outcome);
        }
    }
}
