package timelines.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import timelines.app.replay.Replayer;
import timelines.bench.noise.NoiseWeek;
import timelines.bench.noise.NoiseWeek.PlantedOutage;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Incident;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;
import timelines.streams.CorrelationSettings;

/**
 * The noise row (issue 13): weeks of a cluster's realistic noise with known outages planted in it
 * ({@link NoiseWeek}), replayed as {@code timelines replay} runs it, and what came out held against
 * what was planted: the outages, the unrecorded-outage alerts, the early warnings. Its speed is
 * signals per second over the whole replay.
 */
final class NoiseStage {
    /**
     * @param outages outage incidents the replay made; {@code matched} of them are planted ones
     *     (same env and service, same BEGIN)
     * @param falseUnrecorded unrecorded-outage alerts raised for anything but a planted outage
     *     nobody recorded; {@code missedUnrecorded} the planted ones that raised none
     * @param otherEarlyWarnings planted outages whose early warnings were not the expected ones
     * @param wrong the first few wrong answers, described
     */
    record Result(long signals, int deliveries, int days, int shops, int expectedOutages, int outages, int matched,
            int warningIncidents, int expectedUnrecorded, int falseUnrecorded, int missedUnrecorded,
            int otherEarlyWarnings, List<String> wrong, double generateSeconds, double seconds, double feedSeconds) {

        double signalsPerSecond() {
            return signals / seconds;
        }

        boolean right() {
            return outages == expectedOutages && matched == expectedOutages && falseUnrecorded == 0
                    && missedUnrecorded == 0 && otherEarlyWarnings == 0;
        }

        /** The row's headline: {@code noise: N signals -> K outages (expected K), F false unrecorded alerts (0)}. */
        String line() {
            return String.format("noise: %,d signals -> %,d outages (expected %,d), %,d false unrecorded alerts (0); "
                            + "%,.0f signals/s (%,d deliveries in %.1f s, the feed alone %.1f s)", signals, outages,
                    expectedOutages, falseUnrecorded, signalsPerSecond(), deliveries, seconds, feedSeconds);
        }
    }

    static final int MAX_WRONG = 8;

    private NoiseStage() {}

    /**
     * Enough whole weeks of noise for {@code minSignals} signals over {@code shops} copies of the
     * applications, replayed in {@code work}.
     */
    static Result run(Path work, long minSignals, int shops, long seed) throws Exception {
        long started = System.nanoTime();
        Written w = write(work.resolve("noise"), minSignals, shops, seed);
        double generated = (System.nanoTime() - started) / 1e9;
        Catalog catalog = CatalogLoader.load(work.resolve("noise/catalog.yaml"));
        Replayer.Result r = Replayer.replay(work.resolve("noise/capture.jsonl"), work.resolve("noise-drafts"), catalog,
                CorrelationSettings.defaults(), new PrintStream(OutputStream.nullOutputStream()));
        return judge(w.outcome(), r, w.days(), shops, generated);
    }

    record Written(NoiseWeek.Outcome outcome, int days) {}

    /** {@code capture.jsonl} and {@code catalog.yaml} in {@code dir}: whole weeks, enough for {@code minSignals}. */
    static Written write(Path dir, long minSignals, int shops, long seed) throws Exception {
        long perWeek = new NoiseWeek(seed, 7, shops, NoiseWeek.DEFAULT_START).generate().outcome().signals();
        int weeks = (int) Math.max(1, (minSignals + perWeek - 1) / perWeek);
        while (true) {
            NoiseWeek.Capture capture = new NoiseWeek(seed, 7 * weeks, shops, NoiseWeek.DEFAULT_START).write(dir);
            if (capture.outcome().signals() >= minSignals) {
                return new Written(capture.outcome(), 7 * weeks);
            }
            weeks++;
        }
    }

    static Result judge(NoiseWeek.Outcome planted, Replayer.Result r, int days, int shops, double generated) {
        List<String> wrong = new ArrayList<>();
        if (!r.rejected().isEmpty()) {
            wrong.add(r.rejected().size() + " deliveries rejected, first: " + r.rejected().get(0).reason());
        }
        List<Incident> outages = new ArrayList<>();
        int warnings = 0;
        for (Incident i : r.incidents()) {
            if (i.isOutage()) {
                outages.add(i);
            } else {
                warnings++;
            }
        }
        Set<String> matchedIds = new HashSet<>();
        Set<String> unrecordedIds = new HashSet<>();
        int otherEarlyWarnings = 0;
        for (PlantedOutage p : planted.outages()) {
            Incident i = outages.stream().filter(o -> o.env().equals(p.env()) && o.services().contains(p.service())
                    && p.begin().equals(o.begin())).findFirst().orElse(null);
            if (i == null) {
                wrong.add("planted " + p.story() + " (" + p.service() + ", begin " + p.begin() + ") is no outage");
                continue;
            }
            matchedIds.add(i.id());
            if (p.unrecordedAlert()) {
                unrecordedIds.add(i.id());
            }
            List<NoiseWeek.EarlyWarning> listed = i.earlyWarnings().stream()
                    .map(w -> new NoiseWeek.EarlyWarning(w.at(), w.source(), w.service(), w.severity(), w.summary()))
                    .toList();
            if (!listed.equals(p.earlyWarnings())) {
                otherEarlyWarnings++;
                wrong.add(p.story() + " lists " + listed.size() + " early warnings, expected " + p.earlyWarnings().size());
            }
        }
        for (Incident o : outages) {
            if (!matchedIds.contains(o.id())) {
                wrong.add("outage nobody planted: " + o.services() + " begin " + o.begin() + " end " + o.end()
                        + " severity " + o.severity() + (o.recorded() != null ? " recorded " + o.recorded() : "")
                        + ", " + o.entries().size() + " lines, id " + o.id());
            }
        }
        Set<String> raised = new HashSet<>();
        int falseUnrecorded = 0;
        for (Alert a : r.alerts()) {
            if (a.type() == AlertType.RAISED && raised.add(a.incidentId()) && !unrecordedIds.contains(a.incidentId())) {
                falseUnrecorded++;
                wrong.add("unrecorded-outage alert for " + a.services() + " begin " + a.begin() + " at " + a.at());
            }
        }
        int missed = (int) unrecordedIds.stream().filter(id -> !raised.contains(id)).count();
        if (missed > 0) {
            wrong.add(missed + " planted outages nobody recorded raised no alert");
        }
        return new Result(planted.signals(), planted.deliveries(), days, shops, planted.outages().size(), outages.size(),
                matchedIds.size(), warnings, unrecordedIds.size(), falseUnrecorded, missed, otherEarlyWarnings,
                wrong.subList(0, Math.min(MAX_WRONG, wrong.size())), generated, r.took().toNanos() / 1e9,
                r.feedTook().toNanos() / 1e9);
    }
}
