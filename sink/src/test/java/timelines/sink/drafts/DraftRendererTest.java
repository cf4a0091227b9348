package timelines.sink.drafts;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.sink.drafts.Incidents.BEGIN;
import static timelines.sink.drafts.Incidents.END;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import timelines.contracts.Incident;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.IncidentStatus;
import timelines.contracts.Marker;
import timelines.contracts.SignalType;

class DraftRendererTest {

    /** The lines of the timeline table, header and separator excluded. */
    private static List<String> timelineRows(String md) {
        String table = md.substring(md.indexOf("| Time | Event | Source | Service | Details |"));
        return table.lines().skip(2).takeWhile(l -> !l.isEmpty()).toList();
    }

    /**
     * The cells of a Markdown table row, split the way GitHub splits them: on every pipe that is
     * not backslash-escaped (a backslash escapes the character after it, so {@code \\|} is an
     * escaped backslash followed by a real separator).
     */
    static List<String> cells(String row) {
        assertThat(row).startsWith("|").endsWith("|");
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        for (int i = 1; i < row.length(); i++) {
            char c = row.charAt(i);
            if (c == '\\' && i + 1 < row.length()) {
                cell.append(c).append(row.charAt(++i));
            } else if (c == '|') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        assertThat(cell.toString()).as("nothing after the last pipe of " + row).isBlank();
        return cells;
    }

    private static Incident withEntries(List<Entry> entries) {
        return Incidents.with(Incidents.deployer(), 3, entries);
    }

    @Test
    void rendersTheTitleEnvironmentDateAndDraftStatus() {
        String md = DraftRenderer.render(Incidents.deployer());

        assertThat(md).startsWith("# deployer-api (prod): deployer-api is down (HTTP 503)\n");
        assertThat(md).contains("| **Environment** | prod |\n");
        assertThat(md).contains("| **Date** | 2016-09-05 |\n");
        assertThat(md).contains("| **Status** | Draft — generated from signals, revision 3 (incident resolved) |\n");
        assertThat(md).contains("| **Incident id** | `3f2a9c0d5e6b7a8190a1b2c3d4e5f601` |\n");
    }

    @Test
    void namesTheEnvInEverySectionHeading() {
        String md = DraftRenderer.render(Incidents.deployer());

        assertThat(md).contains("## Summary (prod)\n", "## Impact (prod)\n", "## Detection (prod)\n",
                "## Trigger candidates (prod)\n", "## Resolution (prod)\n", "## Timeline (prod, all times UTC)\n");
        assertThat(md).contains("## Root causes", "## Action items", "## Lessons learned",
                "### What went well", "### What went wrong", "### Where we got lucky");
    }

    @Test
    void summarizesWhatFailedForHowLongAndHowLateItWasDetected() {
        String md = DraftRenderer.render(Incidents.deployer());

        assertThat(md).contains("deployer-api in prod failed from 2016-09-05 09:29:00 UTC for 31 min. "
                + "It was detected 4 s after it began, by pingdom.\n");
        assertThat(md).doesNotContain("No incident was recorded");
    }

    @Test
    void summarizesAnOpenUndetectedUnrecordedOutage() {
        String md = DraftRenderer.render(Incidents.silentUpload(null));

        assertThat(md).contains("generic-upload in prod has been failing since 2016-09-05 09:29:00 UTC. "
                + "No signal alerted a person. No incident was recorded.\n");
        assertThat(md).contains("- Window: 2016-09-05 09:29:00 UTC to still open\n");
        assertThat(md).contains("| **Status** | Draft — generated from signals, revision 1 (incident open) |");
    }

    @Test
    void listsImpactWithServicesWindowAndFailedChecks() {
        String md = DraftRenderer.render(Incidents.deployer());

        assertThat(md).contains("- Services: deployer-api in **prod**\n");
        assertThat(md).contains("- Window: 2016-09-05 09:29:00 UTC to 2016-09-05 10:00:00 UTC\n");
        assertThat(md).contains("- Checks that failed: pingdom check `http-check-42`\n");
    }

    @Test
    void saysWhenDetectedByWhatAndHowLate() {
        String md = DraftRenderer.render(Incidents.deployer());

        assertThat(md).contains("- Detected at 2016-09-05 09:29:04 UTC by **pingdom** (deployer-api): "
                + "deployer-api is down (HTTP 503)\n- Time to detect: **4 s**\n");
        assertThat(md).contains("- Recorded as an incident at 2016-09-05 09:41:00 UTC (12 min after the outage began)\n");
        assertThat(md).doesNotContain("Not recorded", "No signal alerted a person", "unrecorded-outage alert");
    }

    @Test
    void saysWhenNothingAlertedAndNothingWasRecorded() {
        String md = DraftRenderer.render(Incidents.silentUpload(null));

        assertThat(md).contains("- **No signal alerted a person.**");
        assertThat(md).contains("- **Not recorded** as an incident.\n");
        assertThat(md).contains("- An unrecorded-outage alert fired at 2016-09-05 09:44:00 UTC.\n");
        assertThat(md).doesNotContain("Time to detect", "Detected at");
    }

    @Test
    void saysHowLongTheOutageWentUnrecordedAfterTheAlert() {
        String md = DraftRenderer.render(Incidents.silentUpload(Instant.parse("2016-09-05T10:14:00Z")));

        assertThat(md).contains("- Recorded as an incident at 2016-09-05 10:14:00 UTC (45 min after the outage began)\n");
        assertThat(md).contains("- An unrecorded-outage alert fired at 2016-09-05 09:44:00 UTC; "
                + "the outage then went unrecorded for another 30 min.\n");
        assertThat(md).doesNotContain("Not recorded");
    }

    @Test
    void saysWhenItWasAcknowledged() {
        Incident i = Incidents.deployer();
        Incident acked = new Incident(i.id(), i.revision(), i.env(), i.title(), i.status(), i.planned(), i.services(),
                i.begin(), i.detect(), Instant.parse("2016-09-05T09:35:04Z"), i.recorded(), i.end(), false,
                4L, 360L, 720L, 1860L, i.detectedBy(), null, i.triggerCandidates(), i.entries(), 0);

        assertThat(DraftRenderer.render(acked))
                .contains("- Acknowledged at 2016-09-05 09:35:04 UTC (6 min after detection)\n");
        assertThat(DraftRenderer.render(i)).doesNotContain("Acknowledged at");
    }

    @Test
    void listsTriggerCandidatesNearestFirstWithHowLongBefore() {
        String md = DraftRenderer.render(Incidents.deployer());

        String nearest = "- 2016-09-05 09:20:00 UTC — deployer-api: deploy v1.4.2 (9 min before)\n";
        String earlier = "- 2016-09-05 08:50:00 UTC — keycloak: upgrade keycloak 2.1 -&gt; 2.2 (39 min before)\n";
        assertThat(md).contains("Changes shortly before the outage began, nearest first:", nearest, earlier);
        assertThat(md.indexOf(nearest)).isLessThan(md.indexOf(earlier));
    }

    @Test
    void asksWhatTriggeredItWhenNoChangeWasSignalled() {
        String md = DraftRenderer.render(Incidents.silentUpload(null));

        assertThat(md).contains("No change was signalled in the hours before the outage began. _What triggered it?_");
    }

    @Test
    void listsRecoveriesUnderResolution() {
        String md = DraftRenderer.render(Incidents.deployer());

        String resolution = md.substring(md.indexOf("## Resolution (prod)"), md.indexOf("## Root causes"));
        assertThat(resolution).contains("- 10:00:00 recovered: deployer-api — deployer-api is up\n");
        assertThat(resolution).doesNotContain("ConnectionError");
    }

    @Test
    void rendersTheTimelineInUtcWithMarkersInBold() {
        String md = DraftRenderer.render(Incidents.deployer());

        assertThat(timelineRows(md)).containsExactly(
                "| 2016-09-05 09:29:00 | **OUTAGE BEGINS** (failing) | pingdom | deployer-api | "
                        + "deployer-api is down (HTTP 503) ([source](https://my.pingdom.com/reports/42)) |",
                "| 2016-09-05 09:29:04 | **DETECTED** | pingdom | deployer-api | Detected: deployer-api is down (HTTP 503) |",
                "| 2016-09-05 09:31:00–09:42:30 | error | sentry | deployer-api | 12× ConnectionError: upstream timed out |",
                "| 2016-09-05 09:41:00 | **RECORDED** | records |  | Incident recorded: Deployer API down |",
                "| 2016-09-05 10:00:00 | **OUTAGE ENDS** (recovered) | pingdom | deployer-api | deployer-api is up |");
    }

    @Test
    void rendersTheAckMarker() {
        Instant ack = Instant.parse("2016-09-05T09:35:04Z");
        String md = DraftRenderer.render(withEntries(List.of(
                Incidents.entry(ack, Marker.ACK, SignalType.ACK, "pagerduty", "deployer-api", "Acknowledged by alice"))));

        assertThat(timelineRows(md)).containsExactly(
                "| 2016-09-05 09:35:04 | **ACKNOWLEDGED** (ack) | pagerduty | deployer-api | Acknowledged by alice |");
    }

    @Test
    void showsAFoldedEntryOnlyOnceWithItsCountAndTimeRange() {
        Entry folded = new Entry(Instant.parse("2016-09-05T23:58:00Z"), null, SignalType.ERROR, "amqp", "amqp:mq-1",
                "ChannelError/406", "channel error: PRECONDITION_FAILED", 12, Instant.parse("2016-09-06T00:03:10Z"), null);
        Entry sameInstant = new Entry(BEGIN, null, SignalType.ERROR, "sentry", "deployer-api", null, "burst", 3, BEGIN, null);

        List<String> rows = timelineRows(DraftRenderer.render(withEntries(List.of(folded, sameInstant))));

        assertThat(rows.get(0)).startsWith("| 2016-09-05 23:58:00–00:03:10 | error | amqp | amqp:mq-1 | "
                + "12× channel error: PRECONDITION\\_FAILED |");
        assertThat(rows.get(1)).as("no range when all occurrences share one instant")
                .isEqualTo("| 2016-09-05 09:29:00 | error | sentry | deployer-api | 3× burst |");
    }

    @Test
    void escapesPayloadTextInATableCell() {
        String hostile = "disk full | retry\nnext line <script>alert('x')</script> *now* C:\\tmp\\|";
        String md = DraftRenderer.render(withEntries(List.of(
                Incidents.entry(BEGIN, Marker.BEGIN, SignalType.FAILING, "generic", "deployer-api", hostile))));

        List<String> rows = timelineRows(md);
        assertThat(rows).as("a newline in a summary must not start a new row").hasSize(1);
        List<String> cells = cells(rows.get(0));
        assertThat(cells).as("a pipe in a summary must not add a cell").hasSize(5);
        assertThat(cells.get(4)).isEqualTo("disk full \\| retry next line &lt;script&gt;alert('x')&lt;/script&gt; "
                + "\\*now\\* C:\\\\tmp\\\\\\|");
        assertThat(md).doesNotContain("<script>", "</script>");
    }

    @Test
    void escapesPayloadTextEverywhereItIsShown() {
        String evil = "<img src=x onerror=alert(1)>|*_`[x](javascript:alert(1))#";
        Incident i = new Incident("0011223344556677", 2, "prod<b>", "Title " + evil, IncidentStatus.ENDED_WITHOUT_RECOVERY,
                true, List.of("svc" + evil), BEGIN, BEGIN.plusSeconds(60), null, null, END, true, 60L, null, null, 1860L,
                new DetectedBy("generic" + evil, "svc" + evil, "summary" + evil), null,
                List.of(new TriggerCandidate(BEGIN.minusSeconds(600), "svc" + evil, "deploy" + evil)),
                List.of(new Entry(BEGIN, Marker.BEGIN, SignalType.FAILING, "generic" + evil, "svc" + evil,
                        "check" + evil, "down" + evil, 1, BEGIN, null),
                        new Entry(BEGIN.plusSeconds(120), null, SignalType.CHANGE, "generic", "svc" + evil,
                                null, "rollback" + evil, 1, BEGIN.plusSeconds(120), null)),
                0);

        String md = DraftRenderer.render(i);

        String checkSpan = "``check<img src=x onerror=alert(1)>|*_`[x](javascript:alert(1))#``";
        String outsideCodeSpans = md.replace(checkSpan, "CODE");
        assertThat(outsideCodeSpans).as("no raw HTML from payloads outside code spans").doesNotContain("<");
        assertThat(md).as("the check's backtick cannot end its code span early")
                .contains(" check " + checkSpan + "\n");
        assertThat(outsideCodeSpans).as("no link from payload text").doesNotContainPattern("(?<!\\\\)\\]\\(");
        assertThat(md).contains("(incident ended without a recovery signal), planned work");
        assertThat(md).contains("(end inferred: no recovery signal, errors stopped)");
        for (String row : timelineRows(md)) {
            assertThat(cells(row)).as(row).hasSize(5);
        }
    }

    @Test
    void cutsAVeryLongSummaryInATableCell() {
        String md = DraftRenderer.render(withEntries(List.of(
                Incidents.entry(BEGIN, Marker.BEGIN, SignalType.FAILING, "generic", "deployer-api", "x".repeat(450)))));

        String details = cells(timelineRows(md).get(0)).get(4);
        assertThat(details).isEqualTo("x".repeat(DraftRenderer.CELL - 1) + "…");
    }

    @Test
    void cutsAVeryLongServiceAndSourceInATableCell() {
        String md = DraftRenderer.render(withEntries(List.of(
                Incidents.entry(BEGIN, null, SignalType.ERROR, "s".repeat(100), "v".repeat(100), "boom"))));

        List<String> cells = cells(timelineRows(md).get(0));
        assertThat(cells.get(2)).isEqualTo("s".repeat(39) + "…");
        assertThat(cells.get(3)).isEqualTo("v".repeat(59) + "…");
    }

    @Test
    void linksOnlyHttpSourcesAndKeepsTheRowIntact() {
        String md = DraftRenderer.render(withEntries(List.of(
                new Entry(BEGIN, null, SignalType.ERROR, "sentry", "deployer-api", null, "boom", 1, BEGIN,
                        "javascript:alert(1)"),
                new Entry(BEGIN, null, SignalType.ERROR, "sentry", "deployer-api", null, "boom", 1, BEGIN,
                        "https://sentry.example.com/issues/4711/?q=a b)"))));

        List<String> rows = timelineRows(md);
        assertThat(rows.get(0)).doesNotContain("javascript:").doesNotContain("[source]");
        assertThat(rows.get(1)).contains("([source](https://sentry.example.com/issues/4711/?q=a%20b%29))");
    }

    @Test
    void linksNothingWhoseSchemeMerelyStartsWithHttpOrThatNamesNoHost() {
        List<String> links = List.of("httpjavascript:alert(1)", "http:javascript:alert(1)", "https:alert(1)",
                "https:///javascript:alert(1)", "JavaScript:alert(1)", "  javascript:alert(1)");
        String md = DraftRenderer.render(withEntries(links.stream()
                .map(l -> new Entry(BEGIN, null, SignalType.ERROR, "sentry", "deployer-api", null, "boom", 1, BEGIN, l))
                .toList()));

        List<String> rows = timelineRows(md);
        assertThat(rows).hasSize(links.size()).allSatisfy(row -> assertThat(row)
                .doesNotContain("[source]").doesNotContain("javascript").doesNotContain("alert"));
    }

    @Test
    void encodesALinkSoItCannotBreakTheRowOrOpenHtml() {
        String link = "https://grafana.example.com/d/x?var=a|b\n| forged | row |\n(<script>alert(1)</script>";
        String md = DraftRenderer.render(withEntries(List.of(
                new Entry(BEGIN, null, SignalType.ERROR, "sentry", "deployer-api", null, "boom", 1, BEGIN, link))));

        List<String> rows = timelineRows(md);
        assertThat(rows).as("a newline in a link must not start a new row").hasSize(1);
        assertThat(cells(rows.get(0))).as("a pipe in a link must not add a cell").hasSize(5);
        assertThat(cells(rows.get(0)).get(4)).isEqualTo("boom ([source](https://grafana.example.com/d/x?var=a%7Cb"
                + "%0A%7C%20forged%20%7C%20row%20%7C%0A%28%3Cscript%3Ealert%281%29%3C/script%3E))");
        assertThat(md).doesNotContain("<script>");
    }

    @Test
    void showsAFailedCheckVerbatimInACodeSpan() {
        Entry failing = new Entry(BEGIN, Marker.BEGIN, SignalType.FAILING, "cloudwatch", "deployer-api",
                "deployer_api_5xx <p99>", "ALARM", 1, BEGIN, null);

        String md = DraftRenderer.render(withEntries(List.of(failing)));

        assertThat(md).as("backslash escapes are not read in a code span, so none are added")
                .contains("- Checks that failed: cloudwatch check `deployer_api_5xx <p99>`\n");
    }

    @Test
    void saysHowManyEntriesWereLeftOut() {
        Incident i = Incidents.deployer();
        Incident capped = new Incident(i.id(), i.revision(), i.env(), i.title(), i.status(), i.planned(), i.services(),
                i.begin(), i.detect(), i.ack(), i.recorded(), i.end(), i.endInferred(), i.timeToDetectSeconds(),
                i.timeToAcknowledgeSeconds(), i.timeToRecordSeconds(), i.timeToRecoverSeconds(), i.detectedBy(),
                i.unrecordedAlertAt(), i.triggerCandidates(), i.entries(), 250);

        assertThat(DraftRenderer.render(capped)).endsWith("\n_250 more signals are not listed._\n");
        assertThat(DraftRenderer.render(i)).doesNotContain("more signals are not listed");
    }

    @Test
    void rendersTheSameIncidentToTheSameText() {
        assertThat(DraftRenderer.render(Incidents.deployer())).isEqualTo(DraftRenderer.render(Incidents.deployer()));
    }
    @Test
    void theHeaderSaysTheIncidentsSeverityOrThatNoSignalStatedOne() {
        assertThat(DraftRenderer.render(Incidents.warnedDeployer())).contains("| **Severity** | critical |\n");
        assertThat(DraftRenderer.render(Incidents.deployer())).contains("| **Severity** | not stated |\n");
    }

    @Test
    void listsTheEarlyWarningsAfterTheTriggerCandidatesNearestFirstWithTheirLeadTime() {
        String md = DraftRenderer.render(Incidents.warnedDeployer());

        String section = md.substring(md.indexOf("## Early warnings: what could have caught it earlier (prod)\n"),
                md.indexOf("## Resolution (prod)"));
        assertThat(md.indexOf("## Trigger candidates")).isLessThan(md.indexOf("## Early warnings"));
        List<String> items = section.lines().filter(l -> l.startsWith("- ")).toList();
        assertThat(items).containsExactly(
                "- 2016-09-05 08:49:00 UTC — **40 min before** — alertmanager, keycloak (warning): Disk "
                        + "&lt;b&gt;keycloak-db&lt;/b&gt; 91% full \\| \\*soon\\* \\[x\\](javascript:alert(1))",
                "- 2016-09-05 08:09:00 UTC — **1 h 20 min before** — alertmanager, deployer-api (warning): "
                        + "KubePodCrashLooping: pod deployer-api-7f9c is restarting");
    }

    @Test
    void saysSoWhenNothingWarnedBeforeTheOutage() {
        String md = DraftRenderer.render(Incidents.deployer());

        assertThat(md).contains("## Early warnings: what could have caught it earlier (prod)\n\n"
                + "No warning or info signal of these services, or of the services they depend on, began in the hours "
                + "before the outage.");
    }

    @Test
    void onlyAnOutageHasAPostmortem() {
        assertThat(DraftRenderer.hasPostmortem(Incidents.deployer())).isTrue();
        assertThat(DraftRenderer.hasPostmortem(Incidents.crashLoopWarning(1))).isFalse();
    }
}
