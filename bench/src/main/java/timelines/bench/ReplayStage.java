package timelines.bench;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
                var line = Json.mapper().createObjectNode();
                line.put("receivedAt", d.receivedAt().toString());
                line.put("source", d.source());
                line.putObject("headers").put("content-type", "application/json");
                line.set("body", d.body());
                w.write(Json.mapper().writeValueAsString(line));
                w.newLine();
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
}
