package timelines.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import timelines.contracts.Ids;
import timelines.contracts.Incident;
import timelines.contracts.Json;
import timelines.sink.drafts.LiveDrafts;

/**
 * The live draft writer alone ({@link LiveDrafts}, no broker), the way the sink drives it: one
 * revision per incident, {@code index.md} written after every batch of {@link #BATCH} (a poll's
 * worth), at most once a second. Reports the rate over each stretch of the count, so a writer
 * whose cost per draft grows with the drafts already written (issue 12: 0.03 s per draft at the
 * start, 0.65 s at 600) shows as a falling rate; then how long reopening takes (the index rebuilt
 * from the drafts on disk, what a restart costs).
 */
final class DraftStage {
    static final int BATCH = 500;
    static final int WARM_UP = 5_000;
    static final Duration INDEX_EVERY = Duration.ofSeconds(1);
    static final Instant START = Instant.parse("2024-03-04T00:00:00Z");
    static final String[] ENVS = {"prod", "prod", "prod", "stage"};

    /** The rate between the previous checkpoint and {@code upTo}. */
    record Stretch(int from, int upTo, double perSecond) {}

    record Result(int incidents, double seconds, List<Stretch> stretches, double reopenSeconds, long indexBytes,
            int indexWrites) {
        double perSecond() {
            return incidents / seconds;
        }

        double firstPerSecond() {
            return stretches.get(0).perSecond();
        }

        double lastPerSecond() {
            return stretches.get(stretches.size() - 1).perSecond();
        }
    }

    private DraftStage() {}

    /**
     * Drafts {@code count} incidents into {@code work/drafts}, after a warm-up of up to
     * {@link #WARM_UP} others in {@code work/warm-up} (so the first stretch does not measure the
     * JIT). Checkpoints at a tenth, a half and all of {@code count}: 10k, 50k and 100k for 100,000.
     */
    static Result run(Path work, int count, long seed) throws IOException {
        LiveDrafts warmUp = LiveDrafts.open(work.resolve("warm-up"));
        Random warmUpRandom = new Random(seed + 1);
        for (int n = 0; n < Math.min(WARM_UP, count); n++) {
            warmUp.write(incident(-1 - n, warmUpRandom));
        }
        warmUp.flushIndex();
        Path dir = work.resolve("drafts");
        List<Integer> checkpoints = List.of(Math.max(1, count / 10), Math.max(1, count / 2), count);
        Random random = new Random(seed);
        LiveDrafts drafts = LiveDrafts.open(dir);
        List<Stretch> stretches = new ArrayList<>();
        long started = System.nanoTime();
        long stretchStarted = started;
        long indexWritten = 0;
        int indexWrites = 0;
        int from = 0;
        for (int n = 0; n < count; n++) {
            drafts.write(incident(n, random));
            boolean batchEnd = (n + 1) % BATCH == 0 || n + 1 == count;
            if (batchEnd && System.nanoTime() - indexWritten >= INDEX_EVERY.toNanos()) {
                if (drafts.flushIndex()) {
                    indexWrites++;
                }
                indexWritten = System.nanoTime();
            }
            if (checkpoints.contains(n + 1) && (stretches.isEmpty() || stretches.get(stretches.size() - 1).upTo() != n + 1)) {
                long now = System.nanoTime();
                stretches.add(new Stretch(from, n + 1, (n + 1 - from) / ((now - stretchStarted) / 1e9)));
                stretchStarted = now;
                from = n + 1;
            }
        }
        drafts.flushIndex();
        double seconds = (System.nanoTime() - started) / 1e9;
        long reopen = System.nanoTime();
        LiveDrafts reopened = LiveDrafts.open(dir);
        double reopenSeconds = (System.nanoTime() - reopen) / 1e9;
        if (reopened.size() != count) {
            throw new IllegalStateException("reopened " + reopened.size() + " drafts of " + count);
        }
        return new Result(count, seconds, stretches, reopenSeconds, Files.size(dir.resolve("index.md")), indexWrites);
    }

    /**
     * An outage as the topology would draft it: an env, one to three of 200 services, a failing
     * check detected a few seconds in, a burst of errors, a recovery. Built as JSON, so it reads
     * like a revision off {@code incidents.v1}.
     */
    static Incident incident(int n, Random random) {
        Instant begin = START.plusSeconds(37L * n);
        long recover = 60 + random.nextInt(3_600);
        long detect = random.nextInt(30);
        String env = ENVS[Math.floorMod(n, ENVS.length)];
        ObjectNode i = Json.mapper().createObjectNode();
        i.put("id", Ids.of("bench-draft", Integer.toString(n)));
        i.put("revision", 1 + random.nextInt(5));
        i.put("env", env);
        ArrayNode services = i.putArray("services");
        int many = 1 + random.nextInt(3);
        for (int k = 0; k < many; k++) {
            services.add("service-" + random.nextInt(200));
        }
        String first = services.get(0).asText();
        i.put("title", first + " (" + env + "): " + first + " is down (HTTP 503)");
        i.put("status", "RESOLVED");
        i.put("planned", false);
        i.put("begin", begin.toString());
        i.put("detect", begin.plusSeconds(detect).toString());
        i.put("end", begin.plusSeconds(recover).toString());
        i.put("endInferred", false);
        i.put("timeToDetectSeconds", detect);
        i.put("timeToRecoverSeconds", recover);
        ObjectNode by = i.putObject("detectedBy");
        by.put("source", "pingdom");
        by.put("service", first);
        by.put("summary", first + " is down (HTTP 503)");
        ArrayNode entries = i.putArray("entries");
        entry(entries, begin, "BEGIN", "FAILING", "pingdom", first, "check-" + first, first + " is down (HTTP 503)", 1,
                "https://my.pingdom.com/reports/" + n);
        entry(entries, begin.plusSeconds(detect), "DETECT", null, "pingdom", first, null, "Detected: " + first + " is down",
                1, null);
        int errors = random.nextInt(6);
        for (int k = 0; k < errors; k++) {
            entry(entries, begin.plusSeconds(30L + 60L * k), null, "ERROR", "sentry", services.get(k % many).asText(),
                    "issue-" + k, "ConnectionError: upstream timed out after 30 s (attempt " + k + ")", 1 + k, null);
        }
        entry(entries, begin.plusSeconds(recover), "END", "RECOVERED", "pingdom", first, "check-" + first,
                first + " is up", 1, null);
        return Json.mapper().convertValue(i, Incident.class);
    }

    private static void entry(ArrayNode entries, Instant at, String marker, String type, String source, String service,
            String check, String summary, int count, String link) {
        ObjectNode e = entries.addObject();
        e.put("at", at.toString());
        e.put("marker", marker);
        e.put("type", type);
        e.put("source", source);
        e.put("service", service);
        e.put("check", check);
        e.put("summary", summary);
        e.put("count", count);
        e.put("lastAt", at.plusSeconds(count > 1 ? 60L * count : 0).toString());
        e.put("link", link);
    }
}
