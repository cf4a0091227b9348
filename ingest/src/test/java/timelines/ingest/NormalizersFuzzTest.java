package timelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import timelines.contracts.RawDelivery;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Normalizers;
import timelines.ingest.delivery.Outcome;
import timelines.ingest.delivery.Payload;
import timelines.ingest.delivery.Rejection;
import timelines.ingest.kafka.KafkaPublisher;

/**
 * Fuzzing (issue 16) of every registered source, one target for all of them: whatever bytes a
 * sender posts, ingest answers with signals or records, an ignore, or a typed rejection (malformed
 * JSON, an invalid payload, a bound) — never an exception, and never {@link
 * Rejection#NORMALIZER_FAILED}, which is a normalizer that threw.
 *
 * <p>An input is {@code <source>\n<body>}; a source name that is not registered picks one by its
 * hash, so the fuzzer reaches every normalizer, and a normalizer registered later in {@link
 * Sources} is fuzzed with no change here. The body goes the way {@code IngestHttp} sends it:
 * parsed as strict JSON, or kept as text for a text source. The whole delivery path runs after
 * it (catalog rules, the guards, the serializers) against a mock producer.
 *
 * <p>{@code mvn verify} runs the seeds in {@code NormalizersFuzzTestInputs} (one small published
 * example per source, from {@code fixtures/}, see each {@code SOURCES.md}) and every fixture
 * ({@link #everyFixtureOfEverySource}); the pom's {@code fuzz-normalizers} execution then fuzzes
 * for a few seconds. Longer runs: see the README's Development section.
 */
class NormalizersFuzzTest {
    static final Instant RECEIVED = Instant.parse("2016-09-05T09:45:00Z");
    // Slack reads messages only from the channels named; these are the fixtures' (Slack's example's and the support one).
    static final Normalizers NORMALIZERS = Sources.normalizers("prod", java.util.List.of(),
            java.util.Set.of("C123ABC456", "C0SUPPORT1"));
    static final MockProducer<String, byte[]> KAFKA =
            new MockProducer<>(true, null, new StringSerializer(), new ByteArraySerializer());
    static final DeliveryProcessor PROCESSOR = new DeliveryProcessor(NORMALIZERS,
            new KafkaPublisher(KAFKA, Duration.ofSeconds(5)), new SimpleMeterRegistry(), () -> Catalog.EMPTY,
            Clock.fixed(RECEIVED, ZoneOffset.UTC));

    @FuzzTest(maxDuration = "5s")
    void everySourceAnswersWithSignalsAnIgnoreOrATypedRejection(byte[] input) {
        int newline = indexOf(input, (byte) '\n');
        String named = newline < 0 ? "" : new String(input, 0, newline, StandardCharsets.UTF_8);
        byte[] body = newline < 0 ? input : Arrays.copyOfRange(input, newline + 1, input.length);
        List<String> sources = NORMALIZERS.sources();
        String source = sources.contains(named) ? named : sources.get(Math.floorMod(named.hashCode(), sources.size()));
        deliver(source, body);
    }

    /** Every published example of every source, whole, through the same check. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyFixtureOfEverySource(String fixture, String source) throws IOException, URISyntaxException {
        deliver(source, Files.readAllBytes(fixturesDir().resolve(fixture)));
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> fixtures() throws IOException, URISyntaxException {
        Path dir = fixturesDir();
        try (Stream<Path> files = Files.walk(dir)) {
            // slack-signing holds Slack's signature example (a form body for the signature test), no delivery.
            List<org.junit.jupiter.params.provider.Arguments> out = files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".md"))
                    .filter(f -> !f.getParent().getFileName().toString().equals("slack-signing"))
                    .map(f -> org.junit.jupiter.params.provider.Arguments.of(dir.relativize(f).toString(),
                            sourceOf(f.getParent().getFileName().toString())))
                    .sorted((a, b) -> ((String) a.get()[0]).compareTo((String) b.get()[0])).toList();
            assertThat(out).as("fixtures").hasSizeGreaterThan(50);
            return out.stream();
        }
    }

    /** The fixture directory names the source, or the source less its dashes ({@code uptimekuma} is {@code uptime-kuma}). */
    static String sourceOf(String dir) {
        return NORMALIZERS.sources().stream().filter(s -> s.equals(dir) || s.replace("-", "").equals(dir)).findFirst()
                .orElseThrow(() -> new AssertionError("fixtures/" + dir + " names no registered source"));
    }

    static Path fixturesDir() throws URISyntaxException {
        return Path.of(NormalizersFuzzTest.class.getResource("/fixtures").toURI());
    }

    /** One delivery as {@code IngestHttp} hands it over; fails on anything but a normal answer. */
    static void deliver(String source, byte[] body) {
        Normalizer normalizer = NORMALIZERS.find(source).orElseThrow();
        JsonNode json;
        if (normalizer.acceptsText()) {
            json = TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
        } else {
            try {
                json = Payload.parse(body);
            } catch (JsonProcessingException e) {
                return; // a typed rejection: 400 MALFORMED_JSON
            }
            if (json == null || json.isMissingNode()) {
                return; // a typed rejection: 400 EMPTY_BODY
            }
        }
        Outcome outcome = PROCESSOR.process(new RawDelivery(RECEIVED, source, Map.of(), json, null));
        KAFKA.clear();
        if (outcome.kind() == Outcome.Kind.REJECTED && outcome.rejection() == Rejection.NORMALIZER_FAILED) {
            throw new AssertionError(source + " normalizer threw: " + outcome.reason());
        }
        if (outcome.kind() != Outcome.Kind.ACCEPTED && outcome.kind() != Outcome.Kind.IGNORED
                && outcome.kind() != Outcome.Kind.REJECTED) {
            throw new AssertionError(source + ": " + outcome);
        }
        if (outcome.kind() == Outcome.Kind.REJECTED && outcome.rejection() == null) {
            throw new AssertionError(source + ": a rejection without its type: " + outcome);
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
