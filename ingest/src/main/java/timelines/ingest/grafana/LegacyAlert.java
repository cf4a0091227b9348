package timelines.ingest.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import timelines.contracts.Ids;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Payload;

/**
 * Grafana's legacy (dashboard) alerting webhook, which Grafana 8 to 10 installs that never moved to
 * unified alerting still send: one rule per request, {@code ruleId}, {@code ruleName},
 * {@code state}, {@code evalMatches}, {@code tags}, {@code ruleUrl}, {@code title},
 * {@code message} (https://grafana.com/docs/grafana/v8.5/alerting/old-alerting/notifications/#webhook).
 *
 * <p>{@code alerting} is FAILING, {@code no_data} FAILING too (the rule was set to alert when its
 * query returns nothing: a source gone silent is often the outage), {@code ok} RECOVERED;
 * {@code pending} and {@code paused} are ignored. check = the rule ({@code orgId/ruleId}, else its
 * name), so a firing pairs with its recovery; service = tag {@code service}, else {@code job}, else
 * the rule name, as for unified alerts' labels; env = tag {@code env} or {@code environment};
 * severity = tag {@code severity} (else {@code priority}, {@code level}) by DESIGN 5a's words.
 *
 * <p>The body carries no time: the signal is at receipt, and a retry of it (a new receipt) gets
 * another id; for a stateful check that is harmless, the check already failing.
 */
final class LegacyAlert {
    private LegacyAlert() {}

    /** Whether the body is a legacy notification rather than a unified one. */
    static boolean isLegacy(JsonNode body) {
        return !body.has("alerts") && (body.has("ruleName") || body.has("evalMatches"));
    }

    static Normalization normalize(JsonNode body, String defaultEnv, Instant receivedAt) {
        String state = Payload.requiredText(body, "state", " (legacy Grafana alert)").toLowerCase(Locale.ROOT);
        String ruleName = Payload.requiredText(body, "ruleName", " (legacy Grafana alert)");
        SignalType type = switch (state) {
            case "alerting", "no_data" -> SignalType.FAILING;
            case "ok" -> SignalType.RECOVERED;
            default -> null;
        };
        if (type == null) {
            return Normalization.ignored("legacy Grafana rule '" + ruleName + "' is " + state
                    + ": neither alerting, no_data nor ok");
        }
        Map<String, String> tags = Payload.stringMap(body.get("tags"));
        String ruleId = Payload.optionalText(body, "ruleId");
        String orgId = Payload.optionalText(body, "orgId");
        String check = ruleId != null && !ruleId.equals("0")
                ? "legacy-rule:" + (orgId == null ? "" : orgId + "/") + ruleId
                : "legacy-rule:" + ruleName;
        String service = first(tags.get("service"), tags.get("job"), ruleName);
        String env = first(tags.get("env"), tags.get("environment"), defaultEnv);
        String word = first(tags.get("severity"), tags.get("priority"), tags.get("level"));
        Severity severity = Severity.ofLabelWord(word);

        Map<String, String> labels = new LinkedHashMap<>(tags);
        labels.put("state", state);
        labels.put("rule", ruleName);
        Payload.putIfPresent(labels, "dashboardId", Payload.optionalText(body, "dashboardId"));
        Payload.putIfPresent(labels, "panelId", Payload.optionalText(body, "panelId"));
        Payload.putIfPresent(labels, Signal.RAW_SEVERITY_LABEL, word);

        String title = Payload.optionalText(body, "title");
        String message = Payload.optionalText(body, "message");
        String summary = (title != null ? title : ruleName) + (message != null ? ": " + message : "");
        String id = Ids.of(GrafanaNormalizer.SOURCE, check + "\u0000" + state, type.name(), receivedAt.toString());
        return Normalization.signals(List.of(new Signal(id, GrafanaNormalizer.SOURCE, type, env, service, check,
                receivedAt, receivedAt, true, severity == null ? null : severity.wire(), summary,
                Payload.optionalText(body, "ruleUrl"), labels, false)));
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
