package timelines.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import timelines.app.replay.Replayer;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Incident;
import timelines.contracts.IncidentStatus;

/** What {@code timelines demo} and {@code timelines replay} print, from a replay's result. */
class DemoTableTest {
    static final Instant BEGIN = Instant.parse("2023-03-06T07:26:00Z");

    static Incident incident(String id, boolean outage, String service, String severity, Instant begin) {
        return new Incident(id, 4, "prod", service + " in prod", IncidentStatus.RESOLVED, false, outage, severity,
                List.of(service), begin, outage ? begin.plusSeconds(3) : null, null, null, begin.plusSeconds(1800), false,
                outage ? 3L : null, null, null, 1800L, null, null, List.of(), List.of(), List.of(), 0);
    }

    static Replayer.Result result() {
        List<Incident> incidents = List.of(
                incident("aaaa", false, "kube-state-metrics", "warning", BEGIN.minusSeconds(6000)),
                incident("bbbb", true, "esr-amqp", "error", BEGIN),
                incident("cccc", false, "kubelet", "info", BEGIN.plusSeconds(60)));
        Alert raised = new Alert(AlertType.RAISED, "bbbb", "prod", List.of("esr-amqp"), BEGIN.plusSeconds(900), BEGIN,
                "no incident recorded");
        return new Replayer.Result(78, 77, 1, List.of(), incidents, 1, List.of(raised), Path.of("drafts/demo"),
                Duration.ofMillis(6040), Duration.ofMillis(500));
    }

    @Test
    void theSummaryLineCountsOutagesWarningIncidentsAndAlerts() {
        assertThat(result().summaryLine()).isEqualTo("replay: 78 deliveries (77 accepted, 1 ignored, 0 rejected) -> "
                + "1 outages, 2 warning incidents, 1 alerts in drafts/demo (6.0 s)");
        assertThat(result().warningIncidents()).isEqualTo(2);
    }

    @Test
    void theTableListsTheOutagesWithTheirPostmortemsAndSetsTheWarningIncidentsAside() {
        String table = DemoCommand.table(result());

        List<String> lines = table.lines().toList();
        assertThat(lines.get(0)).startsWith("ENV   SERVICES");
        assertThat(lines.get(2)).startsWith("prod  esr-amqp").endsWith(Path.of("drafts/demo/bbbb.md").toString());
        int aside = lines.indexOf("Set aside: 2 warning incidents, no signal showed users affected (no postmortem, "
                + "never an unrecorded-outage alert)");
        assertThat(aside).isEqualTo(4);
        assertThat(lines.get(aside + 1)).startsWith("ENV   SERVICES               SEVERITY  BEGIN (UTC)");
        assertThat(lines.subList(aside + 2, lines.size())).containsExactly(
                "prod  kube-state-metrics     warning   2023-03-06 05:46:00  2023-03-06 06:16:00  30 min      "
                        + Path.of("drafts/demo/aaaa.json"),
                "prod  kubelet                info      2023-03-06 07:27:00  2023-03-06 07:57:00  30 min      "
                        + Path.of("drafts/demo/cccc.json"));
        assertThat(table).doesNotContain("aaaa.md", "cccc.md");
    }
}
