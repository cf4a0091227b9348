package timelines.sink.web;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.sink.web.TimelinePageTest.between;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import timelines.contracts.Incident;

class IndexPageTest {

    private static List<String> rowIds(String html) {
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<tr class=\"incident\" data-id=\"([^\"]*)\"").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    private static String row(String html, String id) {
        return between(html, "<tr class=\"incident\" data-id=\"" + id + "\"", "</tr>");
    }

    private static final List<Incident> DEMO = List.of(
            Outages.replayed("deployer-deleted"), // prod, 2016-09-05 09:29
            Outages.replayed("amqp-vhost"), // prod, 2023-03-06 07:26
            Outages.deployer(), // prod, 2016-09-05 09:29 too: tie broken by id
            Outages.replayed("keycloak-outage")); // prod, 2021-07-20 18:50

    @Test
    void shouldLinkToTheSourcesPageOnlyWhenItKnowsWhereItIs() {
        assertThat(IndexPage.render(DEMO, IndexPage.Show.ALL, "/sources"))
                .contains("<a href=\"/sources\">Sources</a>: the URL to give each vendor");
        assertThat(IndexPage.render(List.of(), IndexPage.Show.ALL, "https://ingest.example.com/sources?a=1&b=2"))
                .as("with no incident yet too, escaped").contains("href=\"https://ingest.example.com/sources?a=1&amp;b=2\"");
        assertThat(IndexPage.render(DEMO)).doesNotContain("/sources");
    }

    @Test
    void shouldListIncidentsNewestBeginFirst() {
        String html = IndexPage.render(DEMO);

        assertThat(rowIds(html)).containsExactly("8a25e6b31b3b35ad38a3f0a79ebc50e8", "9102cca9dc16a912e6ea5b8c0e6b6e19",
                "3f2a9c0d5e6b7a8190a1b2c3d4e5f601", "d2f08a7ad0a4e10049276d5de4ea3dca");
        assertThat(html).contains("4 outages, 0 warning incidents. Newest first; all times UTC.");
    }

    @Test
    void shouldShowEnvServicesMarkersLagsAndLinkEachIncidentToItsTimeline() {
        String row = row(IndexPage.render(DEMO), "9102cca9dc16a912e6ea5b8c0e6b6e19");

        assertThat(row).contains("<td class=\"env-cell\"><span class=\"env env-prod\" data-env=\"prod\">prod</span></td>");
        assertThat(row).contains("<a class=\"title\" href=\"/incidents/9102cca9dc16a912e6ea5b8c0e6b6e19\">esr-integration,"
                + " generic-upload (prod): Bulk upload smoke test");
        assertThat(row).contains("<div class=\"services\">esr-integration, generic-upload</div>");
        assertThat(row).contains("<span class=\"status status-resolved\">resolved</span>");
        // BEGIN in full; the others as short as they read unambiguously next to it (another day here).
        assertThat(row).contains("data-col=\"begin\"><time datetime=\"2021-07-20T18:50:00Z\">2021-07-20 18:50:00</time></td>");
        assertThat(row).contains("data-col=\"detect\"><time datetime=\"2021-07-21T08:44:00Z\">07-21 08:44:00</time>"
                + "<div class=\"lag\" data-col=\"ttd\">13 h 54 min to detect</div></td>");
        assertThat(row).contains("data-col=\"end\"><time datetime=\"2021-07-21T17:40:00Z\">07-21 17:40:00</time>"
                + "<div class=\"lag\" data-col=\"ttr\">22 h 50 min to recover</div></td>");
    }

    @Test
    void shouldSayWhetherTheUnrecordedOutageAlertFired() {
        String html = IndexPage.render(DEMO);

        assertThat(row(html, "9102cca9dc16a912e6ea5b8c0e6b6e19")).contains("data-unrecorded-alert=\"true\"")
                .contains("<span class=\"alert-fired\">fired <time datetime=\"2021-07-20T19:05:00Z\">19:05:00</time></span>");
        assertThat(row(html, "d2f08a7ad0a4e10049276d5de4ea3dca")).contains("data-unrecorded-alert=\"false\"")
                .contains("data-col=\"detect\"><time datetime=\"2016-09-05T09:29:04Z\">09:29:04</time>"
                        + "<div class=\"lag\" data-col=\"ttd\">4 s to detect</div></td>")
                .contains("data-col=\"unrecorded-alert\">no</td>");
    }

    @Test
    void shouldShowAnOpenIncidentAsStillOpenAndAnUndetectedOneAsNeverDetected() {
        Incident s = Outages.silentUpload();
        Incident undetected = new Incident("ffff", 1, "stage", "quiet", s.status(), false, s.services(), s.begin(), null, null,
                null, null, false, null, null, null, null, null, null, List.of(), s.entries(), 0);
        String html = IndexPage.render(List.of(s, undetected));

        assertThat(html).contains("2 outages (2 open), 0 warning incidents.");
        assertThat(row(html, s.id())).contains("data-col=\"end\">still open</td>").doesNotContain("data-col=\"ttr\"")
                .contains("status-open").contains("<div class=\"lag\" data-col=\"ttd\">1 h 32 min to detect</div>");
        assertThat(row(html, "ffff")).contains("data-col=\"detect\">never</td>").doesNotContain("data-col=\"ttd\"")
                .contains("<span class=\"env env-other\" data-env=\"stage\">stage</span>");
    }

    @Test
    void shouldDateATimeInAnotherYearInFull() {
        java.time.Instant newYearsEve = java.time.Instant.parse("2016-12-31T23:50:00Z");

        assertThat(IndexPage.timeTag(java.time.Instant.parse("2017-01-01T00:20:00Z"), newYearsEve))
                .isEqualTo("<time datetime=\"2017-01-01T00:20:00Z\">2017-01-01 00:20:00</time>");
        assertThat(IndexPage.timeTag(java.time.Instant.parse("2016-12-31T23:59:00Z"), newYearsEve))
                .isEqualTo("<time datetime=\"2016-12-31T23:59:00Z\">23:59:00</time>");
    }

    @Test
    void shouldEscapeTitlesServicesAndIds() {
        String html = IndexPage.render(List.of(Outages.hostile()));

        assertThat(html.toLowerCase()).doesNotContain("<script").doesNotContain("<img");
        assertThat(html).contains("href=\"/incidents/evil%22id%3Cx%3E\"");
        assertThat(html).contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; upload &quot;down&quot;</a>");
        assertThat(html).contains("api&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    }

    @Test
    void shouldSaySoWhenThereIsNoIncident() {
        String html = IndexPage.render(List.of());

        assertThat(html).contains("No incidents yet").doesNotContain("<table");
        assertThat(between(html, "<title>", "</title>")).isEqualTo("Incident timelines");
    }

    @Test
    void shouldRenderTheSameBytesWhateverTheInputOrder() {
        List<Incident> reversed = new ArrayList<>(DEMO);
        java.util.Collections.reverse(reversed);

        assertThat(IndexPage.render(reversed)).isEqualTo(IndexPage.render(DEMO));
    }
    private static final List<Incident> WITH_WARNINGS = List.of(
            Outages.replayed("deployer-deleted"), // outage, 2016-09-05 09:29
            Outages.crashLooping(), // warning, 2016-09-05 08:09: older than the outage, listed after it anyway
            Outages.replayed("amqp-vhost"), // outage, 2023-03-06 07:26
            Outages.throttled()); // warning, 2023-03-06 09:02

    @Test
    void shouldListOutagesFirstAndWarningIncidentsApartEachNewestFirstWithTheirCounts() {
        String html = IndexPage.render(WITH_WARNINGS);

        assertThat(rowIds(html)).containsExactly("8a25e6b31b3b35ad38a3f0a79ebc50e8", "d2f08a7ad0a4e10049276d5de4ea3dca",
                Outages.throttled().id(), Outages.crashLooping().id());
        assertThat(html).contains("2 outages, 2 warning incidents. Newest first; all times UTC.");
        assertThat(html.indexOf("<h2>Outages (2)</h2>")).isPositive()
                .isLessThan(html.indexOf("<h2>Warning incidents (2)</h2>"));
        String warnings = between(html, "<section class=\"warnings\"", "</section>");
        assertThat(rowIds(warnings)).containsExactly(Outages.throttled().id(), Outages.crashLooping().id());
        assertThat(row(html, Outages.crashLooping().id())).contains("data-outage=\"false\"")
                .contains("<span class=\"severity severity-warning\" data-severity=\"warning\">warning</span>")
                .contains("<div class=\"lag\" data-col=\"lasted\">lasted 21 min</div>")
                .doesNotContain("unrecorded-alert").doesNotContain("data-col=\"detect\"");
    }

    @Test
    void shouldShowOnlyWhatTheTabAsksForWithTheCountsOfBoth() {
        String warningsOnly = IndexPage.render(WITH_WARNINGS, IndexPage.Show.WARNINGS);
        String outagesOnly = IndexPage.render(WITH_WARNINGS, IndexPage.Show.OUTAGES);

        assertThat(rowIds(warningsOnly)).containsExactly(Outages.throttled().id(), Outages.crashLooping().id());
        assertThat(warningsOnly).doesNotContain("<h2>Outages");
        assertThat(rowIds(outagesOnly)).containsExactly("8a25e6b31b3b35ad38a3f0a79ebc50e8",
                "d2f08a7ad0a4e10049276d5de4ea3dca");
        assertThat(outagesOnly).doesNotContain("<h2>Warning incidents");
        for (String html : List.of(warningsOnly, outagesOnly, IndexPage.render(WITH_WARNINGS))) {
            assertThat(between(html, "<nav class=\"tabs\">", "</nav>")).contains(">All (4)</a>")
                    .contains("href=\"/?show=outages\">Outages (2)</a>")
                    .contains("href=\"/?show=warnings\">Warning incidents (2)</a>");
        }
        assertThat(warningsOnly).contains("<a class=\"tab current\" aria-current=\"page\" data-show=\"warnings\"");
    }

    @Test
    void shouldReadTheTabFromTheQueryAndShowBothForAnythingElse() {
        assertThat(IndexPage.Show.of("warnings")).isEqualTo(IndexPage.Show.WARNINGS);
        assertThat(IndexPage.Show.of("Outages")).isEqualTo(IndexPage.Show.OUTAGES);
        assertThat(IndexPage.Show.of(null)).isEqualTo(IndexPage.Show.ALL);
        assertThat(IndexPage.Show.of("<script>")).isEqualTo(IndexPage.Show.ALL);
    }

    @Test
    void shouldSaySoWhenOnlyWarningIncidentsCame() {
        String html = IndexPage.render(List.of(Outages.throttled()));

        assertThat(html).contains("0 outages, 1 warning incident.")
                .contains("No outage: no signal showed users affected.");
        assertThat(rowIds(html)).containsExactly(Outages.throttled().id());
    }
}
