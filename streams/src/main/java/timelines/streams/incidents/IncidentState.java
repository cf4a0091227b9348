package timelines.streams.incidents;

import java.time.Instant;
import java.util.List;
import timelines.streams.episodes.Episode;

/**
 * What stage 2 keeps of one incident ({@code measured}: the durations already recorded as
 * metrics, so each is measured once): its episodes, its revision (counted on every change), and
 * its unrecorded-alert state
 * ({@code unrecordedChecked} once stage 3 has decided for good; {@code unrecordedDeferred} when, at
 * the due time, its errors had not yet lasted long enough and it is judged again on each change).
 */
public record IncidentState(
        String id,
        List<Episode> episodes,
        long revision,
        Instant unrecordedAlertAt,
        Instant alertClearedAt,
        boolean unrecordedChecked,
        boolean unrecordedDeferred,
        List<String> measured) {

    public IncidentState {
        episodes = episodes == null ? List.of() : List.copyOf(episodes);
        measured = measured == null ? List.of() : List.copyOf(measured);
    }

    IncidentState withMeasured(List<String> next) {
        return new IncidentState(id, episodes, revision, unrecordedAlertAt, alertClearedAt,
                unrecordedChecked, unrecordedDeferred, next);
    }

    IncidentState withEpisodes(List<Episode> next) {
        return new IncidentState(id, next, revision, unrecordedAlertAt, alertClearedAt,
                unrecordedChecked, unrecordedDeferred, measured);
    }
}
