package timelines.ingest.catalog;

import java.time.Duration;
import java.time.Instant;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogVersion;

/**
 * Whether a loaded catalog is published on {@code catalog.v1}, and from when it is in force: a
 * pure decision of (the catalog loaded, the newest version on the topic, now, the activation delay).
 *
 * <ul>
 *   <li>The same version as the newest one: nothing is published ({@link Outcome#UNCHANGED}), so
 *       every instance that loads the same file at start, and every reload that changed only
 *       comments, leaves the topic as it is.
 *   <li>No version yet: in force from the beginning of time ({@link Outcome#FIRST}). Nothing was
 *       decided with another version, and a replay's fresh topic gets its catalog in force before
 *       its first delivery whatever the capture's times.
 *   <li>A different version: in force from {@code now + activationDelay} ({@link Outcome#CHANGED}).
 *       The delay gives every instance's global thread time to read it before any task's stream
 *       time reaches it; without it a task could decide an input after the version's time with the
 *       previous version, and a replay, which has it from the start, would not.
 * </ul>
 */
public final class CatalogPublication {
    /** From publication to effect; see {@link Outcome#CHANGED}. */
    public static final Duration ACTIVATION_DELAY = Duration.ofSeconds(30);

    private CatalogPublication() {}

    public enum Outcome {
        /** The topic held no version: this one is in force from the beginning. */
        FIRST,
        /** It differs from the newest version: in force from now plus the activation delay. */
        CHANGED,
        /** It is the newest version already: nothing to publish. */
        UNCHANGED
    }

    /** What to do; {@code publish} is null when nothing is to be published. */
    public record Decision(Outcome outcome, CatalogVersion publish) {}

    public static Decision decide(Catalog loaded, CatalogVersion newest, Instant now, Duration activationDelay,
            String by) {
        String version = CatalogVersion.versionOf(loaded);
        if (newest == null) {
            return new Decision(Outcome.FIRST, CatalogVersion.of(loaded, Instant.EPOCH, now, by));
        }
        if (newest.version().equals(version)) {
            return new Decision(Outcome.UNCHANGED, null);
        }
        Instant from = now.plus(activationDelay);
        // Never before the newest: versions take effect in the order they were published.
        if (!from.isAfter(newest.effectiveFrom())) {
            from = newest.effectiveFrom().plusMillis(1);
        }
        return new Decision(Outcome.CHANGED, CatalogVersion.of(loaded, from, now, by));
    }
}
