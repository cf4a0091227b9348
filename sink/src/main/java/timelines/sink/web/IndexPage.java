package timelines.sink.web;

import static timelines.sink.web.Html.esc;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import timelines.contracts.Incident;
import timelines.sink.drafts.Text;

/**
 * The list of incidents as a server-rendered HTML page, each linking to its timeline at
 * {@code /incidents/{id}}: outages first, then warning incidents apart (DESIGN 5a: most alerts are
 * not outages, and a list where a week of {@code warning} alerts buries the one outage is not
 * read). Each part newest BEGIN first; tabs ({@code ?show=outages}, {@code ?show=warnings}) show
 * one part alone, with the counts of both. An outage's row: env first and loud, then what failed,
 * its severity, the markers, the lags, and whether the unrecorded-outage alert had to fire. A
 * warning incident's row: what warned, how severe, when, for how long. A pure function of the
 * list and the tab.
 */
public final class IndexPage {
    /** Newest BEGIN first; an incident without BEGIN last; ties by id so the order never wobbles. */
    static final Comparator<Incident> NEWEST_FIRST = Comparator
            .comparing(Incident::begin, Comparator.nullsLast(Comparator.<Instant>reverseOrder()))
            .thenComparing(Incident::id, Comparator.nullsLast(Comparator.<String>naturalOrder()));

    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MONTH_DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter YEAR = DateTimeFormatter.ofPattern("yyyy").withZone(ZoneOffset.UTC);

    /** Which part of the list a tab shows: {@code /?show=outages}, {@code /?show=warnings}, or both. */
    public enum Show {
        ALL("all", "/"),
        OUTAGES("outages", "/?show=outages"),
        WARNINGS("warnings", "/?show=warnings");

        private final String word;
        private final String path;

        Show(String word, String path) {
            this.word = word;
            this.path = path;
        }

        /** The tab a {@code show} query parameter names; anything else (or none) shows both parts. */
        public static Show of(String query) {
            for (Show s : values()) {
                if (s.word.equalsIgnoreCase(query == null ? "" : query.trim())) {
                    return s;
                }
            }
            return ALL;
        }

        boolean outages() {
            return this != WARNINGS;
        }

        boolean warnings() {
            return this != OUTAGES;
        }
    }

    private IndexPage() {}

    public static String render(List<Incident> incidents) {
        return render(incidents, Show.ALL);
    }

    public static String render(List<Incident> incidents, Show show) {
        return render(incidents, show, null);
    }

    /**
     * @param sourcesLink where ingest's integrations page is ({@code /sources} when one server serves both),
     *     or null when this sink does not know
     */
    public static String render(List<Incident> incidents, Show show, String sourcesLink) {
        List<Incident> sorted = incidents.stream().filter(Objects::nonNull).sorted(NEWEST_FIRST).toList();
        List<Incident> outages = sorted.stream().filter(Incident::isOutage).toList();
        List<Incident> warnings = sorted.stream().filter(i -> !i.isOutage()).toList();
        StringBuilder out = new StringBuilder(4096 + sorted.size() * 1024);
        Html.open(out, show == Show.WARNINGS ? "Warning incidents — incident timelines" : "Incident timelines");
        out.append("<h1>Incident timelines</h1>\n");
        if (sourcesLink != null) {
            out.append("<p class=\"meta sources-link\"><a href=\"").append(esc(sourcesLink))
                    .append("\">Sources</a>: the URL to give each vendor, and what each last delivered.</p>\n");
        }
        long open = outages.stream().filter(i -> i.end() == null).count();
        out.append("<p class=\"meta\" data-outages=\"").append(outages.size()).append("\" data-warnings=\"")
                .append(warnings.size()).append("\">").append(count(outages.size(), "outage", "outages"))
                .append(open > 0 ? " (" + open + " open)" : "").append(", ")
                .append(count(warnings.size(), "warning incident", "warning incidents"))
                .append(". Newest first; all times UTC.</p>\n");
        if (sorted.isEmpty()) {
            out.append("<p class=\"empty\">No incidents yet: nothing in the signals looked like an outage.</p>\n");
            Html.close(out);
            return out.toString();
        }
        tabs(out, show, outages.size(), warnings.size());
        if (show.outages()) {
            out.append("<section class=\"outages\" id=\"outages\">\n<h2>Outages (").append(outages.size())
                    .append(")</h2>\n");
            if (outages.isEmpty()) {
                out.append("<p class=\"empty\">No outage: no signal showed users affected.</p>\n");
            } else {
                outageTable(out, outages);
            }
            out.append("</section>\n");
        }
        if (show.warnings()) {
            out.append("<section class=\"warnings\" id=\"warnings\">\n<h2>Warning incidents (").append(warnings.size())
                    .append(")</h2>\n<p class=\"meta\">No signal of these showed users affected (warnings, info, a few ")
                    .append("isolated errors): they get no postmortem and never an unrecorded-outage alert. One that ")
                    .append("impact later joins becomes an outage.</p>\n");
            if (warnings.isEmpty()) {
                out.append("<p class=\"empty\">No warning incident.</p>\n");
            } else {
                warningTable(out, warnings);
            }
            out.append("</section>\n");
        }
        Html.close(out);
        return out.toString();
    }

    private static void tabs(StringBuilder out, Show show, int outages, int warnings) {
        out.append("<nav class=\"tabs\">");
        tab(out, show, Show.ALL, "All (" + (outages + warnings) + ")");
        tab(out, show, Show.OUTAGES, "Outages (" + outages + ")");
        tab(out, show, Show.WARNINGS, "Warning incidents (" + warnings + ")");
        out.append("</nav>\n");
    }

    private static void tab(StringBuilder out, Show current, Show tab, String label) {
        out.append("<a class=\"tab").append(tab == current ? " current\" aria-current=\"page" : "")
                .append("\" data-show=\"").append(tab.word).append("\" href=\"").append(esc(tab.path)).append("\">")
                .append(esc(label)).append("</a>");
    }

    private static void outageTable(StringBuilder out, List<Incident> outages) {
        out.append("<table class=\"incidents\">\n<thead><tr><th>Env</th><th>Incident</th><th>Status</th><th>Began (UTC)</th>")
                .append("<th>Detected</th><th>Ended</th>")
                .append("<th>Unrecorded-outage alert</th></tr></thead>\n<tbody>\n");
        for (Incident i : outages) {
            boolean alerted = i.unrecordedAlertAt() != null;
            out.append("<tr class=\"incident\" data-id=\"").append(esc(i.id())).append("\" data-env=\"").append(esc(i.env()))
                    .append("\" data-outage=\"true\" data-unrecorded-alert=\"").append(alerted).append("\">");
            titleCells(out, i);
            time(out, "begin", i.begin(), null, "—", null);
            time(out, "detect", i.detect(), i.begin(), "never",
                    i.detect() == null ? null : lag("ttd", i.timeToDetectSeconds(), "to detect"));
            time(out, "end", i.end(), i.begin(), "still open",
                    i.end() == null ? null : lag("ttr", i.timeToRecoverSeconds(), "to recover"));
            out.append("<td data-col=\"unrecorded-alert\">");
            if (alerted) {
                out.append("<span class=\"alert-fired\">fired ").append(timeTag(i.unrecordedAlertAt(), i.begin())).append("</span>");
            } else {
                out.append("no");
            }
            out.append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private static void warningTable(StringBuilder out, List<Incident> warnings) {
        out.append("<table class=\"incidents warning-incidents\">\n<thead><tr><th>Env</th><th>Incident</th><th>Status</th>")
                .append("<th>Began (UTC)</th><th>Ended</th></tr></thead>\n<tbody>\n");
        for (Incident i : warnings) {
            out.append("<tr class=\"incident\" data-id=\"").append(esc(i.id())).append("\" data-env=\"").append(esc(i.env()))
                    .append("\" data-outage=\"false\">");
            titleCells(out, i);
            time(out, "begin", i.begin(), null, "—", null);
            time(out, "end", i.end(), i.begin(), "still open",
                    i.end() == null ? null : "<div class=\"lag\" data-col=\"lasted\">lasted "
                            + esc(Text.duration(i.timeToRecoverSeconds())) + "</div>");
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    /** Env, title with services and severity, status: the cells both tables start with. */
    private static void titleCells(StringBuilder out, Incident i) {
        out.append("<td class=\"env-cell\">").append(Html.envBadge(i.env())).append("</td>");
        out.append("<td class=\"title-cell\"><a class=\"title\" href=\"").append(esc(Html.incidentPath(i.id()))).append("\">")
                .append(esc(i.title() == null || i.title().isBlank() ? i.id() : i.title())).append("</a>")
                .append("<div class=\"services\">").append(esc(String.join(", ", i.services())))
                .append(i.planned() ? " · planned work" : "").append(Html.severityBadge(i.severity()))
                .append("</div></td>");
        out.append("<td>").append(Html.statusBadge(i.status())).append("</td>");
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static void time(StringBuilder out, String col, Instant t, Instant begin, String absent, String lag) {
        out.append("<td class=\"time\" data-col=\"").append(col).append("\">")
                .append(t == null ? esc(absent) : timeTag(t, begin)).append(lag == null ? "" : lag).append("</td>");
    }

    private static String lag(String col, Long seconds, String what) {
        return "<div class=\"lag\" data-col=\"" + col + "\">" + esc(Text.duration(seconds) + " " + what) + "</div>";
    }

    /**
     * An instant as short as it can be read unambiguously next to BEGIN: the time alone on BEGIN's
     * day, the month and day added on another, the full date for BEGIN itself.
     */
    static String timeTag(Instant t, Instant begin) {
        String shown;
        if (begin != null && DAY.format(t).equals(DAY.format(begin))) {
            shown = TIME.format(t);
        } else if (begin != null && YEAR.format(t).equals(YEAR.format(begin))) {
            shown = MONTH_DAY_TIME.format(t);
        } else {
            shown = FULL.format(t);
        }
        return "<time datetime=\"" + t + "\">" + esc(shown) + "</time>";
    }
}
