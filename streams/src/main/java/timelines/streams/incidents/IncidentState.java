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
 * {@code catalogVersion} is the catalog version in force when its revision counter last moved
 * (null: none was); its revision is built with that version's graph, at the commit and again
 * after a restore, so what is rebuilt is what was sent.
 */
public record IncidentState(
        String id,
        List<Episode> episodes,
        long revision,
        Instant unrecordedAlertAt,
        Instant alertClearedAt,
        boolean unrecordedChecked,
        boolean unrecordedDeferred,
        List<String> measured,
        String catalogVersion) {

    public IncidentState {
        episodes = episodes == null ? List.of() : List.copyOf(episodes);
        measured = measured == null ? List.of() : List.copyOf(measured);
    }

    /** An incident no catalog version has decided yet. */
    public IncidentState(String id, List<Episode> episodes, long revision, Instant unrecordedAlertAt,
            Instant alertClearedAt, boolean unrecordedChecked, boolean unrecordedDeferred, List<String> measured) {
        this(id, episodes, revision, unrecordedAlertAt, alertClearedAt, unrecordedChecked, unrecordedDeferred,
                measured, null);
    }

    IncidentState withMeasured(List<String> next) {
        return new IncidentState(id, episodes, revision, unrecordedAlertAt, alertClearedAt,
                unrecordedChecked, unrecordedDeferred, next, catalogVersion);
    }

    IncidentState withEpisodes(List<Episode> next) {
        return new IncidentState(id, next, revision, unrecordedAlertAt, alertClearedAt,
                unrecordedChecked, unrecordedDeferred, measured, catalogVersion);
    }

    IncidentState withCatalogVersion(String version) {
        return new IncidentState(id, episodes, revision, unrecordedAlertAt, alertClearedAt,
                unrecordedChecked, unrecordedDeferred, measured, version);
    }
}
