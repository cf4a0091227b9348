package timelines.streams;

import java.util.Locale;
import timelines.contracts.Severity;

import java.time.Duration;
import java.util.Set;

/**
 * The tunables of DESIGN section 5, with their defaults in one place.
 *
 * @param gap how long ERROR/REPORT signals keep an episode open, and how close episodes must be
 *     to merge
 * @param quiet how long an episode waits after its last recovery before it ends
 * @param lookback how far before BEGIN a change counts as a trigger candidate
 * @param recordGrace how long after BEGIN an outage may go unrecorded before an alert
 * @param minDuration how long an incident must have been failing before it can be alerted on
 * @param excludedEnvs envs never alerted on as unrecorded
 * @param maxEntries timeline entries kept per incident; the rest are counted
 * @param amendHorizon how long after its end an incident still takes late signals
 * @param impactSeverities the normalized severities whose FAILING and ERROR signals are impact
 *     evidence (DESIGN 5a); a signal with no severity is impact too
 * @param errorBurst how many impact ERROR occurrences make an outage without any failing check
 * @param heartbeats alert names ({@code labels.alertname}) that are the monitoring saying it is
 *     alive: never failure evidence
 * @param heartbeatTimeout how long a heartbeat that arrived twice may be silent before the
 *     monitoring counts as blind; null: three times its last interval, at least 15 minutes
 */
public record CorrelationSettings(
        Duration gap,
        Duration quiet,
        Duration lookback,
        Duration recordGrace,
        Duration minDuration,
        Set<String> excludedEnvs,
        int maxEntries,
        Duration amendHorizon,
        Set<String> impactSeverities,
        int errorBurst,
        Set<String> heartbeats,
        Duration heartbeatTimeout) {

    public static final Set<String> DEFAULT_EXCLUDED_ENVS =
            Set.of("stage", "staging", "test", "dev", "qa", "sandbox");

    public CorrelationSettings {
        requirePositive("gap", gap);
        requirePositive("quiet", quiet);
        requirePositive("lookback", lookback);
        requirePositive("recordGrace", recordGrace);
        requirePositive("minDuration", minDuration);
        requirePositive("amendHorizon", amendHorizon);
        if (maxEntries < 10) {
            throw new IllegalArgumentException("maxEntries must be at least 10, was " + maxEntries);
        }
        excludedEnvs = Set.copyOf(excludedEnvs);
        if (errorBurst < 1) {
            throw new IllegalArgumentException("errorBurst must be at least 1, was " + errorBurst);
        }
        for (String severity : impactSeverities) {
            if (Severity.ofWire(severity) == null) {
                throw new IllegalArgumentException("impactSeverities takes critical, error, warning, info; not "
                        + severity);
            }
        }
        impactSeverities = Set.copyOf(impactSeverities.stream().map(x -> x.trim().toLowerCase(Locale.ROOT)).toList());
        heartbeats = Set.copyOf(heartbeats);
        if (heartbeatTimeout != null) {
            requirePositive("heartbeatTimeout", heartbeatTimeout);
        }
    }

    /** The settings of DESIGN section 5 with 5a's at their defaults. */
    public CorrelationSettings(Duration gap, Duration quiet, Duration lookback, Duration recordGrace,
            Duration minDuration, Set<String> excludedEnvs, int maxEntries, Duration amendHorizon) {
        this(gap, quiet, lookback, recordGrace, minDuration, excludedEnvs, maxEntries, amendHorizon,
                DEFAULT_IMPACT_SEVERITIES, DEFAULT_ERROR_BURST, DEFAULT_HEARTBEATS, null);
    }

    public static final Set<String> DEFAULT_IMPACT_SEVERITIES = Set.of("critical", "error");
    public static final int DEFAULT_ERROR_BURST = 3;
    public static final Set<String> DEFAULT_HEARTBEATS = Set.copyOf(timelines.contracts.Heartbeats.DEFAULT_NAMES);

    public static CorrelationSettings defaults() {
        return new CorrelationSettings(
                Duration.ofMinutes(15),
                Duration.ofMinutes(5),
                Duration.ofHours(6),
                Duration.ofMinutes(15),
                Duration.ofMinutes(5),
                DEFAULT_EXCLUDED_ENVS,
                200,
                Duration.ofDays(7),
                DEFAULT_IMPACT_SEVERITIES,
                DEFAULT_ERROR_BURST,
                DEFAULT_HEARTBEATS,
                null);
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + value);
        }
    }
}
