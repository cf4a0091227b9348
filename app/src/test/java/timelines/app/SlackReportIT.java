package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.replay.Replayer;
import timelines.contracts.Incident;
import timelines.contracts.SignalType;
import timelines.contracts.catalog.CatalogLoader;
import timelines.streams.CorrelationSettings;

/**
 * Seed 001's detection, by itself: bulk uploads fail from 09:30 and only a log shipper sees it (its
 * errors alert nobody); at 09:44 a user says so in the support channel. Replayed from a capture of
 * the Slack deliveries as ingest kept them (no signature: it is not checked again), the report is
 * the incident's DETECT marker, its retry is dropped, and the bot, the edit and the other channel
 * add nothing.
 */
class SlackReportIT {
    static final Set<String> SUPPORT = Set.of("C0SUPPORT1");

    @TempDir
    static Path dir;
    static Replayer.Result result;

    @BeforeAll
    static void replay() throws Exception {
        Path capture = dir.resolve("slack-report.jsonl");
        try (InputStream in = SlackReportIT.class.getResourceAsStream("/captures/slack-report.jsonl")) {
            Files.copy(in, capture);
        }
        Path catalog = Files.writeString(dir.resolve("catalog.yaml"), """
                defaults: { env: prod }
                services:
                  - name: generic-upload
                  - name: checkout
                rules:
                  - match: { source: slack, summary: "(?i)checkout|payment" }
                    set: { service: checkout }
                  - match: { source: slack, summary: "(?i)bulk upload" }
                    set: { service: generic-upload }
                """);
        result = Replayer.replay(capture, dir.resolve("out"), CatalogLoader.load(catalog), CorrelationSettings.defaults(),
                SUPPORT, System.err);
    }

    @Test
    void everyDeliveryIsReadNoneRejected() {
        assertThat(result.rejected()).isEmpty();
        assertThat(result.deliveries()).isEqualTo(13);
        // url_verification, the other channel, the bot and the edit.
        assertThat(result.ignored()).isEqualTo(4);
    }

    @Test
    void theSlackReportIsTheDetectMarkerWhenNoMonitorAlerted() {
        assertThat(result.incidents()).hasSize(1);
        Incident i = result.incidents().get(0);

        assertThat(i.env()).isEqualTo("prod");
        assertThat(i.services()).as("the catalog rule on the text named the service").containsExactly("generic-upload");
        assertThat(i.isOutage()).isTrue();
        assertThat(i.begin()).isEqualTo(Instant.parse("2021-11-12T09:30:10Z"));
        assertThat(i.detect()).as("the message's own ts").isEqualTo(Instant.parse("2021-11-12T09:44:00.0002Z"));
        assertThat(i.timeToDetectSeconds()).isEqualTo(830);
        assertThat(i.detectedBy().source()).isEqualTo("slack");
        assertThat(i.detectedBy().summary()).contains("Unknown Server Error").contains("bulk uploads");
        List<Incident.Entry> reports = i.entries().stream().filter(e -> e.type() == SignalType.REPORT).toList();
        assertThat(reports).as("the retry was dropped by its id").singleElement().satisfies(e -> {
            assertThat(e.marker()).isEqualTo(timelines.contracts.Marker.DETECT);
            assertThat(e.count()).isEqualTo(1);
            assertThat(e.source()).isEqualTo("slack");
        });
    }

    @Test
    void theDraftSaysAPersonReportedIt() throws Exception {
        Incident i = result.incidents().get(0);
        String md = Files.readString(dir.resolve("out").resolve(i.id() + ".md"));

        assertThat(md).contains("slack").contains("bulk uploads");
    }
}
