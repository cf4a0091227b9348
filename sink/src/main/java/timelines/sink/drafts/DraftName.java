package timelines.sink.drafts;

import java.util.Locale;
import java.util.function.Predicate;
import timelines.contracts.Incident;

/**
 * The file name of an incident's live drafts, without extension: {@code <date of BEGIN>-<services
 * slug>-<first 8 of the id>}, readable in a directory listing. Eight hex characters are not unique
 * (two of 77,000 incidents of one env share them with even odds), so the short name is only taken
 * when no other incident's draft holds it; otherwise the name carries the full id, which is unique
 * by construction. A draft keeps the name it was first written under.
 *
 * @param base the name without {@code .md} / {@code .json}
 * @param choice why this name, logged and counted
 */
public record DraftName(String base, Choice choice) {
    static final int SHORT_ID = 8;
    static final int SLUG = 40;

    /** Why a draft has the name it has. */
    public enum Choice {
        /** The incident has a draft already: it keeps that name. */
        KEPT,
        /** A new draft under the short, readable name. */
        SHORT_ID,
        /** A new draft whose short name another incident's draft holds: the full id instead. */
        FULL_ID_SHORT_NAME_TAKEN
    }

    /**
     * @param kept the name of the incident's existing draft, or null when it has none
     * @param takenByAnother whether a name is in use by a file that is not this incident's draft
     */
    static DraftName choose(Incident incident, String kept, Predicate<String> takenByAnother) {
        if (kept != null) {
            return new DraftName(kept, Choice.KEPT);
        }
        // Ids are hex; anything else is kept from walking the file system all the same.
        String id = incident.id().replaceAll("[^A-Za-z0-9_-]", "-");
        String readable = prefix(incident) + id.substring(0, Math.min(SHORT_ID, id.length()));
        if (!takenByAnother.test(readable)) {
            return new DraftName(readable, Choice.SHORT_ID);
        }
        // Holds the whole id, so only this incident's draft can ever have this name.
        return new DraftName(prefix(incident) + id, Choice.FULL_ID_SHORT_NAME_TAKEN);
    }

    /** {@code <date of BEGIN>-<services slug>-}. */
    private static String prefix(Incident i) {
        String slug = String.join("-", i.services()).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("(^-+|-+$)", "");
        if (slug.length() > SLUG) {
            slug = slug.substring(0, SLUG).replaceAll("-+$", "");
        }
        return Text.date(i.begin()) + "-" + (slug.isEmpty() ? "incident" : slug) + "-";
    }
}
