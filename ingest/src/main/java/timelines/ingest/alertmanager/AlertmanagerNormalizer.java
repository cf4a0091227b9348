package timelines.ingest.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * Prometheus Alertmanager's {@code webhook_config} notification, payload version 4
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config): a group of alerts,
 * one signal per alert (see {@link AlertSignals}). The link is the alert's {@code generatorURL}.
 */
public final class AlertmanagerNormalizer implements Normalizer {
    public static final String SOURCE = "alertmanager";
    /** The only payload version Alertmanager has sent since 0.x; a different one is a different format. */
    static final String VERSION = "4";

    private final AlertSignals alerts;

    public AlertmanagerNormalizer(String defaultEnv) {
        this.alerts = new AlertSignals(SOURCE, defaultEnv, List.of("generatorURL"));
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        JsonNode body = delivery.body();
        if (body == null || !body.isObject()) {
            return Normalization.rejected("expected an Alertmanager webhook object with 'version' and 'alerts'");
        }
        try {
            String version = Payload.requiredText(body, "version", "");
            if (!VERSION.equals(version)) {
                throw new Payload.Invalid("field 'version' must be \"" + VERSION + "\" (Alertmanager webhook payload); was '"
                        + version + "'");
            }
            List<Signal> signals = alerts.read(body, delivery.receivedAt());
            if (signals.isEmpty()) {
                return Normalization.ignored("the notification holds no alerts");
            }
            return Normalization.signals(signals);
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }
}
