package timelines.app.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import timelines.app.post.CapturePoster;
import timelines.app.post.CaptureShift;
import timelines.streams.CorrelationSettings;

@Command(name = "post", mixinStandardHelpOptions = true,
        description = {"Post the deliveries of a capture to a running ingest over HTTP, one at a time and in order, "
                + "as their senders would have (signals to /v1/signals, records to /v1/records, others to "
                + "/v1/webhooks/<source>, with the captured headers).",
                "A live system's clock is now: --shift-to-now moves every time in every delivery, each in its vendor's "
                        + "form, so the capture ends now; --max-gap shortens the long quiet gaps between its stories.",
                "Exits 1 when a delivery was refused, or when ingest stayed unavailable (it then says how to resume)."})
final class PostCommand implements Callable<Integer> {
    /** How old a signal a live system still builds incidents from, unless its config says otherwise. */
    static final Duration HORIZON = CorrelationSettings.defaults().amendHorizon();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Capture capture;

    static final class Capture {
        @Option(names = "--input", required = true, description = "The capture file (JSON Lines, e.g. from 'timelines export').")
        Path file;

        @Option(names = "--sample", required = true,
                description = "The bundled sample capture (the stories of the seed postmortems, 2016 to 2023).")
        boolean sample;
    }

    @Option(names = "--url", defaultValue = "http://localhost:8080",
            description = "Ingest's base URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(names = "--token", defaultValue = "${env:TIMELINES_TOKEN}",
            description = "Sent as 'Authorization: Bearer'; default: TIMELINES_TOKEN (prefer it: a command line is visible to others).")
    String token;

    @ArgGroup(exclusive = true)
    Target target;

    static final class Target {
        @Option(names = "--shift-to-now", required = true,
                description = "Move every time so that the capture's last delivery lands now (to the second).")
        boolean now;

        @Option(names = "--shift-to", required = true,
                description = "Move every time so that the capture's last delivery lands at this instant (ISO-8601, "
                        + "not in the future).")
        Instant instant;
    }

    @Option(names = "--max-gap",
            description = "With a shift: shorten every gap between deliveries longer than this (ISO-8601, e.g. P1D) to it; "
                    + "the deliveries between such gaps keep theirs. Default: keep every gap.")
    Duration maxGap;

    @Option(names = "--from-line", defaultValue = "1",
            description = "Start at this line of the capture (to resume; the shift is computed over the whole capture).")
    int fromLine;

    Clock clock = Clock.systemUTC();
    CapturePoster.Pause pause = d -> Thread.sleep(d.toMillis());
    PrintStream out = System.out;
    PrintStream err = System.err;

    @Override
    public Integer call() throws Exception {
        if (fromLine < 1) {
            throw new IllegalArgumentException("--from-line counts from 1");
        }
        if (maxGap != null && target == null) {
            throw new IllegalArgumentException("--max-gap moves deliveries: give --shift-to-now or --shift-to as well");
        }
        Instant now = clock.instant();
        if (target != null && target.instant != null && target.instant.isAfter(now)) {
            throw new IllegalArgumentException("--shift-to " + target.instant + " is in the future: ingest would clamp "
                    + "every time after its own receipt (DESIGN section 4)");
        }
        Path file = capture.sample ? sampleCopy() : capture.file;
        try {
            return post(file, now);
        } finally {
            if (capture.sample) {
                Files.deleteIfExists(file);
            }
        }
    }

    private int post(Path file, Instant now) throws Exception {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("cannot read capture " + file);
        }
        List<Instant> receipts = CapturePoster.receipts(file);
        CaptureShift shift = null;
        if (target != null) {
            Instant to = target.now ? now.truncatedTo(ChronoUnit.SECONDS) : target.instant;
            shift = CaptureShift.plan(receipts, to, maxGap);
            describe(shift, receipts);
        }
        warnBeyondHorizon(receipts, shift, now);

        CapturePoster.Result r = new CapturePoster(url, token, pause).post(file, fromLine, shift, out);
        out.printf("post: %d deliveries to %s (%d accepted, %d ignored, %d refused)%n", r.deliveries(), url, r.accepted(),
                r.ignored(), r.refused());
        if (r.receiptTimed() > 0) {
            err.printf("post: %d signals carry no time of their own; ingest stamped them with the moment they were posted%n",
                    r.receiptTimed());
        }
        if (r.stopped() != null) {
            err.printf("post: stopped at line %d (%s); ingest is unreachable or Kafka unavailable, and what follows "
                    + "would arrive out of order. Resume with:%n  %s%n", r.stopped().line(), r.stopped().why(),
                    resume(r.stopped().line(), shift));
        }
        return r.clean() ? 0 : 1;
    }

    private void describe(CaptureShift shift, List<Instant> receipts) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < receipts.size(); i++) {
            if (receipts.get(i) != null) {
                first = Math.min(first, shift.seconds(i));
                last = Math.max(last, shift.seconds(i));
            }
        }
        if (first == Long.MAX_VALUE) {
            return;
        }
        if (shift.runs() > 1) {
            err.printf("post: %d runs of deliveries (gaps over %s shortened to it), moved by %s to %s, so the last one "
                    + "lands at %s%n", shift.runs(), maxGap, CaptureShift.describe(first), CaptureShift.describe(last),
                    shift.target());
        } else {
            err.printf("post: every time moved by %s, so the last delivery lands at %s%n", CaptureShift.describe(first),
                    shift.target());
        }
    }

    /** Old deliveries are accepted and kept, but build no incident: worth saying before, not discovering after. */
    private void warnBeyondHorizon(List<Instant> receipts, CaptureShift shift, Instant now) {
        Instant horizon = now.minus(HORIZON);
        long old = 0;
        for (int i = fromLine - 1; i < receipts.size(); i++) {
            Instant t = receipts.get(i);
            if (t != null && (shift == null ? t : t.plusSeconds(shift.seconds(i))).isBefore(horizon)) {
                old++;
            }
        }
        if (old > 0) {
            err.printf("post: %d deliveries %s more than %d days before now: a live system keeps them on signals.raw.v1 "
                    + "but builds no incident from them (correlation.amendHorizon). %s%n", old,
                    shift == null ? "are" : "land", HORIZON.toDays(), shift == null
                            ? "--shift-to-now moves them to now."
                            : "--max-gap P1D shortens the long gaps between the capture's stories.");
        }
    }

    private String resume(int line, CaptureShift shift) {
        StringBuilder c = new StringBuilder("timelines post ");
        c.append(capture.sample ? "--sample" : "--input '" + capture.file + "'");
        c.append(" --url ").append(url).append(" --from-line ").append(line);
        if (shift != null) {
            c.append(" --shift-to ").append(shift.target());
        }
        if (maxGap != null) {
            c.append(" --max-gap ").append(maxGap);
        }
        return c.toString();
    }

    private static Path sampleCopy() throws Exception {
        Path file = Files.createTempFile("timelines-sample-", ".jsonl");
        try (InputStream in = Objects.requireNonNull(PostCommand.class.getResourceAsStream(DemoCommand.CAPTURE),
                DemoCommand.CAPTURE + " is missing from the jar")) {
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }
}
