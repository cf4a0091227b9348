package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.post.CapturePoster;
import timelines.app.post.CaptureShift;
import timelines.app.replay.CaptureLine;
import timelines.app.replay.Replayer;
import timelines.contracts.Alert;
import timelines.contracts.Incident;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.catalog.Catalog;
import timelines.streams.CorrelationSettings;

/**
 * The proof that a capture moved in time is the same capture later: replayed, it gives the same
 * incidents (same services, statuses, entries, markers, alerts) with every time moved by the same
 * offset. A time field the shift misses (see TimeFields) stays behind, and its incident comes out
 * different or not at all. Ids hash the times, so they differ; content is compared.
 */
class ShiftedReplayIT {
    @TempDir
    static Path dir;
    static Catalog catalog;
    static Path sample;
    static Replayer.Result sampleAsCaptured;

    @BeforeAll
    static void replayTheSampleAsCaptured() throws Exception {
        catalog = ReplayIT.catalogFrom(dir);
        sample = resource("/demo/capture.jsonl", "sample.jsonl");
        sampleAsCaptured = Replayer.replay(sample, dir.resolve("sample"), catalog, CorrelationSettings.defaults(),
                System.err);
        assertThat(sampleAsCaptured.incidents()).hasSizeGreaterThanOrEqualTo(6);
    }

    @Test
    void theSampleMovedByAnOffsetGivesItsTimelinesThatMuchLater() throws Exception {
        Instant to = Instant.parse("2031-02-03T04:05:06Z");
        CaptureShift plan = CaptureShift.plan(CapturePoster.receipts(sample), to, null);

        Replayer.Result moved = Replayer.replay(moved(sample, plan, "sample-moved.jsonl"), dir.resolve("sample-moved"),
                catalog, CorrelationSettings.defaults(), System.err);

        assertThat(moved.rejected()).isEmpty();
        assertThat(moved.accepted()).isEqualTo(sampleAsCaptured.accepted());
        assertThat(projections(moved.incidents(), 0, false))
                .isEqualTo(projections(sampleAsCaptured.incidents(), plan.seconds(0), false));
        assertThat(alerts(moved.alerts(), 0)).isEqualTo(alerts(sampleAsCaptured.alerts(), plan.seconds(0)));
        assertThat(moved.incidents()).last().satisfies(i -> assertThat(i.end()).isBefore(to));
    }

    @Test
    void theSampleWithItsGapsShortenedGivesEachStoryMovedByItsRunsOffset() throws Exception {
        Instant to = Instant.parse("2026-05-01T12:00:00Z");
        List<Instant> receipts = CapturePoster.receipts(sample);
        CaptureShift plan = CaptureShift.plan(receipts, to, Duration.ofDays(1));
        Set<Long> offsets = new TreeSet<>();
        for (int i = 0; i < receipts.size(); i++) {
            offsets.add(plan.seconds(i));
        }
        assertThat(offsets).hasSize(4);

        Replayer.Result moved = Replayer.replay(moved(sample, plan, "sample-squeezed.jsonl"), dir.resolve("sample-squeezed"),
                catalog, CorrelationSettings.defaults(), System.err);

        assertThat(moved.incidents()).hasSameSizeAs(sampleAsCaptured.incidents())
                .allSatisfy(i -> assertThat(i.begin()).isAfter(to.minus(Duration.ofDays(5))));
        List<String> actual = projections(moved.incidents(), 0, false);
        for (Incident i : sampleAsCaptured.incidents()) {
            assertThat(offsets.stream().map(o -> project(i, o, false)))
                    .as("%s/%s moved by one of the runs' offsets", i.env(), i.services()).containsAnyElementsOf(actual);
        }
    }

    @Test
    void everyVendorsFormatMovedByAnOffsetGivesItsTimelinesThatMuchEarlier() throws Exception {
        Path vendors = resource("/captures/vendors.jsonl", "vendors.jsonl");
        // The fixtures' times span years and are in fixture order: as in ReplayIT, a horizon that takes them all.
        CorrelationSettings d = CorrelationSettings.defaults();
        CorrelationSettings forever = new CorrelationSettings(d.gap(), d.quiet(), d.lookback(), d.recordGrace(),
                d.minDuration(), d.excludedEnvs(), d.maxEntries(), Duration.ofDays(365L * 100));
        CaptureShift plan = CaptureShift.plan(CapturePoster.receipts(vendors), Instant.parse("2026-05-01T12:00:00Z"), null);
        assertThat(plan.seconds(0)).isNegative();

        Replayer.Result asCaptured = Replayer.replay(vendors, dir.resolve("vendors"), Catalog.EMPTY, forever, System.err);
        Replayer.Result moved = Replayer.replay(moved(vendors, plan, "vendors-moved.jsonl"), dir.resolve("vendors-moved"),
                Catalog.EMPTY, forever, System.err);

        assertThat(moved.rejected()).isEmpty();
        assertThat(moved.accepted()).isEqualTo(asCaptured.accepted()).isEqualTo(asCaptured.deliveries());
        Set<String> sources = new TreeSet<>();
        moved.incidents().forEach(i -> i.entries().forEach(e -> sources.add(String.valueOf(e.source()))));
        assertThat(sources).contains("sentry", "alertmanager", "grafana", "uptime-kuma", "uptimerobot", "pingdom",
                "cloudwatch", "pagerduty", "opsgenie", "amqp");
        // Uptime Kuma writes the moved lastDownTime into a summary: the same words with other digits.
        assertThat(projections(moved.incidents(), 0, true))
                .isEqualTo(projections(asCaptured.incidents(), plan.seconds(0), true));
        assertThat(alerts(moved.alerts(), 0)).isEqualTo(alerts(asCaptured.alerts(), plan.seconds(0)));
    }

    private static Path resource(String name, String file) throws Exception {
        Path out = dir.resolve(file);
        if (!Files.exists(out)) {
            try (InputStream in = ShiftedReplayIT.class.getResourceAsStream(name)) {
                Files.copy(in, out);
            }
        }
        return out;
    }

    /** The capture with every delivery moved as the plan says: what `timelines post` sends, with its receipt. */
    static Path moved(Path capture, CaptureShift plan, String name) throws Exception {
        List<String> lines = Files.readAllLines(capture, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            RawDelivery d = CaptureShift.move(CaptureLine.parse(lines.get(i)), plan.seconds(i));
            out.add(Json.mapper().writeValueAsString(d));
        }
        Path file = dir.resolve(name);
        Files.write(file, out, StandardCharsets.UTF_8);
        return file;
    }

    private static List<String> projections(List<Incident> incidents, long seconds, boolean maskDigits) {
        List<String> out = new ArrayList<>();
        for (Incident i : incidents) {
            out.add(project(i, seconds, maskDigits));
        }
        out.sort(null);
        return out;
    }

    static String project(Incident i, long seconds, boolean maskDigits) {
        return projection(i, seconds, maskDigits).toPrettyString();
    }

    /** Everything an incident says, its times moved by {@code seconds}; not its id or revision. */
    static ObjectNode projection(Incident i, long seconds, boolean maskDigits) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("env", i.env());
        // The title names the day it began: the same words, other digits.
        p.put("title", text(i.title(), true));
        p.put("status", i.status());
        p.put("planned", i.planned());
        p.put("services", i.services());
        p.put("begin", plus(i.begin(), seconds));
        p.put("detect", plus(i.detect(), seconds));
        p.put("ack", plus(i.ack(), seconds));
        p.put("recorded", plus(i.recorded(), seconds));
        p.put("end", plus(i.end(), seconds));
        p.put("endInferred", i.endInferred());
        p.put("timeTo", List.of(String.valueOf(i.timeToDetectSeconds()), String.valueOf(i.timeToAcknowledgeSeconds()),
                String.valueOf(i.timeToRecordSeconds()), String.valueOf(i.timeToRecoverSeconds())));
        p.put("detectedBy", i.detectedBy() == null ? null : List.of(String.valueOf(i.detectedBy().source()),
                String.valueOf(i.detectedBy().service()), text(i.detectedBy().summary(), maskDigits)));
        p.put("unrecordedAlertAt", plus(i.unrecordedAlertAt(), seconds));
        List<String> triggers = new ArrayList<>();
        i.triggerCandidates().forEach(c -> triggers.add(plus(c.at(), seconds) + " " + c.service() + " "
                + text(c.summary(), maskDigits)));
        p.put("triggerCandidates", triggers);
        List<String> entries = new ArrayList<>();
        i.entries().forEach(e -> entries.add(String.join(" | ", plus(e.at(), seconds), String.valueOf(e.marker()),
                String.valueOf(e.type()), e.source(), e.service(), String.valueOf(e.check()), text(e.summary(), maskDigits),
                String.valueOf(e.count()), plus(e.lastAt(), seconds), String.valueOf(e.link()))));
        p.put("entries", entries);
        p.put("entriesOmitted", i.entriesOmitted());
        return Json.mapper().valueToTree(p);
    }

    private static List<String> alerts(List<Alert> alerts, long seconds) {
        List<String> out = new ArrayList<>();
        alerts.forEach(a -> out.add(String.join(" | ", String.valueOf(a.type()), a.env(), a.services().toString(),
                plus(a.at(), seconds), plus(a.begin(), seconds), text(a.reason(), true))));
        out.sort(null);
        return out;
    }

    private static String plus(Instant t, long seconds) {
        return t == null ? "-" : t.plusSeconds(seconds).toString();
    }

    private static String text(String s, boolean maskDigits) {
        return s == null || !maskDigits ? String.valueOf(s) : s.replaceAll("\\d", "#");
    }
}
