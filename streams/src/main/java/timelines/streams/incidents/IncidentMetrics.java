package timelines.streams.incidents;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import timelines.contracts.Incident;
import timelines.contracts.Marker;
import timelines.contracts.SignalSources;
import timelines.streams.MetricLabels;

/**
 * Detection-lag metrics (DESIGN section 1): time to detect, acknowledge, record and recover as
 * Prometheus histograms tagged by env and detecting source, each measured once per incident when
 * its marker first appears; and the open incidents per env.
 *
 * <p>One per topology, shared by its tasks: the open-incident gauge of an env reads one map, so
 * it shows the task that owns the env now, not one closed in a rebalance.
 */
public final class IncidentMetrics {
    /** Buckets from seconds to days: detection can take 4 s or 14 h. */
    static final Duration[] BUCKETS = {
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
        Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(12),
        Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7)
    };

    /** Kept in an incident's measured list once it was counted as a warning incident. */
    static final String WARNING = "WARNING_INCIDENT";

    /** The source label of an incident no signal detected (one opened by a record). */
    static final String NO_SOURCE = "none";

    private static final Map<Marker, String> DURATIONS = Map.of(
            Marker.DETECT, "timelines_time_to_detect",
            Marker.ACK, "timelines_time_to_acknowledge",
            Marker.RECORDED, "timelines_time_to_record",
            Marker.END, "timelines_time_to_recover");

    private final MeterRegistry meters;
    private final MetricLabels labels;
    /** Open incidents by env; the gauge of a label sums the envs it stands for ({@code other}). */
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    public IncidentMetrics(MeterRegistry meters, MetricLabels labels) {
        this.meters = meters;
        this.labels = labels;
    }

    /**
     * Registers every series of these envs at zero: each histogram for every source that may
     * detect, the warning and unrecorded counters, the open-incident gauge. A series that appears
     * only with its first observation is missed by {@code increase()}, which needs two samples.
     */
    public void atZero(Collection<String> envs) {
        Set<String> sources = new TreeSet<>(SignalSources.KNOWN);
        sources.add(SignalSources.OTHER);
        sources.add(NO_SOURCE);
        for (String env : envs) {
            String label = labels.env(env);
            for (String name : DURATIONS.values()) {
                sources.forEach(source -> timer(name, label, source));
            }
            warnings(label);
            unrecorded(label);
            openIncidents(env, open.getOrDefault(env, new AtomicInteger()).get());
        }
    }

    /** Records the durations of markers not measured before; returns the markers now measured. */
    List<String> measure(Incident i, List<String> measured) {
        List<String> now = new ArrayList<>(measured);
        String source = i.detectedBy() == null ? NO_SOURCE : labels.source(i.detectedBy().source());
        String env = labels.env(i.env());
        once(now, Marker.DETECT, i.timeToDetectSeconds(), env, source);
        once(now, Marker.ACK, i.timeToAcknowledgeSeconds(), env, source);
        once(now, Marker.RECORDED, i.timeToRecordSeconds(), env, source);
        once(now, Marker.END, i.timeToRecoverSeconds(), env, source);
        return now;
    }

    /** Counts a warning incident once, when first seen as one; returns the measured markers. */
    List<String> warning(Incident i, List<String> measured) {
        if (measured.contains(WARNING)) {
            return measured;
        }
        warnings(labels.env(i.env())).increment();
        List<String> now = new ArrayList<>(measured);
        now.add(WARNING);
        return now;
    }

    /** The counter of unrecorded-outage alerts raised in an env. */
    io.micrometer.core.instrument.Counter unrecorded(String envLabel) {
        return io.micrometer.core.instrument.Counter.builder("timelines_unrecorded_outages_total")
                .description("Unrecorded-outage alerts raised: outages nobody recorded within the grace")
                .tags("env", envLabel).register(meters);
    }

    void openIncidents(String env, int count) {
        open.computeIfAbsent(env, e -> new AtomicInteger()).set(count);
        String label = labels.env(env);
        if (gauged.add(label)) {
            Gauge.builder("timelines_incidents_open", () -> open.entrySet().stream()
                    .filter(x -> labels.env(x.getKey()).equals(label)).mapToInt(x -> x.getValue().get()).sum())
                    .description("Incidents without an END, outages and warning incidents")
                    .tags("env", label).register(meters);
        }
    }

    private io.micrometer.core.instrument.Counter warnings(String envLabel) {
        return io.micrometer.core.instrument.Counter.builder("timelines_warning_incidents_total")
                .description("Incidents first seen as warning incidents (no outage); their durations are not observed")
                .tags("env", envLabel).register(meters);
    }

    private Timer timer(String name, String env, String source) {
        return Timer.builder(name)
                .description("Per incident, from BEGIN (DETECT for acknowledge) to the marker")
                .tags("env", env, "source", source)
                .serviceLevelObjectives(BUCKETS)
                .register(meters);
    }

    private void once(List<String> measured, Marker marker, Long seconds, String env, String source) {
        if (seconds == null || measured.contains(marker.name())) {
            return;
        }
        measured.add(marker.name());
        timer(DURATIONS.get(marker), env, source).record(Duration.ofSeconds(seconds));
    }
}
