package timelines.sink.web;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.sink.web.Outages.BEGIN;
import static timelines.sink.web.Outages.END;
import static timelines.sink.web.Outages.ERRORS_FROM;
import static timelines.sink.web.Outages.ERRORS_TO;
import static timelines.sink.web.Outages.ONE_ERROR;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import timelines.contracts.Incident;
import timelines.contracts.Incident.Entry;
import timelines.contracts.SignalType;
import timelines.sink.drafts.DraftRenderer;

class TimelinePageTest {

    private static String page(Incident i) {
        return TimelinePage.render(i, DraftRenderer.render(i));
    }

    @Test
    void shouldDrawALanePerServiceAndCheckInTheIncidentsOrder() {
        Svg svg = Svg.of(page(Outages.silentUpload()));

        // generic-upload's probe, then the person's report (no check), esr-integration's consumer,
        // and keycloak, named by the incident but silent, still gets its (empty) lane.
        assertThat(svg.lanes()).containsExactly(
                "generic-upload · bulk-upload-smoke",
                "generic-upload",
                "esr-integration · esr-inbound-consumer",
                "keycloak");
        Element probe = svg.one("//g[@class='lane'][@data-lane='generic-upload · bulk-upload-smoke']");
        assertThat(probe.getAttribute("data-service")).isEqualTo("generic-upload");
        assertThat(probe.getAttribute("data-check")).isEqualTo("bulk-upload-smoke");
        assertThat(svg.all("//g[@data-lane='keycloak']/*[@class='span']")).isEmpty();
        assertThat(svg.one("//g[@data-lane='generic-upload']/path[@class='report']").getAttribute("data-at"))
                .isEqualTo("2016-09-05T11:00:00Z");
        assertThat(svg.one("//g[@data-lane='generic-upload']/text[@class='lane-label']").getTextContent())
                .endsWith("generic-upload · reported by people");
        assertThat(svg.one("//g[@data-lane='keycloak']/text[@class='lane-label']").getTextContent()).endsWith("keycloak");
    }

    @Test
    void shouldDrawAFailureSpanFromFailingToRecoveredBetweenBeginAndEnd() {
        Svg svg = Svg.of(page(Outages.deployer()));

        Element span = svg.one("//g[@data-lane='deployer-api · http-check-42']/a/rect[@class='span']");
        assertThat(span.getAttribute("data-kind")).isEqualTo("failing");
        assertThat(span.getAttribute("data-from")).isEqualTo(BEGIN.toString());
        assertThat(span.getAttribute("data-to")).isEqualTo(END.toString());
        assertThat(span.getAttribute("data-open")).isEqualTo("false");
        assertThat(Svg.x(span)).isCloseTo(Svg.x(svg.marker("BEGIN")), org.assertj.core.data.Offset.offset(0.11));
        assertThat(Svg.right(span)).isCloseTo(Svg.x(svg.marker("END")), org.assertj.core.data.Offset.offset(0.11));
    }

    @Test
    void shouldRunAStillFailingCheckToTheRightEdgeWhileTheIncidentIsOpen() {
        Svg svg = Svg.of(page(Outages.silentUpload()));

        Element open = svg.one("//g[@data-lane='generic-upload · bulk-upload-smoke']/rect[@class='span']");
        assertThat(open.getAttribute("data-open")).isEqualTo("true");
        assertThat(open.getAttribute("data-from")).isEqualTo(BEGIN.toString());
        assertThat(Svg.right(open)).isEqualTo(TimelineSvg.PLOT_RIGHT);
        assertThat(svg.all("//g[@data-lane='generic-upload · bulk-upload-smoke']/path[@class='open-arrow']")).hasSize(1);
        // A flapping check (failed three times) is still one span, and says so.
        assertThat(open.getTextContent()).contains("failed 3 times");

        Element closed = svg.one("//g[@data-lane='esr-integration · esr-inbound-consumer']/rect[@class='span']");
        assertThat(closed.getAttribute("data-open")).isEqualTo("false");
        assertThat(closed.getAttribute("data-to")).isEqualTo("2016-09-05T09:50:00Z");
        assertThat(Svg.right(closed)).isLessThan(Svg.x(open) + 1000).isLessThan(TimelineSvg.PLOT_RIGHT);
    }

    @Test
    void shouldEndAnUnrecoveredCheckAtEndWhenTheIncidentEnded() {
        Svg svg = Svg.of(page(Outages.endedWithoutRecovery()));

        Element span = svg.one("//rect[@class='span'][@data-kind='failing']");
        assertThat(span.getAttribute("data-to")).isEqualTo(END.toString());
        assertThat(span.getAttribute("data-open")).isEqualTo("false");
        assertThat(Svg.right(span)).isCloseTo(Svg.x(svg.marker("END")), org.assertj.core.data.Offset.offset(0.11));
        assertThat(svg.all("//path[@class='open-arrow']")).isEmpty();
        assertThat(svg.one("//text[@data-marker='END']").getTextContent()).startsWith("END (inferred)");
    }

    @Test
    void shouldDrawFoldedErrorsAsASpanFromFirstToLastAndSingleErrorsAsDots() {
        Svg svg = Svg.of(page(Outages.deployer()));

        Element folded = svg.one("//g[@data-lane='deployer-api · 4711']/rect[@class='span']");
        assertThat(folded.getAttribute("data-kind")).isEqualTo("errors");
        assertThat(folded.getAttribute("data-from")).isEqualTo(ERRORS_FROM.toString());
        assertThat(folded.getAttribute("data-to")).isEqualTo(ERRORS_TO.toString());
        assertThat(folded.getAttribute("data-count")).isEqualTo("12");
        assertThat(svg.one("//g[@data-lane='deployer-api · 4711']/text[@class='count']").getTextContent()).isEqualTo("12×");

        Element dot = svg.one("//g[@data-lane='deployer-api · 4712']/circle[@class='error']");
        assertThat(dot.getAttribute("data-at")).isEqualTo(ONE_ERROR.toString());
        assertThat(Svg.x(dot)).isGreaterThan(Svg.x(folded)).isLessThan(Svg.right(folded));
    }

    @Test
    void shouldDrawEveryMarkerAsALabelledLineOrderedByTime() {
        Svg svg = Svg.of(page(Outages.silentUpload()));
        List<Element> markers = svg.all("//line[@class='marker']");

        assertThat(markers).extracting(m -> m.getAttribute("data-marker"))
                .containsExactly("BEGIN", "UNRECORDED_ALERT", "DETECT");
        assertThat(svg.marker("UNRECORDED_ALERT").getAttribute("data-at")).isEqualTo("2016-09-05T09:44:00Z");
        assertThat(markers).extracting(Svg::x).isSorted().doesNotHaveDuplicates();
        assertThat(svg.one("//text[@data-marker='UNRECORDED_ALERT']").getTextContent()).isEqualTo("UNRECORDED ALERT 09:44:00");

        Svg deployer = Svg.of(page(Outages.deployer()));
        List<Element> all = deployer.all("//line[@class='marker']");
        assertThat(all).extracting(m -> m.getAttribute("data-marker")).containsExactly("BEGIN", "DETECT", "RECORDED", "END");
        assertThat(all).extracting(m -> Instant.parse(m.getAttribute("data-at"))).isSorted();
        assertThat(all).extracting(Svg::x).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void shouldPutTheLabelsOfMarkersSecondsApartOnDifferentRows() {
        Svg svg = Svg.of(page(Outages.deployer()));

        // DETECT is 4 s after BEGIN: less than a pixel apart, so their labels must not share a row.
        Element begin = svg.one("//text[@data-marker='BEGIN']");
        Element detect = svg.one("//text[@data-marker='DETECT']");
        assertThat(begin.getTextContent()).isEqualTo("BEGIN 09:29:00");
        assertThat(detect.getTextContent()).isEqualTo("DETECT 09:29:04");
        assertThat(begin.getAttribute("y")).isNotEqualTo(detect.getAttribute("y"));
    }

    @Test
    void shouldDrawChangesAndTriggerCandidatesAsTicksOnceEach() {
        Svg svg = Svg.of(page(Outages.deployer()));
        List<Element> ticks = svg.all("//g[@class='changes']/line[@class='change']");

        assertThat(ticks).extracting(t -> t.getAttribute("data-at"))
                .containsExactly("2016-09-05T08:50:00Z", "2016-09-05T09:20:00Z", "2016-09-05T09:56:00Z");
        assertThat(ticks).extracting(t -> t.getAttribute("data-trigger")).containsExactly("true", "true", "false");
        assertThat(ticks).extracting(t -> t.getAttribute("data-service")).containsExactly("keycloak", "deployer-api", "deployer-api");
        assertThat(ticks).extracting(Svg::x).isSorted();
        assertThat(Svg.x(ticks.get(1))).isLessThan(Svg.x(svg.marker("BEGIN")));

        // A change both in the entries and among the trigger candidates is one tick, marked as a trigger.
        Incident d = Outages.deployer();
        Incident twice = new Incident(d.id(), d.revision(), d.env(), d.title(), d.status(), d.planned(), d.services(), d.begin(),
                d.detect(), d.ack(), d.recorded(), d.end(), d.endInferred(), d.timeToDetectSeconds(), null,
                d.timeToRecordSeconds(), d.timeToRecoverSeconds(), d.detectedBy(), null,
                List.of(new Incident.TriggerCandidate(Outages.ROLLBACK, "deployer-api", "rollback to v1.4.1")), d.entries(), 0);
        List<Element> once = Svg.of(page(twice)).all("//line[@class='change']");
        assertThat(once).hasSize(1);
        assertThat(once.get(0).getAttribute("data-trigger")).isEqualTo("true");
    }

    @Test
    void shouldLabelTheAxisInUtcWithRoundEvenlySpacedTicks() {
        Svg svg = Svg.of(page(Outages.deployer()));
        List<Element> labels = svg.all("//text[@class='tick-label']");

        // 08:50 (the Keycloak upgrade) to 10:00, padded: 10-minute ticks.
        assertThat(labels).extracting(Element::getTextContent).containsExactly("08:50", "09:00", "09:10", "09:20", "09:30",
                "09:40", "09:50", "10:00");
        List<Double> xs = labels.stream().map(Svg::x).toList();
        for (int k = 2; k < xs.size(); k++) {
            assertThat(xs.get(k) - xs.get(k - 1)).isCloseTo(xs.get(1) - xs.get(0), org.assertj.core.data.Offset.offset(0.11));
        }
        assertThat(xs).allSatisfy(x -> assertThat(x).isBetween(TimelineSvg.PLOT_LEFT, TimelineSvg.PLOT_RIGHT));
        assertThat(svg.one("//text[@class='axis-caption']").getTextContent()).isEqualTo("UTC, from 2016-09-05");
    }

    @Test
    void shouldDateTheTicksOfAnOutageThatRunsOverMidnight() {
        Svg svg = Svg.of(page(Outages.replayed("keycloak-outage")));
        List<String> labels = svg.all("//text[@class='tick-label']").stream().map(Element::getTextContent).toList();

        // 2021-07-20 18:50 to 2021-07-21 17:40, padded by 4 % each side: 3-hour ticks, the first
        // one of the new day dated.
        assertThat(labels).containsExactly("18:00", "21:00", "07-21 00:00", "03:00", "06:00", "09:00", "12:00", "15:00", "18:00");
    }

    @Test
    void shouldChooseTickStepsForEveryLengthOfOutage() {
        for (Duration length : List.of(Duration.ofSeconds(20), Duration.ofMinutes(2), Duration.ofMinutes(45),
                Duration.ofHours(5), Duration.ofDays(3), Duration.ofDays(40))) {
            long from = BEGIN.toEpochMilli();
            List<Instant> ticks = TimelineSvg.ticks(new TimelineSvg.Scale(from, from + length.toMillis()));
            assertThat(ticks).as(length.toString()).hasSizeBetween(3, 9).isSorted();
            assertThat(ticks.get(0)).isAfterOrEqualTo(BEGIN);
            assertThat(ticks.get(ticks.size() - 1)).isBeforeOrEqualTo(BEGIN.plus(length));
        }
    }

    @Test
    void shouldPutTheEnvInThePageTitleAndTheHeading() {
        String stage = page(Outages.replayed("keycloak-outage"));
        assertThat(stage).contains("<title>[prod] esr-integration, generic-upload (prod): Bulk upload smoke test");
        assertThat(between(stage, "<h1>", "</h1>")).contains("<span class=\"env env-prod\" data-env=\"prod\">prod</span>");

        Incident d = Outages.deployer();
        Incident staging = new Incident(d.id(), 1, "stage", "deployer-api: down", d.status(), false, d.services(), d.begin(),
                d.detect(), null, null, d.end(), false, 4L, null, null, 1860L, null, null, List.of(), d.entries(), 0);
        String page = page(staging);
        assertThat(between(page, "<title>", "</title>")).isEqualTo("[stage] deployer-api: down — incident timeline");
        assertThat(between(page, "<h1>", "</h1>")).contains("<span class=\"env env-other\" data-env=\"stage\">stage</span>");
    }

    @Test
    void shouldEscapeEveryPayloadStringOfAHostileIncident() {
        String page = page(Outages.hostile());

        assertThat(page.toLowerCase()).doesNotContain("<script").doesNotContain("<img").doesNotContain("<svg onload")
                .doesNotContain("<b>").doesNotContain("<i>").doesNotContain("javascript:alert");
        assertThat(page).contains("&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; upload &quot;down&quot;");
        assertThat(page).contains("data-service=\"api&quot;&gt;&lt;img src=x onerror=alert(1)&gt;\"");
        assertThat(between(page, "<title>", "</title>"))
                .isEqualTo("[prod&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;] &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;"
                        + " upload &quot;down&quot; — incident timeline");
        // Every attribute value is quoted and holds no raw quote, angle bracket or ampersand.
        Matcher attrs = Pattern.compile("\\s[\\w-]+=\"([^\"]*)\"").matcher(page);
        while (attrs.find()) {
            assertThat(attrs.group(1)).doesNotContain("<", ">").doesNotContainPattern("&(?!(amp|lt|gt|quot|#39);)");
        }
        Svg.of(page); // and the SVG is still well formed
    }

    @Test
    void shouldMakeOnlyHttpAndHttpsLinksIntoAnchors() {
        String page = page(Outages.hostile());
        Svg svg = Svg.of(page);

        List<Element> anchors = svg.all("//a");
        assertThat(anchors).hasSize(1);
        assertThat(anchors.get(0).getAttribute("href")).isEqualTo("https://sentry.example/issues/1?a=1&b=%222%22%3Cx%3E");
        assertThat(page).doesNotContain("href=\"javascript");

        Svg deployer = Svg.of(page(Outages.deployer()));
        assertThat(deployer.one("//a[rect[@data-kind='failing']]").getAttribute("href")).isEqualTo("https://my.pingdom.com/reports/42");
    }

    @Test
    void shouldMakeNoAnchorOfALinkWithoutAHostOrOfAnotherSchemeInTheSvgOrTheDraft() {
        Incident d = Outages.deployer();
        List<String> links = List.of("https:///javascript:alert(1)", "https://@/x", "JAVASCRIPT:alert(1)",
                "\tjavascript:alert(1)", "data:text/html,<script>alert(1)</script>", "//evil.example/x");
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < links.size(); k++) {
            entries.add(new Entry(d.begin().plusSeconds(60L * k), null, SignalType.ERROR, "sentry", "deployer-api",
                    "e" + k, "boom " + k, 1, d.begin().plusSeconds(60L * k), links.get(k)));
        }
        Incident linked = new Incident(d.id(), 1, "prod", "deployer-api: down", d.status(), false, d.services(),
                d.begin(), d.detect(), null, null, d.end(), false, 4L, null, null, 1860L, null, null, List.of(), entries, 0);
        String draft = "# x\n\n" + links.stream().map(l -> "- [source](" + l + ")").collect(
                Collectors.joining("\n")) + "\n";

        String page = TimelinePage.render(linked, draft);

        assertThat(Svg.of(page).all("//a")).isEmpty();
        assertThat(page).doesNotContain("<a href=\"https:///").doesNotContain("<a href=\"javascript")
                .doesNotContain("href=\"//").doesNotContain("href=\"data:");
        assertThat(page.replace("<a href=\"/\">All incidents</a>", "")).doesNotContain("<a ");
    }

    @Test
    void shouldRenderTheSameBytesForTheSameIncident() {
        for (Incident i : List.of(Outages.deployer(), Outages.silentUpload(), Outages.hostile(),
                Outages.replayed("keycloak-outage"), Outages.replayed("amqp-vhost"))) {
            assertThat(page(i)).isEqualTo(page(i));
        }
        // Read again from JSON, not the same objects: still the same bytes.
        assertThat(page(Outages.replayed("amqp-vhost"))).isEqualTo(TimelinePage.render(Outages.replayed("amqp-vhost"), null));
    }

    @Test
    void shouldShowTheDraftAsHtmlAndItsMarkdownSourceEscaped() {
        Incident d = Outages.deployer();
        String md = DraftRenderer.render(d);
        String page = TimelinePage.render(d, md);
        String draft = page.substring(page.indexOf("<section class=\"draft\">"));

        assertThat(draft).contains("<h2>deployer-api (prod): deployer-api is down (HTTP 503)</h2>");
        assertThat(draft).contains("<h3>Timeline (prod, all times UTC)</h3>");
        assertThat(draft).contains("<th>Time</th><th>Event</th><th>Source</th><th>Service</th><th>Details</th>");
        assertThat(draft).contains("<strong>OUTAGE BEGINS</strong> (failing)");
        assertThat(draft).contains("<a href=\"https://my.pingdom.com/reports/42\" rel=\"nofollow noopener noreferrer\">source</a>");
        assertThat(draft).contains("<pre class=\"markdown\">" + Html.esc(md) + "</pre>");

        String hostile = TimelinePage.render(Outages.hostile(), DraftRenderer.render(Outages.hostile()));
        String hostileDraft = hostile.substring(hostile.indexOf("<section class=\"draft\">"));
        assertThat(hostileDraft.toLowerCase()).doesNotContain("<script").doesNotContain("<img");
        assertThat(hostileDraft).contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;");
    }

    @Test
    void shouldDrawARealReplayedOutage() {
        Incident keycloak = Outages.replayed("keycloak-outage");
        Svg svg = Svg.of(page(keycloak));

        assertThat(svg.lanes()).containsExactly("esr-integration · esr-inbound-consumer", "generic-upload · bulk-upload-smoke",
                "generic-upload");
        assertThat(svg.all("//line[@class='marker']")).extracting(m -> m.getAttribute("data-marker"))
                .containsExactly("BEGIN", "UNRECORDED_ALERT", "DETECT", "RECORDED", "END");
        assertThat(svg.all("//rect[@class='span'][@data-kind='failing']")).extracting(r -> r.getAttribute("data-to"))
                .containsExactly("2021-07-21T17:40:00Z", "2021-07-21T11:20:00Z");
        assertThat(svg.one("//line[@class='change']").getAttribute("data-at")).isEqualTo("2021-07-21T11:16:00Z");

        // Marker labels never overlap, whichever outage: same row means apart by more than the label.
        for (Incident i : List.of(keycloak, Outages.replayed("amqp-vhost"), Outages.replayed("deployer-deleted"),
                Outages.deployer(), Outages.silentUpload())) {
            List<Element> labels = Svg.of(page(i)).all("//text[@class='marker-label']").stream()
                    .sorted(Comparator.comparingDouble(Svg::x)).toList();
            for (int a = 0; a < labels.size(); a++) {
                for (int b = a + 1; b < labels.size(); b++) {
                    if (labels.get(a).getAttribute("y").equals(labels.get(b).getAttribute("y"))) {
                        assertThat(extent(labels.get(a))[1]).as(i.id() + " labels " + a + ", " + b)
                                .isLessThan(extent(labels.get(b))[0]);
                    }
                }
            }
        }
    }

    /** A label's left and right x as laid out (its anchor decides which side of x it is on). */
    private static double[] extent(Element text) {
        double x = Svg.x(text);
        double w = TimelineSvg.textWidth(text.getTextContent(), true, 11);
        return "end".equals(text.getAttribute("text-anchor")) ? new double[] {x - w, x} : new double[] {x, x + w};
    }

    @Test
    void shouldMarkEachEarlyWarningBeforeBeginWithItsLeadTime() {
        Svg svg = Svg.of(page(Outages.warnedDeployer()));

        List<Element> marks = svg.all("//g[@data-lane='early-warnings']/path[@class='early-warning']");
        assertThat(marks).extracting(e -> e.getAttribute("data-at"))
                .containsExactly("2016-09-05T08:09:00Z", "2016-09-05T08:49:00Z");
        assertThat(marks).extracting(e -> e.getAttribute("data-lead-seconds")).containsExactly("4800", "2400");
        assertThat(marks).extracting(e -> e.getAttribute("data-service")).containsExactly("deployer-api", "keycloak");
        double begin = Svg.x(svg.marker("BEGIN"));
        for (Element m : marks) {
            // The path starts at its apex: M x,y.
            double x = Double.parseDouble(m.getAttribute("d").substring(1).split(",")[0]);
            assertThat(x).isLessThan(begin).isGreaterThan(TimelineSvg.PLOT_LEFT);
        }
        assertThat(marks.get(0).getTextContent()).startsWith("Early warning, 1 h 20 min before the outage began: "
                + "2016-09-05 08:09:00 UTC, alertmanager, deployer-api (warning): KubePodCrashLooping");
        assertThat(svg.all("//text[@class='early-warning-label']")).extracting(Element::getTextContent)
                .anyMatch(t -> t.startsWith("keycloak: Disk <b>keycloak-db</b>"));
        // Below the changes, above the service lanes: its own row, not a service's.
        assertThat(svg.lanes()).doesNotContain("early-warnings");
    }

    @Test
    void shouldDrawNoEarlyWarningsRowWhenNothingWarned() {
        String html = page(Outages.deployer());

        assertThat(between(html, "<svg", "</svg>")).doesNotContain("early-warning");
        assertThat(html).doesNotContain("<section class=\"early-warnings\">");
    }

    @Test
    void shouldListTheEarlyWarningsAndShowTheSeverityOnThePage() {
        String html = page(Outages.warnedDeployer());

        String section = between(html, "<section class=\"early-warnings\">", "</section>");
        assertThat(section).contains("<h2>Early warnings: what could have caught it earlier (prod)</h2>");
        assertThat(section).containsSubsequence("2016-09-05 08:49:00", "40 min before", "keycloak",
                "Disk &lt;b&gt;keycloak-db&lt;/b&gt; 91% full", "2016-09-05 08:09:00", "1 h 20 min before", "deployer-api");
        assertThat(section).doesNotContain("<b>");
        assertThat(between(html, "<p class=\"meta\">", "</p>"))
                .contains("severity <span class=\"severity severity-critical\" data-severity=\"critical\">critical</span>");
        assertThat(html).contains("<dd data-fact=\"severity\">critical</dd>");
        assertThat(html.indexOf("<section class=\"early-warnings\">")).isLessThan(html.indexOf("<section class=\"draft\">"));
    }

    @Test
    void shouldShowAWarningIncidentAsSuchWithoutAPostmortem() {
        Incident warning = Outages.crashLooping();

        String html = TimelinePage.render(warning, null);

        assertThat(between(html, "<p class=\"meta\">", "</p>")).contains("warning incident");
        assertThat(html).contains("Warning incident: no signal showed users affected")
                .contains("None: a warning incident gets no postmortem.")
                .doesNotContain("Not recorded as an incident").doesNotContain("No signal alerted a person")
                .doesNotContain("OUTAGE BEGINS").doesNotContain("Outage began").doesNotContain("Markdown source");
        assertThat(html).contains("<dd data-fact=\"end\">2016-09-05 08:30:00 UTC <span class=\"lag\">(lasted 21 min)</span>");
        assertThat(Svg.of(html).lanes()).containsExactly("deployer-api · 5d2c1f");
    }

    static String between(String s, String from, String to) {
        int a = s.indexOf(from);
        assertThat(a).as(from).isNotNegative();
        int b = s.indexOf(to, a + from.length());
        assertThat(b).as(to).isNotNegative();
        return s.substring(a + from.length(), b);
    }
}
