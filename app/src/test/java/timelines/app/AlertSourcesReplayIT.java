package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.replay.Replayer;
import timelines.contracts.Incident;
import timelines.contracts.IncidentStatus;
import timelines.contracts.catalog.Catalog;
import timelines.streams.CorrelationSettings;

/**
 * A capture of the DESIGN 4a alert sources' published deliveries (captures/alert-sources.jsonl),
 * replayed through the same normalizers as live ingest: nothing rejected, and each source's
 * failures, recoveries, errors and acknowledgements land in incidents.
 */
class AlertSourcesReplayIT {
    @TempDir
    static Path dir;
    static Replayer.Result result;

    @BeforeAll
    static void replay() throws Exception {
        Path capture = dir.resolve("alert-sources.jsonl");
        try (InputStream in = AlertSourcesReplayIT.class.getResourceAsStream("/captures/alert-sources.jsonl")) {
            Files.copy(in, capture);
        }
        // The fixtures' times span years, out of order: as ReplayIT's vendors capture, this is about the formats.
        CorrelationSettings d = CorrelationSettings.defaults();
        CorrelationSettings forever = new CorrelationSettings(d.gap(), d.quiet(), d.lookback(), d.recordGrace(),
                d.minDuration(), d.excludedEnvs(), d.maxEntries(), Duration.ofDays(365L * 100));
        result = Replayer.replay(capture, dir.resolve("out"), Catalog.EMPTY, forever, System.err);
    }

    @Test
    void everyDeliveryIsAcceptedOrDeliberatelyIgnoredAndNoneRejected() throws Exception {
        assertThat(result.rejected()).isEmpty();
        assertThat(result.deliveries()).isEqualTo(23);
        assertThat(result.ignored()).as("the Datadog test notification").isEqualTo(1);
        assertThat(result.accepted()).isEqualTo(22);
        Path rejected = dir.resolve("out").resolve("rejected.jsonl");
        assertThat(!Files.exists(rejected) || Files.size(rejected) == 0).as("rejected.jsonl is empty").isTrue();
    }

    @Test
    void eachSourceLandsInAnIncident() {
        Set<String> sources = new TreeSet<>();
        result.incidents().forEach(i -> i.entries().forEach(e -> sources.add(String.valueOf(e.source()))));

        assertThat(sources).contains("datadog", "newrelic", "gcp-monitoring", "azure-monitor", "honeybadger");
    }

    @Test
    void downAndUpResolveTheirIncidents() {
        assertThat(only("prod", "Resume Builder").status()).as("Honeybadger down, then up")
                .isEqualTo(IncidentStatus.RESOLVED);
        assertThat(only("prod", "MYHOST").status()).as("a Cloud Monitoring uptime incident opened and closed")
                .isEqualTo(IncidentStatus.RESOLVED);
        assertThat(only("prod", "checkout").status()).as("Datadog Warn, Triggered, Recovered")
                .isEqualTo(IncidentStatus.RESOLVED);
    }

    @Test
    void aNewRelicAcknowledgementIsTheAckMarker() {
        assertThat(only("prod", "Server Down").ack()).isNotNull();
    }

    @Test
    void aHoneybadgerErrorIsInItsProjectsEnvironment() {
        assertThat(only("development", "My Project").entries()).anyMatch(e -> "honeybadger".equals(e.source()));
    }

    private static Incident only(String env, String service) {
        List<Incident> matching = result.incidents().stream()
                .filter(i -> i.env().equals(env) && i.services().contains(service)).toList();
        assertThat(matching).as(env + "/" + service).hasSize(1);
        return matching.get(0);
    }
}
