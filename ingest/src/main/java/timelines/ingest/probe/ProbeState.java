package timelines.ingest.probe;

import java.time.Instant;
import java.util.Optional;
import timelines.contracts.SignalType;

/**
 * What one probe remembers between checks: how many checks in a row failed, since when, and
 * whether it already said FAILING. {@link #next} is the whole decision, pure: a probe says
 * FAILING once, on the check that reaches {@code failuresBeforeFailing} consecutive failures, and
 * RECOVERED once, on the first success after that; every other check says nothing.
 *
 * @param consecutiveFailures failed checks since the last success
 * @param failingSince when the first of those failures was checked, or null after a success
 * @param failing whether FAILING was said and RECOVERED not yet
 */
public record ProbeState(int consecutiveFailures, Instant failingSince, boolean failing) {

    /** Before the first check: healthy until shown otherwise, so a healthy start says nothing. */
    public static final ProbeState INITIAL = new ProbeState(0, null, false);

    /** Why a check did or did not produce a signal; logged, counted and asserted in tests. */
    public enum Reason {
        /** Success, and nothing was wrong before. */
        HEALTHY(null),
        /** Success after failures that never reached the threshold: the count starts over, silently. */
        CLEARED_BELOW_THRESHOLD(null),
        /** A failure, but fewer in a row than the threshold: maybe a blip. */
        FAILURE_BELOW_THRESHOLD(null),
        /** The failure that makes {@code failuresBeforeFailing} in a row: say FAILING. */
        THRESHOLD_REACHED(SignalType.FAILING),
        /** Another failure after FAILING was said: already known. */
        STILL_FAILING(null),
        /** The first success after FAILING: say RECOVERED. */
        RECOVERED(SignalType.RECOVERED);

        private final SignalType emits;

        Reason(SignalType emits) {
            this.emits = emits;
        }

        /** The signal this check produces: FAILING, RECOVERED or none. */
        public Optional<SignalType> emits() {
            return Optional.ofNullable(emits);
        }
    }

    /** The state after a check, and why it does or does not produce a signal. */
    public record Step(ProbeState state, Reason reason) {}

    /**
     * Folds one check into the state.
     *
     * @param ok whether the check succeeded
     * @param checkedAt when the check ran; remembered as {@link #failingSince} on the first failure
     * @param failuresBeforeFailing consecutive failures it takes to say FAILING (at least 1)
     */
    public Step next(boolean ok, Instant checkedAt, int failuresBeforeFailing) {
        if (ok) {
            if (failing) {
                return new Step(INITIAL, Reason.RECOVERED);
            }
            return new Step(INITIAL, consecutiveFailures > 0 ? Reason.CLEARED_BELOW_THRESHOLD : Reason.HEALTHY);
        }
        int failures = consecutiveFailures + 1;
        Instant since = failingSince == null ? checkedAt : failingSince;
        if (failing) {
            return new Step(new ProbeState(failures, since, true), Reason.STILL_FAILING);
        }
        if (failures >= failuresBeforeFailing) {
            return new Step(new ProbeState(failures, since, true), Reason.THRESHOLD_REACHED);
        }
        return new Step(new ProbeState(failures, since, false), Reason.FAILURE_BELOW_THRESHOLD);
    }
}
