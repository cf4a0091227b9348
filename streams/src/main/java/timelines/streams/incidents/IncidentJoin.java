package timelines.streams.incidents;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import timelines.streams.episodes.Episode;

/** Stage 2's merge rule (DESIGN section 5) as a pure function. */
final class IncidentJoin {
    private IncidentJoin() {}

    /**
     * Whether an episode joins an incident: one of its services is the episode's or connected to
     * it, and the episode overlaps the incident or comes within {@code gap} of it.
     */
    static boolean joins(List<Episode> incident, Episode episode, ServiceGraph graph, Duration gap) {
        boolean connected = incident.stream().anyMatch(e -> graph.connected(e.service(), episode.service()));
        if (!connected) {
            return false;
        }
        Instant begin = null;
        Instant end = null;
        boolean open = false;
        for (Episode e : incident) {
            begin = begin == null || e.begin().isBefore(begin) ? e.begin() : begin;
            if (e.open()) {
                open = true;
            } else if (end == null || e.end().isAfter(end)) {
                end = e.end();
            }
        }
        boolean startsInReach = open || !episode.begin().isAfter(end.plus(gap));
        boolean endsInReach = episode.open() || !begin.isAfter(episode.end().plus(gap));
        return startsInReach && endsInReach;
    }

    static Instant earliestBegin(IncidentState inc) {
        return inc.episodes().stream().map(Episode::begin).min(Instant::compareTo).orElseThrow();
    }
}
