package timelines.sink.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import timelines.contracts.HtmlText;
import timelines.contracts.IncidentStatus;
import timelines.sink.drafts.Text;
import timelines.sink.drafts.WebLink;

/**
 * Escaping and small formatting shared by the pages. Everything that came from a payload (titles,
 * summaries, services, checks, links) goes through {@link #esc} or {@link #href} before it is
 * written; nothing else is trusted either, so the rule is simply "escape every string".
 */
final class Html {
    private Html() {}

    /** Text for element content and for quoted attribute values alike. */
    static String esc(String s) {
        return HtmlText.escape(s);
    }

    /**
     * A payload link as an escaped {@code href} value, or null when it is not a web link (see
     * {@link WebLink}: {@code javascript:}, {@code data:}, relative paths never become anchors).
     */
    static String href(String link) {
        String web = WebLink.of(link);
        return web == null ? null : esc(Text.url(web));
    }

    /** The path of an incident's page; the id is percent-encoded as one path segment. */
    static String incidentPath(String id) {
        return "/incidents/" + URLEncoder.encode(id == null ? "" : id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** SVG coordinates with one decimal, the same on every machine and locale. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * The env as a badge. Production-like envs are red: the point is that nobody mistakes which
     * account they are looking at (seed 003 deleted a production service thinking it was staging).
     */
    static String envBadge(String env) {
        return "<span class=\"env " + (isProduction(env) ? "env-prod" : "env-other") + "\" data-env=\"" + esc(env)
                + "\">" + esc(env == null || env.isBlank() ? "no env" : env) + "</span>";
    }

    static boolean isProduction(String env) {
        if (env == null) {
            return false;
        }
        String e = env.toLowerCase(Locale.ROOT);
        return e.equals("prod") || e.equals("production") || e.equals("prd") || e.startsWith("prod-")
                || e.endsWith("-prod");
    }

    static String statusWords(IncidentStatus status) {
        if (status == null) {
            return "unknown";
        }
        return switch (status) {
            case OPEN -> "open";
            case RESOLVED -> "resolved";
            case ENDED_WITHOUT_RECOVERY -> "ended, no recovery signal";
        };
    }

    static String statusBadge(IncidentStatus status) {
        String cls = status == null ? "unknown" : status.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return "<span class=\"status status-" + cls + "\">" + esc(statusWords(status)) + "</span>";
    }

    /**
     * An incident's severity (DESIGN 5a: the highest of its impact signals, for a warning incident
     * of its others) as a small badge; nothing when no signal stated one.
     */
    static String severityBadge(String severity) {
        if (severity == null || severity.isBlank()) {
            return "";
        }
        String known = switch (severity.toLowerCase(Locale.ROOT)) {
            case "critical", "error", "warning", "info" -> severity.toLowerCase(Locale.ROOT);
            default -> "other";
        };
        return " <span class=\"severity severity-" + known + "\" data-severity=\"" + esc(severity) + "\">"
                + esc(severity) + "</span>";
    }

    /** The page shell: no scripts, no external assets, and a policy that would block them anyway. */
    static void open(StringBuilder out, String title) {
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n")
                .append("<meta name=\"referrer\" content=\"no-referrer\">\n")
                .append("<title>").append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
    }

    static void close(StringBuilder out) {
        out.append("</body>\n</html>\n");
    }

    static final String CSS = """
            :root { --fg: #1d2330; --muted: #5c6578; --line: #d8dde6; --bg: #ffffff; --soft: #f5f7fa; }
            * { box-sizing: border-box; }
            body { margin: 0 auto; max-width: 1280px; padding: 16px 24px 48px; color: var(--fg); background: var(--bg);
                   font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
            a { color: #1f5fbf; }
            h1 { font-size: 22px; margin: 8px 0 6px; line-height: 1.3; }
            h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
            nav { font-size: 13px; color: var(--muted); }
            .env { display: inline-block; padding: 2px 10px; border-radius: 4px; font-weight: 700; letter-spacing: .06em;
                   text-transform: uppercase; font-size: 15px; vertical-align: 2px; color: #fff; background: #3d5a80; }
            .env.env-prod { background: #c0262d; }
            h1 .env { font-size: 17px; margin-right: 6px; }
            .status { display: inline-block; padding: 1px 7px; border-radius: 10px; font-size: 12px; background: #e6e9ef; }
            .status-open { background: #ffe1e1; color: #8a1116; font-weight: 600; }
            .status-resolved { background: #dff3e4; color: #1c5e2f; }
            .status-ended-without-recovery { background: #fff1d6; color: #7a4a00; }
            .severity { display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 11px; font-weight: 600;
                        background: #e6e9ef; color: var(--fg); margin-left: 4px; }
            .severity-critical { background: #c0262d; color: #fff; }
            .severity-error { background: #f3c1c3; color: #8a1116; }
            .severity-warning { background: #fde7b0; color: #6b4500; }
            .severity-info { background: #dbe7f7; color: #1f3f73; }
            .tabs { display: flex; gap: 4px; margin: 12px 0 0; border-bottom: 1px solid var(--line); }
            .tabs .tab { padding: 5px 12px; border: 1px solid transparent; border-bottom: none; border-radius: 6px 6px 0 0;
                         text-decoration: none; color: var(--muted); }
            .tabs .tab.current { border-color: var(--line); background: var(--bg); color: var(--fg); font-weight: 600;
                                 margin-bottom: -1px; }
            section.warnings h2 { color: var(--muted); }
            table.early-warnings td.lead { white-space: nowrap; font-weight: 600; }
            .meta { color: var(--muted); margin: 0 0 10px; }
            .meta .service { color: var(--fg); font-weight: 600; }
            .callouts { margin: 10px 0; padding: 0; list-style: none; }
            .callouts li { padding: 6px 10px; margin: 4px 0; border-left: 4px solid #c0262d; background: #fdf0f0; }
            .callouts li.note { border-left-color: #8a94a6; background: var(--soft); }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 12px 0; }
            dl.facts dt { color: var(--muted); }
            dl.facts dd { margin: 0; }
            .lag { color: var(--muted); }
            svg.timeline { display: block; width: 100%; height: auto; border: 1px solid var(--line); border-radius: 6px; background: #fff; }
            svg.timeline text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 11px; fill: var(--fg); }
            svg.timeline .lane-bg { fill: #fafbfc; }
            svg.timeline .lane-bg.alt { fill: #f1f3f7; }
            svg.timeline .lane-label .svc { font-weight: 600; }
            svg.timeline .lane-label .chk { fill: var(--muted); }
            svg.timeline .span[data-kind="failing"] { fill: #d7373f; }
            svg.timeline .span[data-kind="errors"] { fill: #f08c28; fill-opacity: .55; stroke: #d06c08; stroke-width: 1; }
            svg.timeline .span[data-open="true"] { fill-opacity: .75; }
            svg.timeline .open-arrow { fill: #d7373f; font-weight: 700; }
            svg.timeline circle.error { fill: #e8710a; stroke: #fff; stroke-width: 1; }
            svg.timeline circle.recovered { fill: #2e9e4f; stroke: #fff; stroke-width: 1; }
            svg.timeline path.report { fill: #6f42c1; stroke: #fff; stroke-width: 1; }
            svg.timeline .count { fill: #9a4a00; font-size: 10px; }
            svg.timeline .grid { stroke: #e3e7ee; stroke-width: 1; }
            svg.timeline .axis { stroke: #7b8496; stroke-width: 1; }
            svg.timeline .tick-label { fill: var(--muted); font-size: 11px; }
            svg.timeline .axis-caption { fill: var(--muted); font-size: 11px; }
            svg.timeline line.marker { stroke-width: 1.5; }
            svg.timeline .marker-label { font-size: 11px; font-weight: 700; }
            svg.timeline line.change { stroke: #56627a; stroke-width: 2; }
            svg.timeline line.change[data-trigger="true"] { stroke: #1f5fbf; stroke-width: 2.5; }
            svg.timeline .change-label { fill: #3b4658; font-size: 10.5px; }
            svg.timeline .change-label-bg { fill: #f4f7fb; fill-opacity: .92; }
            svg.timeline .changes-bg { fill: #f4f7fb; }
            svg.timeline .early-warnings-bg { fill: #fffaf0; }
            svg.timeline path.early-warning { fill: #f0a800; stroke: #8a5a00; stroke-width: 1; }
            svg.timeline .early-warning-label { fill: #6b4500; font-size: 10.5px; }
            svg.timeline .early-warning-label-bg { fill: #fffaf0; fill-opacity: .92; }
            .kind.warning-incident { display: inline-block; padding: 0 6px; border-radius: 8px; background: #fde7b0;
                                     color: #6b4500; font-size: 12px; font-weight: 600; }
            svg.timeline .none { fill: var(--muted); font-style: italic; }
            .legend { display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; color: var(--muted); margin: 6px 0 0; padding: 0; list-style: none; }
            .legend .sw { display: inline-block; width: 14px; height: 10px; margin-right: 5px; vertical-align: -1px; border-radius: 2px; }
            table { border-collapse: collapse; margin: 8px 0; width: 100%; }
            th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
            th { font-size: 12px; color: var(--muted); font-weight: 600; }
            table.incidents td.env-cell { width: 1%; white-space: nowrap; }
            table.incidents .title { font-weight: 600; }
            table.incidents .services { color: var(--muted); font-size: 12px; }
            table.incidents td.time, .alert-fired { white-space: nowrap; font-variant-numeric: tabular-nums; }
            table.incidents td.time .lag { font-size: 12px; }
            table.incidents td.title-cell { min-width: 300px; }
            .alert-fired { color: #8a1116; font-weight: 600; }
            .draft { max-width: 1100px; }
            .draft td:first-child { white-space: nowrap; }
            .draft table { font-size: 13px; }
            .draft code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
            .draft code { background: var(--soft); padding: 0 3px; border-radius: 3px; }
            pre.markdown { white-space: pre-wrap; word-break: break-word; background: var(--soft); padding: 12px; border-radius: 6px; }
            footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
            """;
}
