package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.replay.Exporter;
import timelines.app.replay.Replayer;
import timelines.app.run.AllInOne;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Incident;
import timelines.contracts.IncidentStatus;
import timelines.contracts.catalog.Catalog;
import timelines.ingest.http.WebhookAuth;
import timelines.sink.alerts.AlertTargets;
import timelines.sink.drafts.DraftWriter;
import timelines.streams.CorrelationSettings;

/**
 * A live run, then {@code timelines export} of the period it received, then {@code timelines
 * replay} of that capture: the replay re-derives the live run's incidents (DESIGN section 7),
 * which is what makes "replay the last month after a rule changed" trustworthy.
 */
class ExportReplayIT {
    private static final String TOKEN = "export-it-token";

    @TempDir
    Path dir;

    @Test
    void exportingALiveRunAndReplayingItGivesTheSameIncidents() throws Exception {
        Instant from = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<Incident> live;
        List<Alert> liveAlerts;
        Path capture = dir.resolve("capture.jsonl");
        long exported;
        try (AllInOne app = AllInOne.start(new AllInOne.Settings(null, dir.resolve("data"), 0, "localhost", 0,
                // The first tick comes one interval after the start, when every delivery below is in: before
                // it, stream time follows the deliveries' own times, as in the replay. With ticks already
                // at the wall clock, checkout's check would be due on its FAILING, before INC-42 is read,
                // and would raise and clear (a live system's honest answer to late data, not the replay's).
                dir.resolve("drafts"), 2, null, "prod", Duration.ofSeconds(5), CorrelationSettings.defaults(),
                WebhookAuth.sharedToken(TOKEN), null, false, AlertTargets.defaults()))) {
            int port = app.httpPort();
            // Wall-clock times, since the live ticks follow the wall clock; every story over by now.
            Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
            // checkout: a deploy, then down 20 minutes ago, declared, and up 10 minutes ago.
            post(port, "/v1/signals", """
                    {"type":"CHANGE","service":"checkout","observedAt":"%s","summary":"checkout 4.2 deployed"}"""
                    .formatted(now.minus(Duration.ofMinutes(25))));
            post(port, "/v1/signals", """
                    {"type":"FAILING","source":"uptime-kuma","service":"checkout","check":"kuma-7","alerting":true,
                     "observedAt":"%s","summary":"Checkout is down"}""".formatted(now.minus(Duration.ofMinutes(20))));
            post(port, "/v1/records", """
                    {"id":"INC-42","type":"INCIDENT","services":["checkout"],"openedAt":"%s",
                     "title":"Checkout down"}""".formatted(now.minus(Duration.ofMinutes(14))));
            post(port, "/v1/signals", """
                    {"type":"RECOVERED","source":"uptime-kuma","service":"checkout","check":"kuma-7","alerting":true,
                     "observedAt":"%s","summary":"Checkout is up"}""".formatted(now.minus(Duration.ofMinutes(10))));
            // payments-api: Pingdom's own webhook, down 40 minutes ago for 6 minutes, nobody declared it.
            post(port, "/v1/webhooks/pingdom", pingdom("DOWN", "UP", now.minus(Duration.ofMinutes(40))));
            post(port, "/v1/webhooks/pingdom", pingdom("UP", "DOWN", now.minus(Duration.ofMinutes(34))));
            // search: two errors a minute apart and nothing after: ended by the gap, without a recovery.
            post(port, "/v1/signals", """
                    [{"type":"ERROR","service":"search","check":"timeout","observedAt":"%s","summary":"query timed out"},
                     {"type":"ERROR","service":"search","check":"timeout","observedAt":"%s","summary":"query timed out"}]"""
                    .formatted(now.minus(Duration.ofMinutes(50)), now.minus(Duration.ofMinutes(49))));

            live = await().atMost(Duration.ofSeconds(60)).until(() -> Replayer.latestRevisions(app.bootstrapServers()),
                    incidents -> incidents.size() == 3 && incidents.stream().allMatch(i -> i.end() != null));
            liveAlerts = Replayer.alerts(app.bootstrapServers());
            try (Stream<Path> drafts = Files.walk(dir.resolve("drafts"))) {
                assertThat(drafts.filter(p -> p.toString().endsWith(".json")).count()).as("drafts on disk")
                        .isGreaterThanOrEqualTo(3);
            }
            Instant to = Instant.now();
            exported = Exporter.export(app.bootstrapServers(), Map.of(), from, to, capture);
        }
        assertThat(exported).isEqualTo(7);
        assertThat(liveAlerts).as("payments-api was down 6 minutes and nobody declared it")
                .extracting(Alert::type).containsExactly(AlertType.RAISED);
        assertThat(live).extracting(Incident::status).containsExactlyInAnyOrder(IncidentStatus.RESOLVED,
                IncidentStatus.RESOLVED, IncidentStatus.ENDED_WITHOUT_RECOVERY);

        Replayer.Result replay = Replayer.replay(capture, dir.resolve("replay"), Catalog.EMPTY,
                CorrelationSettings.defaults(), System.err);

        assertThat(replay.accepted()).isEqualTo(7);
        assertThat(replay.rejected()).isEmpty();
        assertThat(replay.incidents()).hasSameSizeAs(live);
        for (int i = 0; i < live.size(); i++) {
            assertThat(json(replay.incidents().get(i))).as(live.get(i).id()).isEqualTo(json(live.get(i)));
        }
        assertThat(sorted(replay.alerts())).isEqualTo(sorted(liveAlerts));
    }

    private static void post(int port, String path, String body) throws Exception {
        HttpResponse<String> r = Http.post(port, TOKEN, path, "application/json", body);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(202);
    }

    /** A Pingdom state-change webhook of check 5001, payments-api. */
    private static String pingdom(String state, String previous, Instant at) {
        return """
                {"check_id":5001,"check_name":"payments-api","check_type":"HTTP","previous_state":"%s",
                 "current_state":"%s","importance_level":"HIGH","state_changed_timestamp":%d,
                 "state_changed_utc_time":"%s","description":"%s","long_description":"%s"}"""
                .formatted(previous, state, at.getEpochSecond(), at.toString().replace("Z", ""),
                        state.equals("DOWN") ? "HTTP Error 503" : "OK",
                        state.equals("DOWN") ? "HTTP Server Error 503 Service Unavailable" : "OK");
    }

    /**
     * An incident's JSON draft, all but its revision. The revision counts the versions emitted on
     * the way, and those legitimately differ: live, the ticks have moved stream time to the wall
     * clock before these minutes-old signals arrive, so a recovery that is already past its quiet
     * period closes the episode in the same step (one revision); the replay applies each signal
     * at its own event time, and the episode closes later, at the final tick (two revisions).
     * Everything a draft says (ids, markers, durations, entries, alerts) must agree.
     */
    private static String json(Incident i) {
        Incident unrevised = new Incident(i.id(), 0, i.env(), i.title(), i.status(), i.planned(), i.services(),
                i.begin(), i.detect(), i.ack(), i.recorded(), i.end(), i.endInferred(), i.timeToDetectSeconds(),
                i.timeToAcknowledgeSeconds(), i.timeToRecordSeconds(), i.timeToRecoverSeconds(), i.detectedBy(),
                i.unrecordedAlertAt(), i.triggerCandidates(), i.entries(), i.entriesOmitted());
        return new String(DraftWriter.jsonBytes(unrevised), StandardCharsets.UTF_8);
    }

    private static List<Alert> sorted(List<Alert> alerts) {
        return alerts.stream().sorted(Comparator.comparing(Alert::incidentId).thenComparing(Alert::at)
                .thenComparing(a -> a.type().name())).toList();
    }
}
