package timelines.bench.jmh;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import timelines.contracts.Ids;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.streams.CorrelationSettings;
import timelines.streams.episodes.Episode;
import timelines.streams.episodes.EpisodeRules;
import timelines.streams.episodes.EpisodeState;
import timelines.streams.incidents.IncidentState;

/**
 * The values the microbenchmarks work on, built through the real rules so they look like what
 * the topology keeps: an outage of one service (FAILING of two checks, an ERROR burst from five
 * repeating messages, an ACK, RECOVERED) and incidents made of such episodes.
 */
final class Fixtures {
    static final CorrelationSettings SETTINGS = CorrelationSettings.defaults();
    static final Instant T0 = Instant.parse("2024-03-04T10:00:00Z");
    static final String[] ERRORS = {
        "java.net.SocketTimeoutException: Read timed out",
        "org.postgresql.util.PSQLException: Connection to db:5432 refused",
        "com.rabbitmq.client.AlreadyClosedException: channel is already closed due to channel error",
        "502 Bad Gateway from upstream",
        "java.lang.IllegalStateException: Keycloak token endpoint returned 500",
    };

    private Fixtures() {}

    static Signal signal(SignalType type, String service, String check, Instant at, String summary) {
        String source = type == SignalType.ERROR ? "sentry" : "pingdom";
        return new Signal(Ids.of(source, service, check, summary, type.name(), at.toString()), source, type, "prod",
                service, check, at, at.plusSeconds(2), type == SignalType.FAILING, "critical", summary,
                "https://monitoring.example.org/checks/" + service,
                Map.of("team", "team-1", "region", "eu-west-1"), false);
    }

    /** The signals of one outage of {@code service}, {@code errors} of them ERRORs, in order. */
    static List<Signal> outage(String service, Instant begin, int errors, boolean recovered) {
        List<Signal> out = new ArrayList<>();
        out.add(signal(SignalType.CHANGE, service, null, begin.minusSeconds(600), "Deployed " + service + " build 1234"));
        out.add(signal(SignalType.FAILING, service, service + "-http", begin, service + " is down: HTTP 503"));
        out.add(signal(SignalType.FAILING, service, service + "-latency", begin.plusSeconds(40),
                service + " p99 latency above 2 s"));
        for (int i = 0; i < errors; i++) {
            out.add(signal(SignalType.ERROR, service, null, begin.plusSeconds(5 + i), service + ": " + ERRORS[i % 5]));
        }
        out.add(signal(SignalType.ACK, service, null, begin.plusSeconds(120), "Acknowledged by the on-call engineer"));
        if (recovered) {
            Instant end = begin.plus(Duration.ofMinutes(25));
            out.add(signal(SignalType.RECOVERED, service, service + "-http", end, service + " is up"));
            out.add(signal(SignalType.RECOVERED, service, service + "-latency", end.plusSeconds(10),
                    service + " latency is back to normal"));
        }
        return out;
    }

    /** The stage-1 state after one outage, through {@link EpisodeRules#apply}. */
    static EpisodeState state(String service, Instant begin, int errors, boolean recovered) {
        EpisodeState st = EpisodeState.EMPTY;
        for (Signal s : outage(service, begin, errors, recovered)) {
            Instant now = s.observedAt();
            st = EpisodeRules.closeIfDue(st, now, SETTINGS).state();
            st = EpisodeRules.apply(st, s, now, SETTINGS).state();
        }
        return st;
    }

    static Episode episode(String service, Instant begin, int errors) {
        EpisodeState st = state(service, begin, errors, true);
        st = EpisodeRules.closeIfDue(st, begin.plus(Duration.ofHours(1)), SETTINGS).state();
        return st.open() != null ? st.open() : st.lastClosed();
    }

    /** One incident of {@code services} episodes that began together. */
    static List<Episode> incident(int services, Instant begin) {
        List<Episode> episodes = new ArrayList<>();
        for (int i = 0; i < services; i++) {
            episodes.add(episode(String.format("svc-%04d", i), begin.plusSeconds(30L * i), 200));
        }
        return episodes;
    }

    static List<Record> records(Instant begin) {
        return List.of(new Record("INC-1", RecordType.INCIDENT, "prod", List.of("svc-0000"), begin.plusSeconds(600),
                null, null, "svc-0000 is failing", "https://example.org/INC-1"));
    }

    static List<TriggerCandidate> changes(Instant begin) {
        List<TriggerCandidate> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            out.add(new TriggerCandidate(begin.minusSeconds(60L * i), String.format("svc-%04d", i % 20),
                    "Deployed build " + i));
        }
        return out;
    }

    /** What stage 2 stores of one incident of two services (one key of {@code incidents-v2}). */
    static IncidentState incidentState() {
        List<Episode> eps = new ArrayList<>();
        eps.add(episode("svc-0000", T0, 200));
        eps.add(episode("svc-0001", T0.plusSeconds(45), 200));
        return new IncidentState(Ids.of("incident", "prod", eps.get(0).id()), eps, 12, null,
                null, true, false, List.of("DETECT", "END"));
    }
}
