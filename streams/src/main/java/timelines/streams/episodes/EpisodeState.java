package timelines.streams.episodes;

import java.util.List;
import timelines.contracts.Incident.TriggerCandidate;

/**
 * What stage 1 keeps per {@code env|service}: the open episode, the last closed one (late
 * signals amend it), recent changes (trigger candidates for the next episode) and recent signal
 * ids (a vendor's retry is dropped).
 */
public record EpisodeState(Episode open, Episode lastClosed, List<TriggerCandidate> recentChanges,
        List<String> recentIds) {

    public static final EpisodeState EMPTY = new EpisodeState(null, null, List.of(), List.of());

    public EpisodeState {
        recentChanges = recentChanges == null ? List.of() : List.copyOf(recentChanges);
        recentIds = recentIds == null ? List.of() : List.copyOf(recentIds);
    }
}
