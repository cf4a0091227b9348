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
 * The list of incidents as a server-rendered HTML page, newest BEGIN first, each linking to its
 * timeline at {@code /incidents/{id}}: env first and loud, then what failed, the markers, the lags,
 * and whether the unrecorded-outage alert had to fire. A pure function of the list.
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

    private IndexPage() {}

    public static String render(List<Incident> incidents) {
        List<Incident> sorted = incidents.stream().filter(Objects::nonNull).sorted(NEWEST_FIRST).toList();
        StringBuilder out = new StringBuilder(4096 + sorted.size() * 1024);
        Html.open(out, "Incident timelines");
        out.append("<h1>Incident timelines</h1>\n");
        long open = sorted.stream().filter(i -> i.end() == null).count();
        out.append("<p class=\"meta\">").append(sorted.size()).append(sorted.size() == 1 ? " incident" : " incidents")
                .append(open > 0 ? ", " + open + " open" : "").append(", newest first. All times UTC.</p>\n");
        if (sorted.isEmpty()) {
            out.append("<p class=\"empty\">No incidents yet: nothing in the signals looked like an outage.</p>\n");
            Html.close(out);
            return out.toString();
        }
        out.append("<table class=\"incidents\">\n<thead><tr><th>Env</th><th>Incident</th><th>Status</th><th>Began (UTC)</th>")
                .append("<th>Detected</th><th>Ended</th>")
                .append("<th>Unrecorded-outage alert</th></tr></thead>\n<tbody>\n");
        for (Incident i : sorted) {
            boolean alerted = i.unrecordedAlertAt() != null;
            out.append("<tr class=\"incident\" data-id=\"").append(esc(i.id())).append("\" data-env=\"").append(esc(i.env()))
                    .append("\" data-unrecorded-alert=\"").append(alerted).append("\">");
            out.append("<td class=\"env-cell\">").append(Html.envBadge(i.env())).append("</td>");
            out.append("<td class=\"title-cell\"><a class=\"title\" href=\"").append(esc(Html.incidentPath(i.id()))).append("\">")
                    .append(esc(i.title() == null || i.title().isBlank() ? i.id() : i.title())).append("</a>")
                    .append("<div class=\"services\">").append(esc(String.join(", ", i.services())))
                    .append(i.planned() ? " · planned work" : "").append("</div></td>");
            out.append("<td>").append(Html.statusBadge(i.status())).append("</td>");
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
        Html.close(out);
        return out.toString();
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
