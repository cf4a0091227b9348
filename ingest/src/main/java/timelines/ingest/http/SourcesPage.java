package timelines.ingest.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import timelines.contracts.HtmlText;
import timelines.ingest.generic.GenericSignalNormalizer;
import timelines.ingest.generic.RecordNormalizer;
import timelines.ingest.probe.ProbeNormalizer;

/**
 * {@code GET /sources}, the integrations page: every source this ingest receives (each one
 * {@code Sources} registers, so a new vendor appears by itself), the URL to paste into the vendor,
 * whether a token and a signing secret are configured, and the last delivery and how it ended.
 * HTML for a person, JSON for a script ({@code Accept: application/json}). It shows no secret:
 * only whether one is set.
 */
public final class SourcesPage {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private SourcesPage() {}

    /**
     * One source as the page shows it.
     *
     * @param url what to paste into the vendor; null for a source ingest feeds itself (probes)
     * @param token "per source", "shared", "none needed (...)" or "none configured: ..."
     * @param signature "checked", "not checked: no signing secret ...", or null when the vendor does not sign
     * @param last the last delivery since start, or null
     */
    public record Row(String source, String url, String token, String signature, LastDeliveries.Last last) {}

    /**
     * The rows, in the order of {@code sources}.
     *
     * @param baseUrl how vendors reach this ingest ({@code https://timelines.example.com}), no trailing slash
     */
    public static List<Row> rows(List<String> sources, WebhookAuth auth, LastDeliveries deliveries, String baseUrl) {
        List<Row> rows = new ArrayList<>(sources.size());
        for (String source : sources) {
            String path = path(source);
            String url = path == null ? null : baseUrl + path + (auth.open() ? "" : "?token=<token>");
            String signature = null;
            if (auth.checksSignature(source)) {
                signature = "checked";
            } else if (WebhookAuth.SIGNED_SOURCES.contains(source)) {
                signature = "not checked: no signing secret set (" + secretSetting(source) + ")";
            }
            rows.add(new Row(source, url, path == null ? "not received over HTTP" : auth.tokenFor(source), signature,
                    deliveries.of(source).orElse(null)));
        }
        return rows;
    }

    /** The path a source is posted to; null for the one ingest feeds itself. */
    static String path(String source) {
        return switch (source) {
            case GenericSignalNormalizer.SOURCE -> "/v1/signals";
            case RecordNormalizer.SOURCE -> "/v1/records";
            case ProbeNormalizer.SOURCE -> null;
            default -> "/v1/webhooks/" + source;
        };
    }

    private static String secretSetting(String source) {
        return source.equals("slack") ? "ingest.slack.signingSecret"
                : "TIMELINES_SIGNING_SECRET_" + source.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }

    /** What the JSON answer holds: the rows, each delivery with its time in ISO-8601. */
    public static Map<String, Object> json(List<Row> rows, Instant since) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", r.source());
            m.put("url", r.url());
            m.put("token", r.token());
            m.put("signature", r.signature());
            if (r.last() != null) {
                Map<String, Object> last = new LinkedHashMap<>();
                last.put("at", r.last().at().toString());
                last.put("outcome", r.last().result().name().toLowerCase(java.util.Locale.ROOT));
                last.put("status", r.last().status());
                last.put("reason", r.last().reason());
                last.put("count", r.last().count());
                m.put("lastDelivery", last);
            } else {
                m.put("lastDelivery", null);
            }
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("since", since.toString());
        body.put("sources", out);
        return body;
    }

    public static String html(List<Row> rows, Instant since) {
        StringBuilder out = new StringBuilder(4096 + rows.size() * 512);
        out.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sources — incident timelines")
                .append("</title>\n<style>body{font-family:system-ui,sans-serif;margin:2em;color:#222}")
                .append("table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.4em;")
                .append("text-align:left;vertical-align:top}code{font-size:.9em;word-break:break-all}")
                .append(".accepted{color:#176f2c}.ignored{color:#8a6d00}.rejected,.unavailable{color:#b00020}")
                .append(".none{color:#777}.meta{color:#555}</style></head><body>\n")
                .append("<h1>Sources</h1>\n<p class=\"meta\">Paste each URL into the vendor, with this ingest's ")
                .append("token in place of <code>&lt;token&gt;</code> (or send <code>Authorization: Bearer</code>). ")
                .append("Last deliveries are this ingest process's own, since ").append(esc(TIME.format(since)))
                .append(". <a href=\"/\">Incidents</a></p>\n<table class=\"sources\">\n<thead><tr><th>Source</th>")
                .append("<th>URL to paste</th><th>Token</th><th>Signature</th><th>Last delivery</th></tr></thead>\n")
                .append("<tbody>\n");
        for (Row r : rows) {
            out.append("<tr data-source=\"").append(esc(r.source())).append("\"><td>").append(esc(r.source()))
                    .append("</td><td>");
            if (r.url() == null) {
                out.append("<span class=\"none\">run by ingest itself (ingest.probes)</span>");
            } else {
                out.append("<code>").append(esc(r.url())).append("</code>");
            }
            out.append("</td><td>").append(esc(r.token())).append("</td><td>")
                    .append(r.signature() == null ? "<span class=\"none\">not signed by the vendor</span>"
                            : esc(r.signature()))
                    .append("</td><td>");
            LastDeliveries.Last last = r.last();
            if (last == null) {
                out.append("<span class=\"none\" data-outcome=\"none\">none received since start</span>");
            } else {
                String outcome = last.result().name().toLowerCase(java.util.Locale.ROOT);
                out.append("<span class=\"").append(outcome).append("\" data-outcome=\"").append(outcome).append("\">")
                        .append(outcome).append(" (").append(last.status()).append(")</span> at ")
                        .append(esc(TIME.format(last.at())));
                if (last.reason() != null) {
                    out.append(": ").append(esc(last.reason()));
                }
                out.append(" <span class=\"meta\">(").append(last.count()).append(last.count() == 1 ? " delivery"
                        : " deliveries").append(" since start)</span>");
            }
            out.append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</body></html>\n");
        return out.toString();
    }

    /** Everything written comes through here: reasons quote payloads, and sources name paths. */
    static String esc(String s) {
        return HtmlText.escape(s);
    }
}
