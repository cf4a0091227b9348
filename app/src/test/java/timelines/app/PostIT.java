package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.cli.Main;
import timelines.app.post.CapturePoster;
import timelines.app.post.CaptureShift;
import timelines.app.replay.Replayer;
import timelines.app.run.AllInOne;
import timelines.contracts.Incident;
import timelines.contracts.Json;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.alerts.AlertTargets;
import timelines.streams.CorrelationSettings;

/**
 * The compose story in one process: a running system whose clock is the wall clock, and
 * {@code timelines post --sample --shift-to-now --max-gap P1D} into it over HTTP. The sample's
 * stories, years old, land in the last days and come out as drafts: the same incidents a replay
 * of the sample gives, each moved by its run's offset, but for what a live system decides by its
 * own clock (see {@link #deterministic}).
 */
class PostIT {
    static final String TOKEN = "post-it-token";
    @TempDir
    static Path dir;
    static AllInOne app;
    static Replayer.Result replayed;

    @BeforeAll
    static void start() throws Exception {
        Path catalog = dir.resolve("catalog.yaml");
        try (InputStream in = PostIT.class.getResourceAsStream("/demo/catalog.yaml")) {
            Files.copy(in, catalog);
        }
        app = AllInOne.start(new AllInOne.Settings(null, dir.resolve("data"), 0, "localhost", 0, dir.resolve("drafts"),
                2, catalog, null, Duration.ofMillis(500), CorrelationSettings.defaults(),
                WebhookAuth.sharedToken(TOKEN), null, false, AlertTargets.defaults()));
        Path sample = dir.resolve("sample.jsonl");
        try (InputStream in = PostIT.class.getResourceAsStream("/demo/capture.jsonl")) {
            Files.copy(in, sample);
        }
        replayed = Replayer.replay(sample, dir.resolve("replayed"), ReplayIT.catalogFrom(dir),
                CorrelationSettings.defaults(), System.err);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void theSamplePostedShiftedToNowGivesItsIncidentsAsDrafts() throws Exception {
        Instant before = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
        int exit = Main.execute("post", "--sample", "--shift-to-now", "--max-gap", "P1D",
                "--url", "http://localhost:" + app.httpPort(), "--token", TOKEN);
        Instant after = Clock.systemUTC().instant();
        assertThat(exit).isZero();

        // Offsets of the runs as planned for `before`; --shift-to-now planned them for a second at most
        // `after`, which adds the same whole seconds to every run.
        List<Instant> receipts = CapturePoster.receipts(dir.resolve("sample.jsonl"));
        CaptureShift plan = CaptureShift.plan(receipts, before, Duration.ofDays(1));
        Set<Long> offsets = new TreeSet<>();
        for (int i = 0; i < receipts.size(); i++) {
            offsets.add(plan.seconds(i));
        }
        long slack = Duration.between(before, after).getSeconds() + 1;

        List<Incident> drafts = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(PostIT::drafts, d -> d.size() >= replayed.incidents().size()
                        && replayed.incidents().stream().allMatch(r -> matching(r, d) != null));

        assertThat(drafts).hasSameSizeAs(replayed.incidents());
        Set<Long> extra = new TreeSet<>();
        for (Incident r : replayed.incidents()) {
            Incident live = matching(r, drafts);
            long moved = Duration.between(r.begin(), live.begin()).getSeconds();
            long run = offsets.stream().filter(o -> moved >= o && moved <= o + slack).findFirst()
                    .orElseThrow(() -> new AssertionError(r.env() + "/" + r.services() + " moved by " + moved
                            + " s, none of the runs' offsets " + offsets));
            extra.add(moved - run);
            boolean last = r == replayed.incidents().get(replayed.incidents().size() - 1);
            assertThat(deterministic(ShiftedReplayIT.projection(live, 0, false), last).toPrettyString())
                    .as("%s/%s", r.env(), r.services())
                    .isEqualTo(deterministic(ShiftedReplayIT.projection(r, moved, false), last).toPrettyString());
        }
        assertThat(extra).as("one shift for the whole capture").hasSize(1);
    }

    /**
     * What a live post decides as a replay does. Not detection: ingest stamps each delivery with its
     * own receipt, so every story is detected when it was posted. Not the unrecorded-outage alerts:
     * the live check runs on the wall clock while the story arrives in a second, so whether a record
     * beat it is a race. Not the changes drawn on a timeline: a change posted after the tick that
     * closed its (days old) episode is kept for the next one instead, which is a race too; the
     * changes before BEGIN (trigger candidates) are compared. Not the end of the last story: it
     * ends now, and may still be open.
     */
    private static ObjectNode deterministic(ObjectNode p, boolean lastStory) {
        p.remove(List.of("detect", "unrecordedAlertAt"));
        ((ArrayNode) p.get("timeTo")).set(0, TextNode.valueOf("-"));
        ArrayNode entries = Json.mapper().createArrayNode();
        p.get("entries").forEach(e -> {
            String[] f = e.asText().split(" \\| ");
            if (!f[1].equals("DETECT") && !f[3].equals("timelines") && !f[2].equals("CHANGE")
                    && !(lastStory && f[1].equals("END"))) {
                entries.add(e);
            }
        });
        p.set("entries", entries);
        if (lastStory) {
            p.remove(List.of("status", "end", "endInferred"));
            ((ArrayNode) p.get("timeTo")).set(3, TextNode.valueOf("-"));
        }
        return p;
    }

    /** The live draft of the replayed incident: same env and services. */
    private static Incident matching(Incident replayed, List<Incident> drafts) {
        return drafts.stream().filter(d -> d.env().equals(replayed.env()) && d.services().equals(replayed.services()))
                .findFirst().orElse(null);
    }

    private static List<Incident> drafts() throws Exception {
        Path out = dir.resolve("drafts");
        List<Incident> found = new ArrayList<>();
        if (!Files.isDirectory(out)) {
            return found;
        }
        try (Stream<Path> files = Files.walk(out)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                found.add(Json.mapper().readValue(f.toFile(), Incident.class));
            }
        }
        return found;
    }
}
