package timelines.streams.episodes;

import java.util.List;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Signal;

/**
 * What stage 1 keeps per {@code env|service}: the open episode, the last closed one (late
 * signals amend it), recent changes (trigger candidates for the next episode), recent signal
 * ids (a vendor's retry is dropped) and stray recoveries (a RECOVERED that arrived before its
 * FAILING, kept so the FAILING still finds its end when it arrives).
 */
public record EpisodeState(Episode open, Episode lastClosed, List<TriggerCandidate> recentChanges,
        RecentIds recentIds, List<Signal> strayRecoveries) {

    public static final EpisodeState EMPTY = new EpisodeState(null, null, List.of(), RecentIds.NONE, List.of());

    public EpisodeState {
        recentChanges = recentChanges == null ? List.of() : List.copyOf(recentChanges);
        recentIds = recentIds == null ? RecentIds.NONE : recentIds;
        strayRecoveries = strayRecoveries == null ? List.of() : List.copyOf(strayRecoveries);
    }

    EpisodeState withStrayRecoveries(List<Signal> strays) {
        return new EpisodeState(open, lastClosed, recentChanges, recentIds, strays);
    }
}
