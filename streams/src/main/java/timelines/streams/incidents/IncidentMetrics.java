package timelines.streams.incidents;

import java.util.Set;
import timelines.streams.MetricLabels;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import timelines.contracts.Incident;
import timelines.contracts.Marker;

/**
 * Detection-lag metrics (DESIGN section 1): time to detect, acknowledge, record and recover as
 * Prometheus histograms tagged by env and detecting source, each measured once per incident when
 * its marker first appears; and the open incidents per env.
 */
final class IncidentMetrics {
    /** Buckets from seconds to days: detection can take 4 s or 14 h. */
    static final Duration[] BUCKETS = {
        Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofMinutes(15), Duration.ofMinutes(30),
        Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(8), Duration.ofHours(12),
        Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(7)
    };

    /** Kept in an incident's measured list once it was counted as a warning incident. */
    static final String WARNING = "WARNING_INCIDENT";

    private final MeterRegistry meters;
    private final MetricLabels labels;
    /** Open incidents by env; the gauge of a label sums the envs it stands for ({@code other}). */
    private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();

    IncidentMetrics(MeterRegistry meters, MetricLabels labels) {
        this.meters = meters;
        this.labels = labels;
    }

    /** Records the durations of markers not measured before; returns the markers now measured. */
    List<String> measure(Incident i, List<String> measured) {
        List<String> now = new ArrayList<>(measured);
        String source = i.detectedBy() == null ? "none" : labels.source(i.detectedBy().source());
        String env = labels.env(i.env());
        once(now, Marker.DETECT, i.timeToDetectSeconds(), "timelines_time_to_detect", env, source);
        once(now, Marker.ACK, i.timeToAcknowledgeSeconds(), "timelines_time_to_acknowledge", env, source);
        once(now, Marker.RECORDED, i.timeToRecordSeconds(), "timelines_time_to_record", env, source);
        once(now, Marker.END, i.timeToRecoverSeconds(), "timelines_time_to_recover", env, source);
        return now;
    }

    /** Counts a warning incident once, when first seen as one; returns the measured markers. */
    List<String> warning(Incident i, List<String> measured) {
        if (measured.contains(WARNING)) {
            return measured;
        }
        meters.counter("timelines_warning_incidents_total", "env", labels.env(i.env())).increment();
        List<String> now = new ArrayList<>(measured);
        now.add(WARNING);
        return now;
    }

    void openIncidents(String env, int count) {
        open.computeIfAbsent(env, e -> new AtomicInteger()).set(count);
        String label = labels.env(env);
        if (gauged.add(label)) {
            io.micrometer.core.instrument.Gauge.builder("timelines_incidents_open", () -> open.entrySet().stream()
                    .filter(x -> labels.env(x.getKey()).equals(label)).mapToInt(x -> x.getValue().get()).sum())
                    .description("Incidents without an END, outages and warning incidents")
                    .tags("env", label).register(meters);
        }
    }

    private void once(List<String> measured, Marker marker, Long seconds, String name, String env, String source) {
        if (seconds == null || measured.contains(marker.name())) {
            return;
        }
        measured.add(marker.name());
        Timer.builder(name)
                .description("Per incident, from BEGIN (DETECT for acknowledge) to the marker")
                .tags("env", env, "source", source)
                .serviceLevelObjectives(BUCKETS)
                .register(meters)
                .record(Duration.ofSeconds(seconds));
    }
}
