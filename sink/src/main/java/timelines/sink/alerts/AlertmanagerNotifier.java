package timelines.sink.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Json;
import timelines.contracts.OwnAlerts;
import timelines.sink.drafts.Text;

/**
 * Posts alerts to Prometheus Alertmanager, {@code POST <base>/api/v2/alerts} with a JSON array of
 * {@code postableAlert}s (labels, annotations, startsAt, endsAt, generatorURL: the v2 OpenAPI
 * spec, https://github.com/prometheus/alertmanager/blob/main/api/v2/openapi.yaml, and
 * https://prometheus.io/docs/alerting/latest/clients/).
 *
 * <p>Alertmanager resolves an alert at its {@code endsAt}, and clients are expected to re-send
 * alerts while they are active. So this keeps every RAISED alert not yet CLEARED, in memory, and
 * re-sends all of them every {@code resend} with an {@code endsAt} four intervals ahead, as
 * Prometheus does; a CLEARED is sent with {@code endsAt} = the moment it was cleared, which
 * resolves it at once. {@code endsAt} sits on a grid of whole intervals after the alert was
 * raised, so deliveries of the same alert within one interval are byte-identical. After a restart
 * the dispatcher {@link #restore restores} what is still firing from {@code alerts.v1}.
 *
 * <p>Every postable alert carries the annotation {@code alert_id} ({@link AlertId}), the same on
 * every re-send and on a re-delivery after a crash, so a receiver behind Alertmanager can drop a
 * page it already has (Alertmanager itself merges them by their labels).
 *
 * <p>A SILENT alert (a heartbeat stopped arriving: the env's monitoring may be blind) goes as
 * {@code alertname=MonitoringSilent} with labels {@code env}, {@code heartbeat},
 * {@code heartbeat_source} and {@code incident_id} (the silence's id: every alert this product
 * sends carries one, which is how ingest knows its own alerts when they come back through
 * Alertmanager's webhook, {@link OwnAlerts}), is re-sent while silent like an outage's, and is
 * resolved by the CLEARED with its id ({@link AlertSubject}).
 *
 * <p>State lives on the delivery lane's one thread: a change and the send that follows it are one
 * task, so a re-send can never carry an alert that a CLEARED queued before it has resolved.
 */
public final class AlertmanagerNotifier implements Notifier {
    static final String TARGET = "alertmanager";
    static final String ALERTNAME = OwnAlerts.UNRECORDED_OUTAGE;
    static final String SILENCE_ALERTNAME = OwnAlerts.MONITORING_SILENT;
    /**
     * Routes commonly match on it ({@code severity="critical"} pages); an alert without it slips
     * past them. Its value is {@link AlertTargets#alertSeverity()}, the same for every alert.
     */
    static final String SEVERITY_LABEL = "severity";
    /** endsAt is this many resend intervals ahead: three re-sends may be lost before it resolves. */
    static final int FIRING_HORIZON_INTERVALS = 4;
    private static final Logger log = LoggerFactory.getLogger(AlertmanagerNotifier.class);

    private final AlertTargets settings;
    private final Clock clock;
    private final Delivery delivery;
    /** RAISED or SILENT and not CLEARED, by incident (or silence) id; written on the delivery lane only. */
    private final Map<String, Alert> firing = new ConcurrentSkipListMap<>();
    private final AtomicBoolean resendQueued = new AtomicBoolean();
    private ScheduledExecutorService ticker;

    public AlertmanagerNotifier(AlertTargets settings, HttpClient http, MeterRegistry meters, Clock clock) {
        if (settings.alertmanager() == null) {
            throw new IllegalArgumentException("alertmanager is not set");
        }
        this.settings = settings;
        this.clock = clock;
        this.delivery = new Delivery(TARGET, alertsEndpoint(settings.alertmanager()), http, settings, meters);
        delivery.registerMetrics();
    }

    /** {@code <base>/api/v2/alerts}, unless the base already is that endpoint. */
    static URI alertsEndpoint(URI base) {
        String s = base.toString();
        if (s.endsWith("/api/v2/alerts")) {
            return base;
        }
        return URI.create((s.endsWith("/") ? s.substring(0, s.length() - 1) : s) + "/api/v2/alerts");
    }

    @Override
    public String target() {
        return TARGET;
    }

    @Override
    public CompletableFuture<DeliveryOutcome> deliver(Alert alert) {
        String what = alert.type() + " " + alert.incidentId();
        return delivery.submit(() -> delivery.post(apply(alert), settings.attempts(), what));
    }

    /** Re-sends every firing alert at one go, once; called every {@code resend} by {@link #start}. */
    public CompletableFuture<DeliveryOutcome> resendFiring() {
        if (!resendQueued.compareAndSet(false, true)) {
            // One is queued behind a delivery that is still retrying: it will carry the latest state.
            return CompletableFuture.completedFuture(DeliveryOutcome.NOTHING_TO_SEND);
        }
        return delivery.submit(() -> {
            resendQueued.set(false);
            byte[] body = firingPayload();
            if (body == null) {
                return DeliveryOutcome.NOTHING_TO_SEND;
            }
            // One attempt: the next tick is the retry, and endsAt leaves room for three lost ones.
            return delivery.post(body, 1, "re-send of " + firing.size() + " firing");
        });
    }

    @Override
    public void restore(Alert alert) {
        delivery.execute(() -> remember(alert));
    }

    @Override
    public void forget(Set<String> incidentIds) {
        delivery.execute(() -> firing.keySet().removeAll(incidentIds));
    }

    /** The incident ids currently firing (a snapshot). */
    public Set<String> firing() {
        return Set.copyOf(firing.keySet());
    }

    @Override
    public synchronized void start() {
        if (ticker != null) {
            return;
        }
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "timelines-alerts-resend");
            t.setDaemon(true);
            return t;
        });
        long every = settings.resend().toMillis();
        ticker.scheduleAtFixedRate(() -> {
            try {
                resendFiring();
            } catch (RuntimeException e) {
                log.error("re-send to Alertmanager failed", e);
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (ticker != null) {
                ticker.shutdownNow();
            }
        }
        delivery.close();
    }

    /** Updates the firing set with the alert, and returns the body that tells Alertmanager. */
    private byte[] apply(Alert alert) {
        Alert raised = remember(alert);
        List<ObjectNode> alerts = new ArrayList<>();
        if (alert.type() == AlertType.CLEARED) {
            // Resolve every service it was raised for too, in case the incident's services changed since.
            Set<String> services = new TreeSet<>(alert.services());
            if (raised != null) {
                services.addAll(raised.services());
            }
            Instant startsAt = raised != null ? raised.at() : null;
            for (String service : servicesOrNone(services)) {
                alerts.add(postable(alert, service, startsAt, alert.at()));
            }
        } else {
            for (String service : servicesOrNone(new TreeSet<>(alert.services()))) {
                alerts.add(postable(alert, service, alert.at(), firingUntil(alert.at(), clock.instant(), settings.resend())));
            }
        }
        return write(alerts);
    }

    /** Keeps a RAISED, drops a CLEARED's RAISED; returns the RAISED it replaced or cleared. */
    private Alert remember(Alert alert) {
        if (alert.incidentId() == null) {
            return null;
        }
        return alert.type() == AlertType.CLEARED ? firing.remove(alert.incidentId())
                : firing.put(alert.incidentId(), alert);
    }

    /** All firing alerts, dropping those raised longer than maxFiring ago; null if none is left. */
    private byte[] firingPayload() {
        Instant now = clock.instant();
        List<ObjectNode> alerts = new ArrayList<>();
        for (var it = firing.values().iterator(); it.hasNext(); ) {
            Alert alert = it.next();
            if (alert.at() != null && alert.at().plus(settings.maxFiring()).isBefore(now)) {
                it.remove();
                log.warn("{} {} in {} has fired for more than {} without being cleared; no longer "
                        + "re-sent, Alertmanager resolves it", AlertSubject.of(alert).silence() ? "monitoring silence"
                        : "unrecorded outage", alert.incidentId(), alert.env(), settings.maxFiring());
                continue;
            }
            for (String service : servicesOrNone(new TreeSet<>(alert.services()))) {
                alerts.add(postable(alert, service, alert.at(), firingUntil(alert.at(), now, settings.resend())));
            }
        }
        return alerts.isEmpty() ? null : write(alerts);
    }

    /**
     * endsAt of a firing alert: the first whole number of resend intervals after it was raised
     * that lies more than {@value #FIRING_HORIZON_INTERVALS} − 1 intervals after now.
     */
    static Instant firingUntil(Instant raisedAt, Instant now, Duration resend) {
        Instant from = raisedAt != null ? raisedAt : now;
        long elapsed = Math.max(0, Duration.between(from, now).toMillis());
        long intervals = elapsed / resend.toMillis() + FIRING_HORIZON_INTERVALS;
        return from.plus(resend.multipliedBy(intervals));
    }

    /**
     * One postable alert per service of the incident, rather than one with a comma-joined
     * {@code service} label: Alertmanager routes, groups, silences and inhibits by exact label
     * values, so {@code service="keycloak"} must match the way routes and silences for that service
     * are already written; and a joined label would change the alert's identity (its fingerprint)
     * whenever the incident's services change, leaving the old one firing. The alerts of one
     * incident share {@code incident_id}, by which a route can group them into one notification.
     */
    private ObjectNode postable(Alert alert, String service, Instant startsAt, Instant endsAt) {
        AlertSubject subject = AlertSubject.of(alert);
        if (subject.silence()) {
            return silencePostable(alert, subject, startsAt, endsAt, settings.alertSeverity());
        }
        ObjectNode node = Json.mapper().createObjectNode();
        Map<String, String> labels = new TreeMap<>();
        labels.put("alertname", ALERTNAME);
        putIfPresent(labels, "env", alert.env());
        putIfPresent(labels, "service", service);
        putIfPresent(labels, OwnAlerts.ID_LABEL, alert.incidentId());
        putIfPresent(labels, SEVERITY_LABEL, settings.alertSeverity());
        ObjectNode labelNode = node.putObject("labels");
        labels.forEach(labelNode::put);

        String location = AlertFacts.draftLocation(settings.draftLinkBase(), alert.incidentId());
        ObjectNode annotations = node.putObject("annotations");
        // An annotation, not a label: labels are the alert's identity in Alertmanager, and the
        // CLEARED that resolves it has an id of its own.
        annotations.put("alert_id", AlertId.of(alert));
        if (alert.begin() != null) {
            annotations.put("begin", alert.begin().toString());
        }
        annotations.put("description", description(alert, location));
        if (location != null) {
            annotations.put("draft", location);
        }
        annotations.put("summary", summary(alert));
        if (startsAt != null) {
            node.put("startsAt", startsAt.toString());
        }
        if (endsAt != null) {
            node.put("endsAt", endsAt.toString());
        }
        URI link = AlertFacts.webLink(location);
        if (link != null) {
            node.put("generatorURL", link.toASCIIString());
        }
        return node;
    }

    /**
     * A silence as a postable alert: named for what it is, {@code MonitoringSilent}, its identity
     * the env, the heartbeat and the silence, whose id goes in {@code incident_id} like an
     * incident's (a later silence of the same heartbeat is another alert, as another incident
     * is). No draft: a silence is not an incident.
     */
    private static ObjectNode silencePostable(Alert alert, AlertSubject subject, Instant startsAt, Instant endsAt,
            String severity) {
        ObjectNode node = Json.mapper().createObjectNode();
        Map<String, String> labels = new TreeMap<>();
        labels.put("alertname", SILENCE_ALERTNAME);
        putIfPresent(labels, "env", alert.env());
        putIfPresent(labels, "heartbeat", subject.heartbeat());
        putIfPresent(labels, "heartbeat_source", subject.heartbeatSource());
        putIfPresent(labels, OwnAlerts.ID_LABEL, alert.incidentId());
        putIfPresent(labels, SEVERITY_LABEL, severity);
        ObjectNode labelNode = node.putObject("labels");
        labels.forEach(labelNode::put);

        ObjectNode annotations = node.putObject("annotations");
        annotations.put("alert_id", AlertId.of(alert));
        if (alert.begin() != null) {
            annotations.put("last_arrival", alert.begin().toString());
        }
        annotations.put("description", description(alert, null));
        annotations.put("summary", summary(alert));
        if (startsAt != null) {
            node.put("startsAt", startsAt.toString());
        }
        if (endsAt != null) {
            node.put("endsAt", endsAt.toString());
        }
        return node;
    }

    static String summary(Alert alert) {
        AlertSubject subject = AlertSubject.of(alert);
        if (subject.silence()) {
            String silent = Text.duration(AlertFacts.sinceBeginSeconds(alert));
            return alert.type() == AlertType.CLEARED
                    ? "Monitoring of " + AlertFacts.env(alert) + " back after " + silent + " silent: "
                            + subject.heartbeatWords() + " arrived again"
                    : "Monitoring of " + AlertFacts.env(alert) + " silent for " + silent + ": "
                            + subject.heartbeatWords() + " stopped arriving";
        }
        String services = String.join(", ", alert.services());
        String since = Text.duration(AlertFacts.sinceBeginSeconds(alert));
        return alert.type() == AlertType.CLEARED
                ? "Outage in " + AlertFacts.env(alert) + " recorded after " + since + ": " + services
                : "Unrecorded outage in " + AlertFacts.env(alert) + " for " + since + ": " + services;
    }

    static String description(Alert alert, String draftLocation) {
        AlertSubject subject = AlertSubject.of(alert);
        if (subject.silence()) {
            StringBuilder out = new StringBuilder(256);
            if (alert.type() == AlertType.CLEARED) {
                out.append("The monitoring of env ").append(AlertFacts.env(alert)).append(" is back: ")
                        .append(subject.heartbeatWords()).append(" arrived again at ").append(Text.dateTime(alert.at()))
                        .append(", silent since ").append(Text.dateTime(alert.begin()))
                        .append("; alerts of that time may not have reached anyone.");
            } else {
                out.append(Character.toUpperCase(subject.heartbeatWords().charAt(0)))
                        .append(subject.heartbeatWords().substring(1)).append(" last arrived ")
                        .append(Text.dateTime(alert.begin())).append(" and has not arrived since (as of ")
                        .append(Text.dateTime(alert.at())).append("): the monitoring of env ").append(AlertFacts.env(alert))
                        .append(" may be blind, and its alerts may not reach anyone.");
            }
            if (alert.reason() != null) {
                out.append(" Reason: ").append(alert.reason()).append('.');
            }
            return out.toString();
        }
        String services = alert.services().isEmpty() ? "(no service named)" : String.join(", ", alert.services());
        String since = Text.duration(AlertFacts.sinceBeginSeconds(alert));
        StringBuilder out = new StringBuilder(256);
        if (alert.type() == AlertType.CLEARED) {
            out.append("The outage of ").append(services).append(" in env ").append(AlertFacts.env(alert))
                    .append(" that began ").append(Text.dateTime(alert.begin())).append(" was recorded ")
                    .append(since).append(" after it began.");
        } else {
            out.append("Signals show an outage of ").append(services).append(" in env ").append(AlertFacts.env(alert))
                    .append(" since ").append(Text.dateTime(alert.begin())).append(", unrecorded for ").append(since)
                    .append(" as of ").append(Text.dateTime(alert.at())).append(": nobody has declared an incident.");
        }
        if (alert.reason() != null) {
            out.append(" Reason: ").append(alert.reason()).append('.');
        }
        out.append(" Draft: ").append(draftLocation != null ? draftLocation : "incident " + alert.incidentId())
                .append('.');
        return out.toString();
    }

    private static Collection<String> servicesOrNone(Set<String> services) {
        return services.isEmpty() ? java.util.Collections.singletonList(null) : services;
    }

    private static void putIfPresent(Map<String, String> labels, String name, String value) {
        if (value != null && !value.isBlank()) {
            labels.put(name, value);
        }
    }

    private static byte[] write(List<ObjectNode> alerts) {
        ArrayNode array = Json.mapper().createArrayNode();
        alerts.forEach(array::add);
        try {
            return Json.mapper().writeValueAsString(array).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
