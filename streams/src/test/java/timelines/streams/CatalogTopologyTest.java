package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Incident;
import timelines.contracts.JsonSerde;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.streams.TimelineTopologyTest.Pipeline;

/**
 * Stage 2 with a catalog: services sharing a dependency become one incident, a dependency's
 * change is a trigger candidate; and the metrics and dead letters around the topology.
 */
class CatalogTopologyTest {
    static final Catalog KEYCLOAK = new Catalog("prod", List.of(
            new Catalog.Service("keycloak", List.of()),
            new Catalog.Service("generic-upload", List.of("keycloak")),
            new Catalog.Service("esr", List.of("keycloak"))), List.of());

    @TempDir
    Path stateDir;

    @Test
    void shouldMergeTwoIncidentsWhenTheirSharedDependencyFailsAcrossBoth() {
        try (Pipeline p = new Pipeline(stateDir, KEYCLOAK)) {
            p.send(TimelineTopologyTest.failing("generic-upload", "09:00"),
                    TimelineTopologyTest.recovered("generic-upload", "09:10"));
            p.tick("09:20");
            p.send(TimelineTopologyTest.failing("esr", "10:00"));
            assertThat(p.incidentsOut().stream().filter(r -> r.value() != null).map(r -> r.value().id()).distinct())
                    .as("an hour apart: two incidents").hasSize(2);

            // Keycloak was failing all along, from before the first to after the second began.
            p.send(TimelineTopologyTest.failing("keycloak", "09:05"));
            p.send(TimelineTopologyTest.recovered("keycloak", "09:50"));

            List<TestRecord<String, Incident>> out = p.incidentsOut();
            assertThat(out).anyMatch(r -> r.value() == null).as("the absorbed incident is tombstoned");
            String absorbed = out.stream().filter(r -> r.value() == null).findFirst().orElseThrow().key();
            Incident merged = out.get(out.size() - 1).value();
            assertThat(merged.services()).containsExactly("esr", "generic-upload", "keycloak");
            assertThat(merged.id()).isNotEqualTo(absorbed);
            assertThat(merged.begin()).isEqualTo(TimelineTopologyTest.at("09:00"));
        }
    }

    /**
     * Seed 001: planned maintenance of the admin UI, then, after it, bulk upload and ESR both
     * unable to get tokens from Keycloak overnight, seen only by probes that page nobody, until an
     * admin reported it the next morning; recorded an hour later.
     */
    @Test
    void shouldTellPlannedWorkFromASilentOvernightFailureWhenTwoServicesShareADependency() {
        try (Pipeline p = new Pipeline(stateDir, KEYCLOAK)) {
            p.record(TimelineTopologyTest.maintenance("CHG-1", "tis-admin-ui", "16:14", "16:15", "18:45"));
            p.send(TimelineTopologyTest.failing("tis-admin-ui", "17:20").alerting(),
                    TimelineTopologyTest.recovered("tis-admin-ui", "18:42"));
            p.send(TimelineTopologyTest.failing("generic-upload", "18:50").source("probe").summary("upload: 401"),
                    TimelineTopologyTest.failing("esr", "19:10").source("probe").summary("esr consumer: 401"));
            p.tick("19:20", "23:59");
            // The next morning (the story's day 2 is modelled as later hours of the same date).
            p.send(new TimelineTopologyTest.Sig(timelines.contracts.SignalType.REPORT, "generic-upload", "23:59:30")
                    .source("generic").summary("Unknown Server Error on every bulk upload"));
            p.record(new timelines.contracts.Record("TISNEW-5728", timelines.contracts.RecordType.INCIDENT, "prod",
                    List.of("generic-upload"), TimelineTopologyTest.at("23:59:50"), null, null, "Bulk upload failing",
                    null));

            List<Incident> incidents = p.incidents();
            assertThat(incidents).hasSize(2);
            Incident planned = incidents.stream().filter(i -> i.services().contains("tis-admin-ui")).findFirst()
                    .orElseThrow();
            assertThat(planned.planned()).isTrue();
            assertThat(planned.unrecordedAlertAt()).isNull();

            Incident silent = incidents.stream().filter(i -> i.services().contains("generic-upload")).findFirst()
                    .orElseThrow();
            assertThat(silent.services()).containsExactly("esr", "generic-upload");
            assertThat(silent.planned()).isFalse();
            assertThat(silent.detect()).as("detected by the person's report").isEqualTo(TimelineTopologyTest.at("23:59:30"));
            assertThat(silent.unrecordedAlertAt()).isEqualTo(TimelineTopologyTest.at("19:05"));
            assertThat(silent.recorded()).isEqualTo(TimelineTopologyTest.at("23:59:50"));
            assertThat(p.alerts()).extracting(a -> a.type() + " " + a.at()).containsExactly(
                    "RAISED 2016-09-05T19:05:00Z", "CLEARED 2016-09-05T23:59:50Z");
        }
    }

    @Test
    void shouldKeepStageAndProdApartWhenTheSameServiceFailsInBothAtOnce() {
        try (Pipeline p = new Pipeline(stateDir, KEYCLOAK)) {
            p.send(TimelineTopologyTest.failing("generic-upload", "09:00").env("stage"),
                    TimelineTopologyTest.failing("generic-upload", "09:01"));
            p.tick("09:30");
            List<Incident> incidents = p.incidents();
            assertThat(incidents).extracting(Incident::env).containsExactlyInAnyOrder("stage", "prod");
            assertThat(p.alerts()).extracting(a -> a.env()).containsExactly("prod");
        }
    }

    @Test
    void shouldOfferADependencysDeployAsTriggerCandidateWhenTheDependentFails() {
        try (Pipeline p = new Pipeline(stateDir, KEYCLOAK)) {
            p.send(TimelineTopologyTest.change("keycloak", "08:00", "keycloak 26 upgrade"),
                    TimelineTopologyTest.change("billing", "08:30", "unrelated deploy"),
                    TimelineTopologyTest.failing("generic-upload", "09:00"));
            Incident i = p.onlyIncident();
            assertThat(i.triggerCandidates()).extracting(Incident.TriggerCandidate::summary)
                    .containsExactly("keycloak 26 upgrade");
        }
    }

    @Test
    void shouldMeasureDetectionLagOncePerIncidentWhenItsMarkersAppear() {
        try (Pipeline p = new Pipeline(stateDir, null)) {
            p.send(TimelineTopologyTest.failing("deployer-api", "09:29").alerting().received("09:29:04"));
            assertThat(p.meters.get("timelines_incidents_open").tag("env", "prod").gauge().value()).isEqualTo(1.0);
            p.send(TimelineTopologyTest.recovered("deployer-api", "10:00"));
            p.tick("10:06", "10:07");

            Timer detect = p.meters.get("timelines_time_to_detect").tags("env", "prod", "source", "pingdom").timer();
            assertThat(detect.count()).isEqualTo(1);
            assertThat(detect.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(4.0);
            Timer recover = p.meters.get("timelines_time_to_recover").tags("env", "prod", "source", "pingdom").timer();
            assertThat(recover.count()).isEqualTo(1);
            assertThat(recover.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1860.0);
            assertThat(p.meters.get("timelines_incidents_open").tag("env", "prod").gauge().value()).isEqualTo(0.0);
        }
    }

    @Test
    void shouldRegisterEverySeriesOfTheCatalogsEnvsAtZeroWhenNoSignalCameYet() {
        Catalog staged = new Catalog("prod", List.of(), List.of(
                timelines.contracts.catalog.Rule.of(Map.of("labels.stage", "2"), Map.of("env", "staging"))));
        try (Pipeline p = new Pipeline(stateDir, staged)) {
            for (String env : List.of("prod", "staging")) {
                assertThat(p.meters.get("timelines_time_to_recover").tags("env", env, "source", "pingdom").timer()
                        .count()).as("time to recover in %s", env).isZero();
                assertThat(p.meters.get("timelines_unrecorded_outages_total").tag("env", env).counter().count())
                        .isZero();
                assertThat(p.meters.get("timelines_incidents_open").tag("env", env).gauge().value()).isZero();
            }
            assertThat(p.meters.get("timelines_signals_total").tags("source", "pingdom", "type", "FAILING").counter()
                    .count()).isZero();
            // SimpleMeterRegistry shows a timer's buckets as a gauge of their own ("….histogram"); Prometheus
            // shows them as the timer's.
            assertThat(p.meters.getMeters()).as("every metric has a HELP text")
                    .filteredOn(m -> !m.getId().getName().endsWith(".histogram"))
                    .allSatisfy(m -> assertThat(m.getId().getDescription()).as(m.getId().getName()).isNotBlank());

            p.send(TimelineTopologyTest.failing("deployer-api", "09:29").env("staging").alerting(),
                    TimelineTopologyTest.recovered("deployer-api", "10:00").env("staging"));
            p.tick("10:06", "10:07");

            assertThat(p.meters.get("timelines_signals_total").tags("source", "pingdom", "type", "FAILING").counter()
                    .count()).isEqualTo(1.0);
            assertThat(p.meters.get("timelines_time_to_recover").tags("env", "staging", "source", "pingdom").timer()
                    .count()).isEqualTo(1);
            assertThat(p.meters.get("timelines_time_to_recover").tags("env", "prod", "source", "pingdom").timer()
                    .count()).isZero();
        }
    }

    @Test
    void shouldDeadLetterAnUnreadableSignalAndKeepGoing() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Properties props = StreamsRunner.properties("unused:9092", "timelines-test", stateDir, Map.of());
        props.put(DeadLetterCounter.METERS_CONFIG, meters);
        props.remove(org.apache.kafka.streams.StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                TimelineTopology.build(CorrelationSettings.defaults(), meters), props)) {
            var raw = driver.createInputTopic(Topics.SIGNALS, new StringSerializer(), new ByteArraySerializer());
            var signal = TimelineTopologyTest.failing("api", "09:00").build();
            raw.pipeInput("prod|api", "{not json".getBytes(StandardCharsets.UTF_8), signal.observedAt());
            var good = driver.createInputTopic(Topics.SIGNALS, new StringSerializer(),
                    JsonSerde.of(timelines.contracts.Signal.class));
            good.pipeInput(signal.key(), signal, signal.observedAt());

            var dead = driver.createOutputTopic(Topics.DEAD_LETTER, new StringDeserializer(), new ByteArrayDeserializer());
            assertThat(dead.readRecordsToList()).singleElement()
                    .satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{not json"));
            assertThat(meters.get("timelines_records_dead_lettered_total").tag("topic", Topics.SIGNALS).counters())
                    .as("the unusable-input series exist at 0 from the start; one counted this")
                    .extracting(io.micrometer.core.instrument.Counter::count).containsOnlyOnce(1.0)
                    .filteredOn(c -> c != 1.0).containsOnly(0.0);
            var incidents = driver.createOutputTopic(Topics.INCIDENTS, new StringDeserializer(),
                    JsonSerde.of(Incident.class));
            assertThat(incidents.readValuesToList()).as("the next signal is processed").hasSize(1);
        }
    }
}
