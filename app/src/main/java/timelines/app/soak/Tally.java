package timelines.app.soak;

import java.util.Map;
import java.util.Set;

/**
 * What a soak run proves: every delivery ingest acknowledged (2xx) is one timeline entry in the
 * drafts on disk, no more and no fewer.
 *
 * @param accepted   deliveries answered 2xx
 * @param drafted    distinct deliveries found as timeline entries in the drafts
 * @param lost       accepted but in no draft
 * @param duplicated entries beyond the first of a delivery (a retry or a replay counted twice)
 * @param unacknowledgedDrafted drafted although no answer said 2xx: the write landed but the answer
 *     was lost (a timeout while a broker failed over). Allowed: the sender retried it, and the
 *     retry was dropped as a repeat rather than drafted twice.
 */
public record Tally(long accepted, long drafted, long lost, long duplicated, long unacknowledgedDrafted) {

    /**
     * @param accepted    the tokens of the deliveries answered 2xx
     * @param occurrences how often each token appears in the drafts' timeline entries, folded
     *     repeats ({@code count}) included
     */
    public static Tally of(Set<String> accepted, Map<String, Integer> occurrences) {
        long lost = accepted.stream().filter(t -> occurrences.getOrDefault(t, 0) == 0).count();
        long duplicated = occurrences.values().stream().mapToLong(n -> Math.max(0, n - 1)).sum();
        long drafted = occurrences.values().stream().filter(n -> n > 0).count();
        long unacknowledged = occurrences.entrySet().stream().filter(e -> e.getValue() > 0)
                .filter(e -> !accepted.contains(e.getKey())).count();
        return new Tally(accepted.size(), drafted, lost, duplicated, unacknowledged);
    }

    public boolean clean() {
        return lost == 0 && duplicated == 0;
    }

    /** The soak's one line of result. */
    public String line() {
        return "soak: accepted=" + accepted + " drafted=" + drafted + " lost=" + lost + " duplicated=" + duplicated;
    }
}
