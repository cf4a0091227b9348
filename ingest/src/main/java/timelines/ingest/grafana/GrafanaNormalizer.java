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
 * <p>Legacy (dashboard) Grafana alerting, still sent by Grafana 8 to 10 installs, posts one rule per
 * request ({@code ruleName}, {@code state}, {@code evalMatches}, no {@code alerts}): read by
 * {@link LegacyAlert}.
 */
public final class GrafanaNormalizer implements Normalizer {
    public static final String SOURCE = "grafana";

    private final AlertSignals alerts;
    private final String defaultEnv;

    /** @param heartbeats the alertnames of heartbeats ({@code correlation.heartbeats}) */
    public GrafanaNormalizer(String defaultEnv, Collection<String> heartbeats) {
        this.defaultEnv = defaultEnv;
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
        try {
            if (LegacyAlert.isLegacy(body)) {
                return LegacyAlert.normalize(body, defaultEnv, delivery.receivedAt());
            }
            return alerts.normalize(body, delivery.receivedAt());
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }
}
