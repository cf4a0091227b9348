package timelines.streams;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import timelines.contracts.SignalSources;
import timelines.contracts.SignalType;
import timelines.contracts.Topics;
import timelines.streams.episodes.EpisodeVerdict;
import timelines.streams.episodes.HeartbeatRules;
import timelines.streams.episodes.SignalOutcome;
import timelines.streams.incidents.IncidentAssembler;
import timelines.streams.incidents.IncidentMetrics;
import timelines.streams.incidents.UnrecordedVerdict;

/**
 * Every counter of the topology registered at zero, with its HELP text, before the first record:
 * a counter that appears only at its first event is missed by {@code increase()}, which needs two
 * samples (3 unrecorded outages once showed as 2.02). The label values are those known at start:
 * the known sources, the enums' names, the envs the catalog names. The processors count through
 * {@code meters.counter(name, tags)}, which finds these.
 */
final class TopologyMetrics {
    /** The reasons of {@code timelines_records_ignored_total}. */
    static final List<String> RECORDS_IGNORED = List.of("missing_env_or_id", "env_records_full");

    private TopologyMetrics() {}

    static void atZero(MeterRegistry meters, MetricLabels labels, IncidentMetrics incidents, Collection<String> envs) {
        IncidentAssembler.lateCatalogVersions(meters);
        Set<String> sources = new TreeSet<>(SignalSources.KNOWN);
        sources.add(SignalSources.OTHER);
        for (String source : sources) {
            for (SignalType type : SignalType.values()) {
                counter(meters, "timelines_signals_total", "Signals seen by the topology, by source and type",
                        "source", source, "type", type.name());
            }
        }
        for (SignalOutcome o : SignalOutcome.values()) {
            counter(meters, "timelines_episode_signal_outcomes_total",
                    "What stage 1 did with each signal (applied, duplicate, beyond the amend horizon, ...)", "outcome",
                    o.name());
        }
        counter(meters, "timelines_signals_late_total",
                "Late signals: they amended an ended outage or moved an open one's BEGIN earlier");
        for (HeartbeatRules.Verdict v : HeartbeatRules.Verdict.values()) {
            counter(meters, "timelines_heartbeats_total", "Heartbeat arrivals and judgements, by verdict", "verdict",
                    v.name());
        }
        for (EpisodeVerdict v : EpisodeVerdict.values()) {
            counter(meters, "timelines_episodes_closed_total", "Episodes closed or changed at their deadline, by verdict",
                    "verdict", v.name());
        }
        for (String reason : RECORDS_IGNORED) {
            counter(meters, "timelines_records_ignored_total", "Records the topology set aside, by reason", "reason",
                    reason);
        }
        counter(meters, "timelines_incident_joins_refused_total",
                "Episodes that started an incident of their own because the one they touched was full", "reason",
                "INCIDENT_FULL");
        counter(meters, "timelines_incidents_merged_total", "Incidents merged into another by a joining episode");
        counter(meters, "timelines_incidents_retired_total", "Incidents retired from the store after their horizon");
        for (UnrecordedVerdict v : UnrecordedVerdict.values()) {
            counter(meters, "timelines_unrecorded_checks_total", "Unrecorded-outage checks of an incident, by verdict",
                    "verdict", v.name());
        }
        for (InputCheck.Verdict v : InputCheck.Verdict.values()) {
            if (v == InputCheck.Verdict.USABLE) {
                continue;
            }
            for (String topic : List.of(Topics.SIGNALS, Topics.RECORDS)) {
                counter(meters, "timelines_records_dead_lettered_total",
                        "Inputs put on streams.dead-letter.v1: unreadable (reason: the exception), unusable (reason: "
                                + "the check's verdict), or one that made a processor throw",
                        "reason", v.name(), "topic", topic);
            }
        }
        for (ThreadFailures.Decision d : ThreadFailures.Decision.values()) {
            counter(meters, "timelines_stream_thread_failures_total",
                    "Stream threads that died: replaced, or streams stopped after a crash loop", "decision", d.name());
        }
        for (String env : envs) {
            for (String state : List.of("silent", "back")) {
                counter(meters, "timelines_monitoring_silences_total",
                        "Monitoring silences found (silent) and ended (back), by env", "env", labels.env(env),
                        "state", state);
            }
        }
        incidents.atZero(envs);
    }

    private static Counter counter(MeterRegistry meters, String name, String help, String... tags) {
        return Counter.builder(name).description(help).tags(tags).register(meters);
    }
}
