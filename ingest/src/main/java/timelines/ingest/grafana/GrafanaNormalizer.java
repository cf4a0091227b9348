package timelines.ingest.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import timelines.contracts.Heartbeats;
import timelines.contracts.RawDelivery;
import timelines.ingest.alertmanager.AlertSignals;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * Grafana unified alerting's webhook contact point
 * (https://grafana.com/docs/grafana/latest/alerting/configure-notifications/manage-contact-points/integrations/webhook-notifier/):
 * Alertmanager's notification plus {@code orgId}, {@code title}, {@code state}, {@code message}
 * and per-alert {@code values}, {@code silenceURL}, {@code dashboardURL}, {@code panelURL}. The
 * alerts are read by the same rules as Alertmanager's ({@link AlertSignals}). Its {@code version}
 * is Grafana's own ("1"), not Alertmanager's "4", so it is not checked.
 *
 * <p>Legacy (pre-8) Grafana alerting sent one rule per request ({@code ruleName},
 * {@code evalMatches}, no {@code alerts}); it is rejected with a reason saying so, since it carries
 * no fingerprint or start time to pair a firing with its recovery.
 */
public final class GrafanaNormalizer implements Normalizer {
    public static final String SOURCE = "grafana";

    private final AlertSignals alerts;

    /** @param heartbeats the alertnames of heartbeats ({@code correlation.heartbeats}) */
    public GrafanaNormalizer(String defaultEnv, Collection<String> heartbeats) {
        this.alerts = new AlertSignals(SOURCE, defaultEnv, List.of("generatorURL", "panelURL", "dashboardURL"),
                heartbeats);
    }

    /** With the default heartbeats, {@link Heartbeats#DEFAULT_NAMES}. */
    public GrafanaNormalizer(String defaultEnv) {
        this(defaultEnv, Heartbeats.DEFAULT_NAMES);
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        JsonNode body = delivery.body();
        if (body == null || !body.isObject()) {
            return Normalization.rejected("expected a Grafana alerting webhook object with 'alerts'");
        }
        if (!body.has("alerts") && (body.has("ruleName") || body.has("evalMatches"))) {
            return Normalization.rejected("missing required field 'alerts': this is a legacy Grafana alerting "
                    + "notification (ruleName/evalMatches); use a unified alerting webhook contact point");
        }
        try {
            return alerts.normalize(body, delivery.receivedAt());
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }
}
