package timelines.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import timelines.app.replay.Replayer;
import timelines.contracts.Json;
import timelines.contracts.catalog.Catalog;
import timelines.streams.CorrelationSettings;

/**
 * {@code timelines replay} as the CLI runs it ({@link Replayer#replay}): a capture on disk through
 * a fresh broker, ingest's path, the topology and the draft writer, to drafts on disk. Timed as
 * the replay times itself, from the call to the drafts written, and the feed alone as well: until
 * the streams redesign lands the topology dominates the whole.
 */
final class ReplayStage {
    /** {@code feedSeconds} is the part before the topology starts: the capture through ingest onto the topics. */
    record Result(int deliveries, int accepted, int incidents, double seconds, double feedSeconds) {
        double perSecond() {
            return deliveries / seconds;
        }

        double feedPerSecond() {
            return deliveries / feedSeconds;
        }
    }

    private ReplayStage() {}

    static Result run(Path work, List<SignalMix.Delivery> mix, Catalog catalog, CorrelationSettings settings)
            throws Exception {
        Path capture = work.resolve("capture.jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(capture, StandardCharsets.UTF_8)) {
            for (SignalMix.Delivery d : mix) {
                writeLine(w, d);
            }
        }
        Replayer.Result r = Replayer.replay(capture, work.resolve("replay-drafts"), catalog, settings,
                new PrintStream(OutputStream.nullOutputStream()));
        if (!r.rejected().isEmpty()) {
            throw new IllegalStateException("the replay rejected " + r.rejected().size() + " deliveries, first: "
                    + r.rejected().get(0).reason());
        }
        return new Result(r.deliveries(), r.accepted(), r.incidents().size(), r.took().toNanos() / 1e9,
                r.feedTook().toNanos() / 1e9);
    }

    /** One capture line, as ingest's capture writes it. */
    static void writeLine(Writer w, SignalMix.Delivery d) throws IOException {
        var line = Json.mapper().createObjectNode();
        line.put("receivedAt", d.receivedAt().toString());
        line.put("source", d.source());
        line.putObject("headers").put("content-type", "application/json");
        line.set("body", d.body());
        w.write(Json.mapper().writeValueAsString(line));
        w.write('\n');
    }

    record Written(Path capture, Path catalog, long deliveries, Duration eventSpan) {}

    /**
     * A capture of {@code signals} signals too large to hold in memory, generated and written in
     * chunks of {@link #CHUNK} signals; each chunk goes on in event time from where the last ended.
     * The catalog beside it is the mix's ({@code dependsOn} within groups of ten).
     */
    static Written writeCapture(Path dir, int signals, int services, int errorsPerOutage, long seed)
            throws IOException {
        Files.createDirectories(dir);
        Path capture = dir.resolve("capture.jsonl");
        Path catalog = dir.resolve("catalog.yaml");
        StringBuilder yaml = new StringBuilder("defaults: { env: prod }\nservices:\n");
        for (var s : SignalMix.catalog(services).services()) {
            yaml.append("  - name: ").append(s.name()).append('\n');
            if (!s.dependsOn().isEmpty()) {
                yaml.append("    dependsOn: [").append(String.join(", ", s.dependsOn())).append("]\n");
            }
        }
        Files.writeString(catalog, yaml, StandardCharsets.UTF_8);
        SignalMix mix = new SignalMix(services, errorsPerOutage, seed);
        Instant start = Instant.parse("2024-03-04T00:00:00Z");
        Instant next = start;
        long lines = 0;
        try (BufferedWriter w = Files.newBufferedWriter(capture, StandardCharsets.UTF_8)) {
            for (int left = signals; left > 0; left -= CHUNK) {
                List<SignalMix.Delivery> chunk = mix.generate(Math.min(CHUNK, left), next);
                for (SignalMix.Delivery d : chunk) {
                    writeLine(w, d);
                }
                lines += chunk.size();
                next = chunk.get(chunk.size() - 1).receivedAt().plusMillis(1);
            }
        }
        return new Written(capture, catalog, lines, Duration.between(start, next));
    }

    static final int CHUNK = 100_000;
}
