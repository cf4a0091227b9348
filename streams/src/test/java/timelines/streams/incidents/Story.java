package timelines.streams.incidents;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import timelines.contracts.Ids;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.contracts.catalog.Catalog;
import timelines.streams.CorrelationSettings;
import timelines.streams.episodes.Episode;
import timelines.streams.episodes.EpisodeRules;
import timelines.streams.episodes.EpisodeState;
import timelines.streams.episodes.ImpactRules;
import timelines.streams.episodes.MonitoringSilence;
import timelines.streams.episodes.WarningStart;

/**
 * The vocabulary of the stage 2 and 3 tests: signals of env {@code prod} on 2016-09-05, as an SRE
 * would jot them down, and what the real stage 1 ({@link EpisodeRules}) makes of them. {@link Stage1}
 * drives it as {@code EpisodeTracker} does: stream time is the latest observedAt, episodes due by
 * then close before the next signal is applied, a tick closes what is due at the end, and the
 * env's changes and warnings are kept as the tracker forwards them to stage 2.
 */
final class Story {
    static final CorrelationSettings S = CorrelationSettings.defaults();

    /** generic-upload and esr-integration depend on keycloak; deployer-api and billing on nothing. */
    static final Catalog CATALOG = new Catalog("prod", List.of(
            new Catalog.Service("keycloak", List.of()),
            new Catalog.Service("generic-upload", List.of("keycloak")),
            new Catalog.Service("esr-integration", List.of("keycloak")),
            new Catalog.Service("deployer-api", List.of()),
            new Catalog.Service("billing", List.of())), List.of());
    static final ServiceGraph GRAPH = ServiceGraph.of(() -> CATALOG);

    private Story() {}

    /** 2016-09-05 at "hh:mm" or "hh:mm:ss" (or "hh:mm:ss.fraction"), UTC; "+1 hh:mm" is the next day. */
    static Instant at(String time) {
        if (time.startsWith("+1 ")) {
            return at(time.substring(3)).plus(java.time.Duration.ofDays(1));
        }
        return Instant.parse("2016-09-05T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    /** The time as {@link #at} reads it ("09:29", "09:29:04", "+1 09:00"), or "-" for none. */
    static String hm(Instant t) {
        if (t == null) {
            return "-";
        }
        String day = t.toString().startsWith("2016-09-05") ? "" : t.toString().startsWith("2016-09-06") ? "+1 " : null;
        if (day == null) {
            return t.toString();
        }
        String time = t.toString().substring(11, t.toString().length() - 1);
        return day + (time.endsWith(":00") ? time.substring(0, 5) : time);
    }

    /** A timeline line as a postmortem lists it: "09:29 BEGIN FAILING pingdom: deployer-api is down". */
    static String line(timelines.contracts.Incident.Entry e) {
        return hm(e.at()) + (e.marker() == null ? "" : " " + e.marker()) + " " + (e.type() == null ? "-" : e.type())
                + (e.source() == null ? "" : " " + e.source()) + ": " + e.summary()
                + (e.count() > 1 ? " (x" + e.count() + ")" : "");
    }

    /** An uptime check down: critical, as DESIGN 5a says of a check that is down. */
    static Sig failing(String service, String time) {
        return new Sig(SignalType.FAILING, service, time).source("pingdom").check("pingdom-" + service)
                .severity("critical").summary(service + " is down");
    }

    static Sig recovered(String service, String time) {
        return new Sig(SignalType.RECOVERED, service, time).source("pingdom").check("pingdom-" + service)
                .summary(service + " is up");
    }

    /** A kube-prometheus warning rule firing: alerting, but not impact (DESIGN 5a). */
    static Sig warning(String service, String time, String alertname) {
        return new Sig(SignalType.FAILING, service, time).source("alertmanager").check("am-" + alertname)
                .severity("warning").summary(alertname).alerting();
    }

    /** The same rule resolved. */
    static Sig resolved(String service, String time, String alertname) {
        return new Sig(SignalType.RECOVERED, service, time).source("alertmanager").check("am-" + alertname)
                .summary(alertname + " resolved");
    }

    /** A Sentry event of level error: impact evidence, one occurrence. */
    static Sig error(String service, String time, String summary) {
        return new Sig(SignalType.ERROR, service, time).source("sentry").check(summary).severity("error")
                .summary(summary);
    }

    static Sig report(String service, String time) {
        return new Sig(SignalType.REPORT, service, time).source("slack").summary("users say " + service + " fails");
    }

    static Sig ack(String service, String time) {
        return new Sig(SignalType.ACK, service, time).source("pagerduty").summary("acknowledged by mathias");
    }

    static Sig change(String service, String time, String summary) {
        return new Sig(SignalType.CHANGE, service, time).source("github").summary(summary);
    }

    static Record incidentRecord(String id, String service, String openedAt) {
        return new Record(id, RecordType.INCIDENT, "prod", List.of(service), at(openedAt), null, null,
                service + " outage", "https://jira.example.com/browse/" + id);
    }

    /** An INCIDENT record that names no service: the whole env. */
    static Record envRecord(String id, String openedAt) {
        return new Record(id, RecordType.INCIDENT, "prod", List.of(), at(openedAt), null, null, "prod is degraded",
                null);
    }

    static Record maintenance(String id, String service, String start, String end) {
        return new Record(id, RecordType.MAINTENANCE, "prod", service == null ? List.of() : List.of(service),
                at(start), at(start), end == null ? null : at(end), "planned upgrade", null);
    }

    static MonitoringSilence silence(String from, String to) {
        return new MonitoringSilence("prod", "Watchdog", "alertmanager", at(from), to == null ? null : at(to),
                at(from).plus(java.time.Duration.ofMinutes(15)));
    }

    /** A signal of env prod under construction; its id derives from what it says. */
    static final class Sig {
        private final SignalType type;
        private final String service;
        private final Instant observedAt;
        private Instant receivedAt;
        private String env = "prod";
        private String source;
        private String check;
        private String summary;
        private String severity;
        private boolean alerting;

        Sig(SignalType type, String service, String time) {
            this.type = type;
            this.service = service;
            this.observedAt = at(time);
            this.receivedAt = observedAt;
        }

        Sig env(String v) {
            env = v;
            return this;
        }

        Sig source(String v) {
            source = v;
            return this;
        }

        Sig check(String v) {
            check = v;
            return this;
        }

        Sig summary(String v) {
            summary = v;
            return this;
        }

        Sig severity(String v) {
            severity = v;
            return this;
        }

        /** It paged someone, received when it was observed unless {@link #received} says otherwise. */
        Sig alerting() {
            alerting = true;
            return this;
        }

        Sig received(String time) {
            receivedAt = at(time);
            return this;
        }

        Signal build() {
            String id = Ids.of(source, env, service, check, type.name(), observedAt.toString(), summary, severity);
            return new Signal(id, source, type, env, service, check, observedAt, receivedAt, alerting, severity,
                    summary, null, Map.of(), false);
        }

        @Override
        public String toString() {
            return type + " " + service + " " + observedAt;
        }
    }

    /** Stage 1 for every {@code env|service} of a story, driven the way the tracker drives it. */
    static final class Stage1 {
        private final CorrelationSettings settings;
        private final Map<String, EpisodeState> states = new TreeMap<>();
        private final Map<String, Episode> latest = new LinkedHashMap<>();
        private final List<TriggerCandidate> changes = new ArrayList<>();
        private final List<WarningStart> warnings = new ArrayList<>();
        private Instant now = Instant.EPOCH;

        Stage1() {
            this(S);
        }

        Stage1(CorrelationSettings settings) {
            this.settings = settings;
        }

        static Stage1 of(List<Sig> sigs) {
            return new Stage1().feed(sigs);
        }

        Stage1 feed(List<Sig> sigs) {
            sigs.forEach(this::feedOne);
            return this;
        }

        Stage1 feed(Sig... sigs) {
            return feed(List.of(sigs));
        }

        private void feedOne(Sig sig) {
            Signal signal = sig.build();
            advance(signal.observedAt());
            EpisodeState state = states.getOrDefault(signal.key(), EpisodeState.EMPTY);
            EpisodeRules.Step step = EpisodeRules.apply(state, signal, now, settings);
            states.put(signal.key(), step.state());
            step.changed().forEach(e -> latest.put(e.id(), e));
            if (signal.type() == SignalType.CHANGE) {
                changes.add(new TriggerCandidate(signal.observedAt(), signal.service(), signal.summary()));
            }
            if (signal.type() == SignalType.FAILING || signal.type() == SignalType.ERROR) {
                if (!ImpactRules.isImpact(signal, settings)) {
                    warnings.add(new WarningStart(signal.observedAt(), signal.source(), signal.service(),
                            signal.severity(), signal.summary()));
                }
            }
        }

        /** Stream time moves to {@code time} (a tick): episodes due by then close. */
        Stage1 tick(String time) {
            return time == null ? this : tick(at(time));
        }

        Stage1 tick(Instant time) {
            advance(time);
            return this;
        }

        private void advance(Instant t) {
            if (t.isAfter(now)) {
                now = t;
            }
            for (var state : states.entrySet()) {
                EpisodeRules.Step step = EpisodeRules.closeIfDue(state.getValue(), now, settings);
                state.setValue(step.state());
                step.changed().forEach(e -> latest.put(e.id(), e));
            }
        }

        /** Every episode stage 1 forwarded, in its latest version, in the order they first appeared. */
        List<Episode> episodes() {
            return List.copyOf(latest.values());
        }

        Episode only() {
            if (latest.size() != 1) {
                throw new AssertionError("expected one episode, got " + latest.values());
            }
            return latest.values().iterator().next();
        }

        /** The env's context as stage 2 keeps it: the given records, and the changes and warnings forwarded. */
        EnvContext context(List<Record> records) {
            return new EnvContext(records, changes, warnings, List.of());
        }
    }

    /** Stage 1's episodes of the signals, stream time moved on to {@code tick} (null: not moved). */
    static List<Episode> episodes(List<Sig> sigs, String tick) {
        return Stage1.of(sigs).tick(tick).episodes();
    }

    /** A pingdom check of the service down at {@code begin} and up at {@code end} (null: still down). */
    static Episode outage(String service, String begin, String end) {
        Stage1 stage = new Stage1().feed(failing(service, begin));
        if (end != null) {
            stage.feed(recovered(service, end)).tick(at(end).plus(S.quiet()));
        }
        return stage.only();
    }
}
