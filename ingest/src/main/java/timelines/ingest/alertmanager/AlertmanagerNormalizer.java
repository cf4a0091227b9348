package timelines.ingest.alertmanager;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.List;
import timelines.contracts.Heartbeats;
import timelines.contracts.RawDelivery;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * Prometheus Alertmanager's {@code webhook_config} notification, payload version 4
 * (https://prometheus.io/docs/alerting/latest/configuration/#webhook_config): a group of alerts,
 * one signal per alert (see {@link AlertSignals}), but none for an alert of severity {@code none}
 * that is not a heartbeat. The link is the alert's {@code generatorURL}.
 */
public final class AlertmanagerNormalizer implements Normalizer {
    public static final String SOURCE = "alertmanager";
    /** The payload version Alertmanager sends today; a version other than these is a different format. */
    static final String VERSION = "4";
    /**
     * What Alertmanager releases before 0.7 sent: the same document, its {@code groupKey} a number and its
     * alerts without {@code fingerprint} (the label set identifies them then, see {@link AlertSignals}).
     */
    static final String OLD_VERSION = "3";
    static final java.util.Set<String> VERSIONS = java.util.Set.of(VERSION, OLD_VERSION);

    private final AlertSignals alerts;

    /** @param heartbeats the alertnames of heartbeats ({@code correlation.heartbeats}) */
    public AlertmanagerNormalizer(String defaultEnv, Collection<String> heartbeats) {
        this.alerts = new AlertSignals(SOURCE, defaultEnv, List.of("generatorURL"), heartbeats);
    }

    /** With the default heartbeats, {@link Heartbeats#DEFAULT_NAMES}. */
    public AlertmanagerNormalizer(String defaultEnv) {
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
            return Normalization.rejected("expected an Alertmanager webhook object with 'version' and 'alerts'");
        }
        try {
            String version = Payload.requiredText(body, "version", "");
            if (!VERSIONS.contains(version)) {
                throw new Payload.Invalid("field 'version' must be \"" + VERSION + "\" (or \"" + OLD_VERSION
                        + "\" from older releases; Alertmanager webhook payload); was '" + version + "'");
            }
            return alerts.normalize(body, delivery.receivedAt());
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }
}
