package timelines.sink.web;

import static timelines.sink.web.Html.esc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import timelines.contracts.Incident;
import timelines.contracts.Incident.EarlyWarning;
import timelines.contracts.IncidentStatus;
import timelines.sink.drafts.DraftRenderer;
import timelines.sink.drafts.Text;

/**
 * One incident as a server-rendered HTML page: the env in the title and the heading (seed 003's
 * lesson: nobody should wonder which account they are looking at), the facts and lags, an inline
 * SVG timeline (see {@link TimelineSvg}), the early warnings that came before an outage, then the
 * Markdown draft shown as HTML with its source below for copying. A warning incident (DESIGN 5a)
 * says so, and has no draft to show. No scripts and no external assets; a pure function of its
 * arguments, so the same incident always gives the same bytes.
 */
public final class TimelinePage {
    private TimelinePage() {}

    /**
     * @param incident the incident to draw
     * @param draftMarkdown the draft as written next to the incident (it may have been edited by
     *     people); null renders the draft from the incident
     */
    /** The page for an incident id that has no draft (merged away, or never was). */
    public static String notFound(String id) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>No such incident</title></head><body>"
                + "<p>No incident <code>" + Html.esc(id) + "</code> (it may have merged into another). "
                + "<a href=\"/\">All incidents</a></p></body></html>";
    }

    public static String render(Incident incident, String draftMarkdown) {
        String draft = draftMarkdown != null ? draftMarkdown
                : DraftRenderer.hasPostmortem(incident) ? DraftRenderer.render(incident) : null;
        String env = incident.env() == null || incident.env().isBlank() ? "no env" : incident.env();
        String title = incident.title() == null || incident.title().isBlank() ? incident.id() : incident.title();
        StringBuilder out = new StringBuilder(16384);
        Html.open(out, "[" + env + "] " + title + " — incident timeline");
        out.append("<nav><a href=\"/\">All incidents</a></nav>\n");
        out.append("<header>\n<h1>").append(Html.envBadge(incident.env())).append(' ')
                .append("<span class=\"title\">").append(esc(title)).append("</span></h1>\n");
        out.append("<p class=\"meta\">").append(Html.statusBadge(incident.status())).append(" in <strong>").append(esc(env))
                .append("</strong> · services: ");
        if (incident.services().isEmpty()) {
            out.append("none named");
        }
        for (int k = 0; k < incident.services().size(); k++) {
            out.append(k == 0 ? "" : ", ").append("<span class=\"service\">").append(esc(incident.services().get(k))).append("</span>");
        }
        out.append(" · severity ").append(incident.severity() == null || incident.severity().isBlank() ? "not stated"
                        : Html.severityBadge(incident.severity()).trim())
                .append(incident.isOutage() ? "" : " · <span class=\"kind warning-incident\">warning incident</span>")
                .append(" · revision ").append(incident.revision()).append(incident.planned() ? " · planned work" : "").append("</p>\n");
        callouts(out, incident);
        facts(out, incident);
        out.append("</header>\n");

        out.append("<section class=\"timeline-section\">\n<h2>Timeline (").append(esc(env)).append(", UTC)</h2>\n");
        out.append(TimelineSvg.render(incident));
        legend(out);
        if (incident.entriesOmitted() > 0) {
            out.append("<p class=\"meta\">").append(incident.entriesOmitted())
                    .append(" more signals were folded away and are not drawn.</p>\n");
        }
        out.append("</section>\n");
        earlyWarnings(out, incident, env);

        out.append("<section class=\"draft\">\n<h2>Draft postmortem (").append(esc(env)).append(")</h2>\n");
        if (draft == null) {
            out.append("<p class=\"no-draft\">None: a warning incident gets no postmortem. If impact evidence joins ")
                    .append("it, it becomes an outage and its draft appears here.</p>\n</section>\n");
        } else {
            out.append(Markdown.toHtml(draft));
            out.append("<details><summary>Markdown source</summary>\n<pre class=\"markdown\">").append(esc(draft))
                    .append("</pre>\n</details>\n</section>\n");
        }
        out.append("<footer>Incident <code>").append(esc(incident.id())).append("</code>, revision ").append(incident.revision())
                .append(". Drawn from the monitoring signals; all times UTC.</footer>\n");
        Html.close(out);
        return out.toString();
    }

    /**
     * What warned before the outage began (DESIGN 5a), nearest first, with its lead time: the
     * question a postmortem asks of its detection. Drawn on the timeline too; listed here because
     * the draft below is the people's to edit, and may lose them.
     */
    private static void earlyWarnings(StringBuilder out, Incident i, String env) {
        if (i.earlyWarnings().isEmpty()) {
            return;
        }
        out.append("<section class=\"early-warnings\">\n<h2>Early warnings: what could have caught it earlier (")
                .append(esc(env)).append(")</h2>\n<table class=\"early-warnings\">\n<thead><tr><th>Began (UTC)</th>")
                .append("<th>Before the outage</th><th>Source</th><th>Service</th><th>Severity</th><th>Summary</th></tr>")
                .append("</thead>\n<tbody>\n");
        for (EarlyWarning w : i.earlyWarnings()) {
            out.append("<tr class=\"early-warning\" data-at=\"").append(w.at()).append("\" data-lead-seconds=\"")
                    .append(w.leadSeconds()).append("\"><td>").append(esc(Text.dateTime(w.at()).replace(" UTC", "")))
                    .append("</td><td class=\"lead\">").append(esc(Text.duration(w.leadSeconds()))).append(" before</td><td>")
                    .append(esc(w.source())).append("</td><td>").append(esc(w.service())).append("</td><td>")
                    .append(w.severity() == null ? "not stated" : Html.severityBadge(w.severity()).trim()).append("</td><td>")
                    .append(esc(Text.cut(Objects.toString(w.summary(), ""), 300))).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    private static void callouts(StringBuilder out, Incident i) {
        List<String> alarms = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        if (!i.isOutage()) {
            notes.add("<li class=\"note warning-incident\">Warning incident: no signal showed users affected, so it gets "
                    + "no postmortem and never an unrecorded-outage alert. It becomes an outage if impact evidence joins it.</li>");
            if (i.status() == IncidentStatus.OPEN) {
                notes.add("<li class=\"note open\">Still open: warning since " + esc(Text.dateTime(i.begin())) + ".</li>");
            }
            if (i.planned()) {
                notes.add("<li class=\"note\">Planned work: inside a maintenance window.</li>");
            }
            out.append("<ul class=\"callouts\">\n");
            notes.forEach(n -> out.append(n).append('\n'));
            out.append("</ul>\n");
            return;
        }
        if (i.unrecordedAlertAt() != null) {
            StringBuilder s = new StringBuilder("Unrecorded-outage alert fired at ").append(esc(Text.dateTime(i.unrecordedAlertAt())));
            if (i.begin() != null) {
                s.append(", ").append(esc(Text.duration(Duration.between(i.begin(), i.unrecordedAlertAt()).getSeconds())))
                        .append(" after the outage began");
            }
            if (i.recorded() != null && i.recorded().isAfter(i.unrecordedAlertAt())) {
                s.append("; it was recorded ")
                        .append(esc(Text.duration(Duration.between(i.unrecordedAlertAt(), i.recorded()).getSeconds())))
                        .append(" after that");
            }
            alarms.add("<li class=\"unrecorded-alert\">" + s + ".</li>");
        }
        if (i.detect() == null) {
            alarms.add("<li class=\"undetected\">No signal alerted a person.</li>");
        }
        if (i.recorded() == null) {
            alarms.add("<li class=\"unrecorded\">Not recorded as an incident.</li>");
        }
        if (i.status() == IncidentStatus.OPEN) {
            alarms.add("<li class=\"open\">Still open: failing since " + esc(Text.dateTime(i.begin())) + ".</li>");
        }
        if (i.endInferred()) {
            notes.add("<li class=\"note\">End inferred: no recovery signal, the errors stopped.</li>");
        }
        if (i.planned()) {
            notes.add("<li class=\"note\">Planned work: inside a maintenance window, never alerted as unrecorded.</li>");
        }
        if (alarms.isEmpty() && notes.isEmpty()) {
            return;
        }
        out.append("<ul class=\"callouts\">\n");
        alarms.forEach(a -> out.append(a).append('\n'));
        notes.forEach(n -> out.append(n).append('\n'));
        out.append("</ul>\n");
    }

    private static void facts(StringBuilder out, Incident i) {
        out.append("<dl class=\"facts\">\n");
        if (!i.isOutage()) {
            fact(out, "begin", "Began", Text.dateTime(i.begin()), null);
            fact(out, "severity", "Severity", i.severity() == null ? "not stated" : i.severity(), null);
            fact(out, "end", "Ended", i.end() == null ? "still open" : Text.dateTime(i.end()),
                    i.end() == null ? null : "lasted " + Text.duration(i.timeToRecoverSeconds()));
            out.append("</dl>\n");
            return;
        }
        fact(out, "begin", "Outage began", Text.dateTime(i.begin()), null);
        fact(out, "severity", "Severity", i.severity() == null ? "not stated by any signal" : i.severity(), null);
        String detect = Text.dateTime(i.detect());
        if (i.detect() != null && i.detectedBy() != null) {
            detect += " by " + Objects.toString(i.detectedBy().source(), "?") + " ("
                    + Objects.toString(i.detectedBy().service(), "?") + "): "
                    + Text.cut(Objects.toString(i.detectedBy().summary(), ""), 200);
        }
        fact(out, "detect", "Detected", i.detect() == null ? "never: no signal alerted a person" : detect,
                i.detect() == null ? null : Text.duration(i.timeToDetectSeconds()) + " to detect");
        if (i.ack() != null) {
            fact(out, "ack", "Acknowledged", Text.dateTime(i.ack()), Text.duration(i.timeToAcknowledgeSeconds()) + " after detection");
        }
        fact(out, "recorded", "Recorded", i.recorded() == null ? "not recorded" : Text.dateTime(i.recorded()),
                i.recorded() == null ? null : Text.duration(i.timeToRecordSeconds()) + " after it began");
        fact(out, "end", "Outage ended", i.end() == null ? "still open" : Text.dateTime(i.end()) + (i.endInferred() ? " (inferred)" : ""),
                i.end() == null ? null : Text.duration(i.timeToRecoverSeconds()) + " to recover");
        if (i.unrecordedAlertAt() != null) {
            fact(out, "unrecorded-alert", "Unrecorded alert", "fired at " + Text.dateTime(i.unrecordedAlertAt()), null);
        }
        out.append("</dl>\n");
    }

    private static void fact(StringBuilder out, String key, String name, String value, String lag) {
        out.append("<dt>").append(esc(name)).append("</dt><dd data-fact=\"").append(key).append("\">").append(esc(value));
        if (lag != null) {
            out.append(" <span class=\"lag\">(").append(esc(lag)).append(")</span>");
        }
        out.append("</dd>\n");
    }

    private static void legend(StringBuilder out) {
        out.append("<ul class=\"legend\">")
                .append("<li><span class=\"sw\" style=\"background:#d7373f\"></span>failing (check down until it recovered)</li>")
                .append("<li><span class=\"sw\" style=\"background:#f5b57a;border:1px solid #d06c08\"></span>repeated errors, first to last</li>")
                .append("<li><span class=\"sw\" style=\"background:#e8710a;border-radius:50%;width:10px\"></span>error</li>")
                .append("<li><span class=\"sw\" style=\"background:#6f42c1;transform:rotate(45deg);width:9px;height:9px\"></span>reported by a person</li>")
                .append("<li><span class=\"sw\" style=\"background:#1f5fbf;width:3px\"></span>change (blue: trigger candidate)</li>")
                .append("<li><span class=\"sw\" style=\"background:#f0a800;border:1px solid #8a5a00\"></span>early warning, before BEGIN</li>")
                .append("<li><span class=\"sw\" style=\"background:#c0262d;width:2px\"></span>markers: BEGIN, DETECT, ACK, RECORDED, END, unrecorded alert</li>")
                .append("</ul>\n");
    }
}
