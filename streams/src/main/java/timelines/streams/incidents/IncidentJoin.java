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
        EnvIncidents.Span span = EnvIncidents.Span.of(incident);
        boolean startsInReach = span.open() || !episode.begin().isAfter(span.end().plus(gap));
        boolean endsInReach = episode.open() || !span.begin().isAfter(episode.end().plus(gap));
        return startsInReach && endsInReach;
    }

    static Instant earliestBegin(IncidentState inc) {
        return inc.episodes().stream().map(Episode::begin).min(Instant::compareTo).orElseThrow();
    }
}
