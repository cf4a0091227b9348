package timelines.sink.alerts;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Ids;

/**
 * What an alert on {@code alerts.v1} is about, so each target words it for what it is: an outage
 * nobody recorded (RAISED, and the CLEARED a record brings), or the monitoring of an env gone
 * silent (SILENT: a heartbeat such as kube-prometheus's {@code Watchdog} stopped arriving, and the
 * CLEARED when it comes back). Derived from the alert alone, like every message, so a redelivered
 * alert is worded the same.
 *
 * <p>A silence's SILENT and CLEARED name their heartbeat ({@link Alert#heartbeat()}). Alerts written
 * before that field (kept 30 days on the topic) carry it only in the reason the topology writes ({@code heartbeat <name> from <source> has not arrived since
 * ...}, {@code ... arrived again at ...}), and their {@code incidentId} is the silence's id, the
 * hash of env, heartbeat, source and last arrival ({@code begin}): a CLEARED whose reason names a
 * heartbeat and whose id is that hash is a silence's. One that names a heartbeat without the
 * matching id counts as a silence's only when it names no service, as every silence does and no
 * outage can (an incident has at least one service).
 *
 * @param heartbeat the alert name of the heartbeat that stopped, null for an outage (or when the
 *     reason does not say)
 * @param heartbeatSource where the heartbeat came from ({@code alertmanager}), null likewise
 */
record AlertSubject(Kind kind, String heartbeat, String heartbeatSource) {
    private static final Pattern HEARTBEAT = Pattern.compile("^heartbeat (\\S+) from (\\S+) (?:has not arrived|arrived again)");

    /** The two things an alert can be about. */
    enum Kind {
        /** An outage nobody recorded as an incident (DESIGN 5, stage 3). */
        UNRECORDED_OUTAGE,
        /** A heartbeat stopped: the env's monitoring may be blind (DESIGN 5a, "Heartbeats"). */
        MONITORING_SILENT
    }

    static final AlertSubject OUTAGE = new AlertSubject(Kind.UNRECORDED_OUTAGE, null, null);

    static AlertSubject of(Alert alert) {
        if (alert.type() == AlertType.RAISED) {
            return OUTAGE;
        }
        if (alert.heartbeat() != null) {
            return new AlertSubject(Kind.MONITORING_SILENT, alert.heartbeat().name(), alert.heartbeat().source());
        }
        Matcher m = alert.reason() == null ? null : HEARTBEAT.matcher(alert.reason());
        boolean named = m != null && m.find();
        String name = named ? m.group(1) : null;
        String source = named ? m.group(2) : null;
        if (alert.type() == AlertType.SILENT) {
            return new AlertSubject(Kind.MONITORING_SILENT, name, source);
        }
        if (named && (alert.services().isEmpty() || silenceId(alert, name, source).equals(alert.incidentId()))) {
            return new AlertSubject(Kind.MONITORING_SILENT, name, source);
        }
        return OUTAGE;
    }

    boolean silence() {
        return kind == Kind.MONITORING_SILENT;
    }

    /** "heartbeat Watchdog from alertmanager", or "a heartbeat" when the alert does not say which. */
    String heartbeatWords() {
        return heartbeat == null ? "a heartbeat" : "heartbeat " + heartbeat + (heartbeatSource == null ? "" : " from "
                + heartbeatSource);
    }

    /** The id the topology gives a silence (its {@code MonitoringSilence.id()}). */
    private static String silenceId(Alert alert, String name, String source) {
        return Ids.of("silence", alert.env(), name, source, alert.begin() == null ? null : alert.begin().toString());
    }
}
