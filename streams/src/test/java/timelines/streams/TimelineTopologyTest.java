package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Ids;
import timelines.contracts.Incident;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.IncidentStatus;
import timelines.contracts.JsonSerde;
import timelines.contracts.Marker;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogVersion;

/**
 * The whole topology on a TopologyTestDriver, each test a small postmortem: signals and records in
 * (record timestamp = observedAt, so time moves as in production), incident revisions and
 * unrecorded-outage alerts out. Ticks stand in for ingest's periodic tick.
 */
class TimelineTopologyTest {

    // ---- the story's vocabulary ----------------------------------------------------------------

    /** 2016-09-05 at "hh:mm" or "hh:mm:ss", UTC. */
    static Instant at(String time) {
        return Instant.parse("2016-09-05T" + (time.length() == 5 ? time + ":00" : time) + "Z");
    }

    static Sig failing(String service, String time) {
        return new Sig(SignalType.FAILING, service, time).source("pingdom").check("pingdom-" + service)
                .summary(service + " is down");
    }

    static Sig recovered(String service, String time) {
        return new Sig(SignalType.RECOVERED, service, time).source("pingdom").check("pingdom-" + service)
                .summary(service + " is up");
    }

    static Sig error(String service, String time, String summary) {
        return new Sig(SignalType.ERROR, service, time).source("sentry").check(summary).summary(summary);
    }

    static Sig change(String service, String time, String summary) {
        return new Sig(SignalType.CHANGE, service, time).source("generic").summary(summary);
    }

    static Sig ack(String service, String time) {
        return new Sig(SignalType.ACK, service, time).source("pagerduty").summary("acknowledged");
    }

    static Record incidentRecord(String id, String service, String openedAt) {
        return new Record(id, RecordType.INCIDENT, "prod", List.of(service), at(openedAt), null, null,
                service + " outage", "https://jira.example.com/browse/" + id);
    }

    static Record maintenance(String id, String service, String openedAt, String start, String end) {
        return new Record(id, RecordType.MAINTENANCE, "prod", List.of(service), at(openedAt), at(start), at(end),
                "planned upgrade of " + service, null);
    }

    /** A signal under construction, in env prod unless told; its id derives from what it says. */
    static final class Sig {
        private final SignalType type;
        private final String service;
        private final Instant observedAt;
        private Instant receivedAt;
        private String env = "prod";
        private String source;
        private String check;
        private String summary;
        private boolean alerting;
        private String severity;
        private final Map<String, String> labels = new java.util.TreeMap<>();

        Sig(SignalType type, String service, String time) {
            this.type = type;
            this.service = service;
            this.observedAt = at(time);
            this.receivedAt = observedAt;
        }

        Sig env(String v) {
            env = v;
            return this;
        }

        Sig source(String v) {
            source = v;
            return this;
        }

        Sig check(String v) {
            check = v;
            return this;
        }

        Sig summary(String v) {
            summary = v;
            return this;
        }

        Sig alerting() {
            alerting = true;
            return this;
        }

        Sig severity(String v) {
            severity = v;
            return this;
        }

        Sig label(String k, String v) {
            labels.put(k, v);
            return this;
        }

        Sig received(String time) {
            receivedAt = at(time);
            return this;
        }

        Signal build() {
            String id = Ids.of(source, env, service, check, type.name(), observedAt.toString(), summary);
            return new Signal(id, source, type, env, service, check, observedAt, receivedAt, alerting, severity,
                    summary, null, labels, false);
        }
    }

    /** One topology on one driver with its own state dir; collects everything it emits. */
    static final class Pipeline implements AutoCloseable {
        final SimpleMeterRegistry meters = new SimpleMeterRegistry();
        final TopologyTestDriver driver;
        private final TestInputTopic<String, Signal> signals;
        private final TestInputTopic<String, Record> records;
        private final TestInputTopic<String, CatalogVersion> catalogs;
        private final TestOutputTopic<String, Incident> incidentsOut;
        private final TestOutputTopic<String, Alert> alertsOut;
        private final List<TestRecord<String, Incident>> incidents = new ArrayList<>();
        private final List<TestRecord<String, Alert>> alerts = new ArrayList<>();

        /** @param catalog published on catalog.v1 in force from the beginning, or null for none */
        Pipeline(Path stateDir, Catalog catalog) {
            Topology topology = TimelineTopology.build(CorrelationSettings.defaults(), meters,
                    catalog == null ? java.util.Set.of() : catalog.envs());
            driver = new TopologyTestDriver(topology, properties(stateDir));
            catalogs = driver.createInputTopic(Topics.CATALOG, new StringSerializer(), JsonSerde.of(CatalogVersion.class));
            if (catalog != null) {
                publish(catalog, Instant.EPOCH);
            }
            signals = driver.createInputTopic(Topics.SIGNALS, new StringSerializer(), JsonSerde.of(Signal.class));
            records = driver.createInputTopic(Topics.RECORDS, new StringSerializer(), JsonSerde.of(Record.class));
            incidentsOut = driver.createOutputTopic(Topics.INCIDENTS, new StringDeserializer(),
                    JsonSerde.of(Incident.class));
            alertsOut = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(), JsonSerde.of(Alert.class));
        }

        static Properties properties(Path stateDir) {
            Properties p = new Properties();
            p.put(StreamsConfig.APPLICATION_ID_CONFIG, "timelines-test");
            p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
            p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
            p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
            return p;
        }

        /** A catalog version in force from {@code from}, as a publisher writes it; returns its id. */
        String publish(Catalog catalog, Instant from) {
            CatalogVersion v = CatalogVersion.of(catalog, from, from, "test");
            catalogs.pipeInput(v.key(), v, v.effectiveFrom());
            return v.version();
        }

        Pipeline send(Sig... sigs) {
            for (Sig sig : sigs) {
                send(sig.build());
            }
            return this;
        }

        Pipeline send(Signal signal) {
            signals.pipeInput(signal.key(), signal, signal.observedAt());
            return this;
        }

        Pipeline tick(String... times) {
            for (String time : times) {
                signals.pipeInput("", Signal.tick(at(time)), at(time));
            }
            return this;
        }

        /** A replay's last tick: the input ends here. */
        Pipeline endOfInput(String time) {
            signals.pipeInput("", Signal.endOfInput(at(time)), at(time));
            return this;
        }

        Pipeline record(Record record) {
            records.pipeInput(record.key(), record, record.openedAt());
            return this;
        }

        /** Every record emitted to incidents.v1 so far, tombstones included. */
        List<TestRecord<String, Incident>> incidentsOut() {
            incidentsOut.readRecordsToList().forEach(incidents::add);
            return List.copyOf(incidents);
        }

        /** Every incident revision emitted so far, in order. */
        List<Incident> revisions() {
            incidentsOut.readRecordsToList().forEach(incidents::add);
            return incidents.stream().map(TestRecord::value).toList();
        }

        /** The latest revision of each incident, in order of first appearance. */
        List<Incident> incidents() {
            Map<String, Incident> latest = new LinkedHashMap<>();
            revisions().forEach(i -> latest.put(i.id(), i));
            return List.copyOf(latest.values());
        }

        Incident onlyIncident() {
            assertThat(incidents()).hasSize(1);
            return incidents().get(0);
        }

        List<Alert> alerts() {
            alertsOut.readRecordsToList().forEach(alerts::add);
            return alerts.stream().map(TestRecord::value).toList();
        }

        List<TestRecord<String, Alert>> alertRecords() {
            alerts();
            return List.copyOf(alerts);
        }

        double outcomes(String outcome) {
            return meters.counter("timelines_episode_signal_outcomes_total", "outcome", outcome).count();
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    @TempDir
    Path stateDir;

    private Pipeline pipeline;

    @BeforeEach
    void start() {
        pipeline = new Pipeline(stateDir, null);
    }

    @AfterEach
    void stop() {
        pipeline.close();
    }

    private static Entry marked(Incident incident, Marker marker) {
        return incident.entries().stream().filter(e -> e.marker() == marker).findFirst()
                .orElseThrow(() -> new AssertionError("no " + marker + " in " + incident.entries()));
    }

    // ---- (a) seed 003: the Deployer API outage ---------------------------------------------------

    @Test
    void shouldDraftResolvedTimelineWithTheDeployAsTriggerWhenPingdomReportsAnOutageAfterIt() {
        pipeline.send(
                change("deployer-api", "09:27", "deleted ECS service deployer-api"),
                failing("deployer-api", "09:29").summary("Deployer API is down").alerting().received("09:29:04"),
                recovered("deployer-api", "10:00").summary("Deployer API is up").alerting());
        pipeline.tick("10:06");

        Incident incident = pipeline.onlyIncident();
        assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(incident.env()).isEqualTo("prod");
        assertThat(incident.services()).containsExactly("deployer-api");
        assertThat(incident.title()).isEqualTo("deployer-api in prod, 2016-09-05: Deployer API is down");
        assertThat(incident.begin()).isEqualTo(at("09:29"));
        assertThat(incident.detect()).isEqualTo(at("09:29:04"));
        assertThat(incident.end()).isEqualTo(at("10:00"));
        assertThat(incident.endInferred()).isFalse();
        assertThat(incident.timeToDetectSeconds()).isEqualTo(4);
        assertThat(incident.timeToRecoverSeconds()).isEqualTo(1860);
        assertThat(incident.detectedBy()).isEqualTo(new DetectedBy("pingdom", "deployer-api", "Deployer API is down"));
        assertThat(incident.triggerCandidates()).containsExactly(
                new TriggerCandidate(at("09:27"), "deployer-api", "deleted ECS service deployer-api"));

        assertThat(marked(incident, Marker.BEGIN)).satisfies(e -> {
            assertThat(e.at()).isEqualTo(at("09:29"));
            assertThat(e.type()).isEqualTo(SignalType.FAILING);
        });
        assertThat(marked(incident, Marker.DETECT).at()).isEqualTo(at("09:29:04"));
        assertThat(marked(incident, Marker.END)).satisfies(e -> {
            assertThat(e.at()).isEqualTo(at("10:00"));
            assertThat(e.type()).isEqualTo(SignalType.RECOVERED);
        });
        assertThat(incident.entries()).extracting(Entry::at).isSorted();
        assertThat(incident.entries()).extracting(Entry::type).doesNotContain(SignalType.CHANGE);
    }

    /**
     * A GitHub deployment, as ingest normalizes a finished {@code deployment_status} once the catalog
     * mapped its repository to the service, then a failing alert of that service: the deployment is the
     * trigger candidate; another service's GitLab deployment in the same minutes is not.
     */
    @Test
    void shouldNameTheGitHubDeploymentAsTriggerWhenAnAlertOfItsServiceFollowsIt() {
        pipeline.send(
                new Sig(SignalType.CHANGE, "deployer-api", "09:20").source("github").check("145988746")
                        .summary("GitHub deployment of acme/deployer-api main (f95f852) to production: success"),
                new Sig(SignalType.CHANGE, "billing", "09:25").source("gitlab").check("988572802")
                        .summary("GitLab deployment of acme/billing main (58793660) to production: success"),
                new Sig(SignalType.FAILING, "deployer-api", "09:29").source("alertmanager").check("fp-1")
                        .summary("DeployerApiDown").alerting(),
                new Sig(SignalType.RECOVERED, "deployer-api", "09:45").source("alertmanager").check("fp-1")
                        .summary("DeployerApiDown").alerting());
        pipeline.tick("09:55");

        Incident incident = pipeline.onlyIncident();
        assertThat(incident.services()).containsExactly("deployer-api");
        assertThat(incident.triggerCandidates()).containsExactly(new TriggerCandidate(at("09:20"), "deployer-api",
                "GitHub deployment of acme/deployer-api main (f95f852) to production: success"));
    }

    @Test
    void shouldKeepIncidentOpenWhenQuietHasNotPassedSinceRecovery() {
        pipeline.send(failing("deployer-api", "09:29"), recovered("deployer-api", "10:00"));
        pipeline.tick("10:04");

        Incident incident = pipeline.onlyIncident();
        assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.end()).isNull();
        assertThat(incident.timeToRecoverSeconds()).isNull();
    }

    // ---- (b) seed 002: AMQP channel errors, nothing ever "recovers" ------------------------------

    @Test
    void shouldEndWithoutRecoveryAtTheLastErrorWhenAmqpErrorsGoQuiet() {
        String channelError = "Channel shutdown: channel error; protocol method: #method<channel.close>"
                + "(reply-code=406, reply-text=PRECONDITION_FAILED)";
        pipeline.send(
                error("amazonmq", "07:26", channelError).alerting().received("07:26:03"),
                error("amazonmq", "07:26:05", channelError).alerting().received("07:26:07"),
                error("amazonmq", "07:26:10", channelError).alerting().received("07:26:12"),
                error("amazonmq", "07:36", "SocketException: Connection reset").alerting());
        pipeline.tick("07:50");
        assertThat(pipeline.incidents()).singleElement().extracting(Incident::status)
                .as("last error 14 min ago: still within gap")
                .isEqualTo(IncidentStatus.OPEN);

        pipeline.tick("07:52");

        Incident incident = pipeline.onlyIncident();
        assertThat(incident.status()).isEqualTo(IncidentStatus.ENDED_WITHOUT_RECOVERY);
        assertThat(incident.begin()).isEqualTo(at("07:26"));
        assertThat(incident.detect()).isEqualTo(at("07:26:03"));
        assertThat(incident.end()).isEqualTo(at("07:36"));
        assertThat(incident.endInferred()).isTrue();
        assertThat(incident.timeToRecoverSeconds()).isEqualTo(600);
        assertThat(incident.entries()).filteredOn(e -> channelError.equals(e.summary())).singleElement()
                .satisfies(e -> {
                    assertThat(e.count()).isEqualTo(3);
                    assertThat(e.at()).isEqualTo(at("07:26"));
                    assertThat(e.lastAt()).isEqualTo(at("07:26:10"));
                    assertThat(e.marker()).isEqualTo(Marker.BEGIN);
                });
        assertThat(marked(incident, Marker.END).at()).isEqualTo(at("07:36"));
        assertThat(pipeline.alerts()).as("nobody recorded it by 07:41").singleElement()
                .satisfies(a -> {
                    assertThat(a.type()).isEqualTo(AlertType.RAISED);
                    assertThat(a.at()).isEqualTo(at("07:41"));
                });
    }

    @Test
    void shouldRaiseOnceAndGoOnWhenTheOutageBeganBetweenMilliseconds() {
        // Sentry sends microseconds; stream time has milliseconds. This once spun the stream thread for ever.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            pipeline.send(failing("generic-upload", "00:00:00.000250").source("probe").summary("bulk upload returns 500"));
            pipeline.tick("00:15");
            assertThat(pipeline.alerts()).as("due 250 ns after 00:15").isEmpty();
            pipeline.tick("00:16");

            assertThat(pipeline.alerts()).singleElement().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.RAISED);
                assertThat(a.at()).isEqualTo(at("00:15:00.000250"));
            });
        });
    }

    // ---- (c) seed 001: an outage nobody noticed ---------------------------------------------------

    @Test
    void shouldRaiseThenClearAnAlertWhenAnOutageIsRecordedHoursAfterGrace() {
        pipeline.send(failing("generic-upload", "00:00").source("probe").summary("bulk upload returns 500"));
        pipeline.tick("00:14");
        assertThat(pipeline.alerts()).as("grace not over yet").isEmpty();

        pipeline.tick("00:16");

        List<TestRecord<String, Alert>> raised = pipeline.alertRecords();
        assertThat(raised).singleElement().satisfies(r -> {
            Alert alert = r.value();
            assertThat(alert.type()).isEqualTo(AlertType.RAISED);
            assertThat(alert.at()).isEqualTo(at("00:15"));
            assertThat(alert.begin()).isEqualTo(at("00:00"));
            assertThat(alert.env()).isEqualTo("prod");
            assertThat(alert.services()).containsExactly("generic-upload");
            assertThat(r.key()).isEqualTo(alert.incidentId());
            assertThat(r.getRecordTime()).isEqualTo(at("00:15"));
        });
        Incident unrecorded = pipeline.onlyIncident();
        assertThat(unrecorded.id()).isEqualTo(raised.get(0).value().incidentId());
        assertThat(unrecorded.unrecordedAlertAt()).isEqualTo(at("00:15"));
        assertThat(unrecorded.recorded()).isNull();

        pipeline.tick("03:00", "06:00");
        assertThat(pipeline.alerts()).as("raised once, not on every tick").hasSize(1);

        pipeline.record(incidentRecord("TIS-101", "generic-upload", "09:44"));

        assertThat(pipeline.alerts()).extracting(Alert::type).containsExactly(AlertType.RAISED, AlertType.CLEARED);
        assertThat(pipeline.alerts().get(1).at()).isEqualTo(at("09:44"));
        Incident recorded = pipeline.onlyIncident();
        assertThat(recorded.recorded()).isEqualTo(at("09:44"));
        assertThat(recorded.timeToRecordSeconds()).isEqualTo(9 * 3600 + 44 * 60);
        assertThat(recorded.unrecordedAlertAt()).as("the draft still says how long it went unrecorded")
                .isEqualTo(at("00:15"));
        assertThat(marked(recorded, Marker.RECORDED).check()).isEqualTo("TIS-101");

        pipeline.tick("10:00");
        assertThat(pipeline.alerts()).hasSize(2);
    }

    @Test
    void shouldRaiseNoAlertWhenAnIncidentIsRecordedWithinGrace() {
        pipeline.send(failing("generic-upload", "00:00"));
        pipeline.record(incidentRecord("TIS-102", "generic-upload", "00:10"));
        pipeline.tick("00:16", "01:00");

        assertThat(pipeline.alerts()).isEmpty();
        assertThat(pipeline.onlyIncident().recorded()).isEqualTo(at("00:10"));
        assertThat(pipeline.onlyIncident().timeToRecordSeconds()).isEqualTo(600);
    }

    // ---- (d) a blip -------------------------------------------------------------------------------

    @Test
    void shouldRaiseNoAlertWhenTheOutageIsATwoMinuteBlip() {
        pipeline.send(failing("deployer-api", "10:00").alerting(), recovered("deployer-api", "10:02"));
        pipeline.tick("10:05", "10:10", "10:15", "10:20", "10:30", "11:00");

        assertThat(pipeline.alerts()).isEmpty();
        Incident blip = pipeline.onlyIncident();
        assertThat(blip.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(blip.timeToRecoverSeconds()).isEqualTo(120);
        assertThat(blip.unrecordedAlertAt()).isNull();
    }

    @Test
    void shouldRaiseNoAlertForABlipWhenOnlyAnotherServiceMovesStreamTime() {
        // A replay ticks once, at the end: stream time moves only with the signals themselves.
        pipeline.send(failing("deployer-api", "10:00").alerting(), recovered("deployer-api", "10:02"));
        pipeline.send(error("keycloak", "10:30", "token endpoint timed out"));

        assertThat(pipeline.alerts()).isEmpty();
        assertThat(pipeline.incidents()).filteredOn(i -> i.services().contains("deployer-api")).singleElement()
                .satisfies(i -> {
                    assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED);
                    assertThat(i.end()).isEqualTo(at("10:02"));
                });
    }

    @Test
    void shouldRaiseNoAlertForABlipWhenARecordMovesStreamTimeBeforeTheNextTick() {
        pipeline.send(failing("deployer-api", "10:00").alerting(), recovered("deployer-api", "10:02"));
        pipeline.record(maintenance("CHG-9", "keycloak", "10:30", "11:00", "12:00"));

        assertThat(pipeline.alerts()).isEmpty();
    }

    @Test
    void shouldResolveABlipWhenItsRecoveryIsDeliveredBeforeItsFailure() {
        // Pingdom's DOWN webhook failed once and was retried after the UP had been delivered.
        pipeline.send(recovered("deployer-api", "10:02"));
        pipeline.send(failing("deployer-api", "10:00").alerting());
        pipeline.tick("10:16", "11:00");

        Incident blip = pipeline.onlyIncident();
        assertThat(blip.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(blip.begin()).isEqualTo(at("10:00"));
        assertThat(blip.end()).isEqualTo(at("10:02"));
        assertThat(marked(blip, Marker.END).type()).isEqualTo(SignalType.RECOVERED);
        assertThat(pipeline.alerts()).isEmpty();
    }

    @Test
    void shouldRaiseNothingWhenErrorsStopAfterTwoMinutes() {
        pipeline.send(error("amazonmq", "10:00", "channel error 406"), error("amazonmq", "10:02", "channel error 406"));
        pipeline.tick("10:16", "10:20", "11:00");

        assertThat(pipeline.alerts()).isEmpty();
        assertThat(pipeline.onlyIncident().status()).isEqualTo(IncidentStatus.ENDED_WITHOUT_RECOVERY);
    }

    @Test
    void shouldRaiseWhenErrorsResumeAfterTheDueTimeAndHaveLastedLongEnough() {
        pipeline.send(error("amazonmq", "10:00", "channel error 406"), error("amazonmq", "10:02", "channel error 406"));
        pipeline.tick("10:15:30");
        assertThat(pipeline.alerts()).as("two minutes of errors, still within gap: not yet an outage").isEmpty();

        pipeline.send(error("amazonmq", "10:16", "channel error 406"));

        assertThat(pipeline.alerts()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(AlertType.RAISED);
            assertThat(a.at()).as("raised when the errors had lasted long enough").isEqualTo(at("10:16"));
        });
        assertThat(pipeline.onlyIncident().unrecordedAlertAt()).isEqualTo(at("10:16"));
    }

    // ---- (e) stage is not alerted on ---------------------------------------------------------------

    @Test
    void shouldRaiseNoAlertWhenTheSameFailureIsInStage() {
        pipeline.send(failing("generic-upload", "00:00").env("stage"));
        pipeline.tick("00:16", "01:00");

        assertThat(pipeline.alerts()).isEmpty();
        Incident incident = pipeline.onlyIncident();
        assertThat(incident.env()).isEqualTo("stage");
        assertThat(incident.status()).isEqualTo(IncidentStatus.OPEN);
        assertThat(incident.unrecordedAlertAt()).isNull();
    }

    // ---- (f) planned maintenance ---------------------------------------------------------------------

    @Test
    void shouldMarkTheIncidentPlannedAndRaiseNoAlertWhenMaintenanceCoversIt() {
        pipeline.record(maintenance("CHG-7", "deployer-api", "09:00", "09:50", "11:00"));
        pipeline.send(failing("deployer-api", "10:00").alerting());
        pipeline.tick("10:16", "10:30");
        pipeline.send(recovered("deployer-api", "10:40"));
        pipeline.tick("10:50");

        Incident incident = pipeline.onlyIncident();
        assertThat(incident.planned()).isTrue();
        assertThat(incident.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(pipeline.alerts()).isEmpty();
    }

    @Test
    void shouldStillAlertWhenMaintenanceCoversAnotherService() {
        pipeline.record(maintenance("CHG-8", "keycloak", "09:00", "09:50", "11:00"));
        pipeline.send(failing("deployer-api", "10:00"));
        pipeline.tick("10:16");

        assertThat(pipeline.onlyIncident().planned()).isFalse();
        assertThat(pipeline.alerts()).extracting(Alert::type).containsExactly(AlertType.RAISED);
    }

    // ---- (g) what fails together, but is unrelated -------------------------------------------------

    @Test
    void shouldDraftTwoIncidentsWhenTwoUnrelatedServicesFailAtTheSameTime() {
        pipeline.send(failing("checkout", "10:00"), failing("search", "10:00"));
        pipeline.send(recovered("checkout", "10:20"), recovered("search", "10:21"));
        pipeline.tick("10:30");

        List<Incident> incidents = pipeline.incidents();
        assertThat(incidents).hasSize(2);
        assertThat(incidents).extracting(Incident::id).doesNotHaveDuplicates();
        assertThat(incidents).extracting(Incident::services)
                .containsExactlyInAnyOrder(List.of("checkout"), List.of("search"));
        assertThat(incidents).allSatisfy(i -> assertThat(i.status()).isEqualTo(IncidentStatus.RESOLVED));
    }

    @Test
    void shouldMergeIntoOneIncidentWhenConnectedServicesFailTogether() {
        pipeline.close();
        Catalog uploadNeedsKeycloak = new Catalog("prod", List.of(
                new Catalog.Service("generic-upload", List.of("keycloak"))), List.of());
        pipeline = new Pipeline(stateDir.resolve("connected"), uploadNeedsKeycloak);

        pipeline.send(failing("keycloak", "10:00"), failing("generic-upload", "10:03"));
        pipeline.send(recovered("keycloak", "10:20"), recovered("generic-upload", "10:21"));
        pipeline.tick("10:30");

        Incident incident = pipeline.onlyIncident();
        assertThat(incident.services()).containsExactly("generic-upload", "keycloak");
        assertThat(incident.begin()).isEqualTo(at("10:00"));
        assertThat(incident.end()).isEqualTo(at("10:21"));
    }

    // ---- (h) vendor retries --------------------------------------------------------------------------

    @Test
    void shouldCountASignalOnceWhenTheSameSignalIsDeliveredTwice() {
        Signal first = error("amazonmq", "07:26", "channel error 406").build();
        pipeline.send(first);
        pipeline.send(first);
        pipeline.tick("07:45");

        Incident incident = pipeline.onlyIncident();
        assertThat(incident.entries()).filteredOn(e -> e.type() == SignalType.ERROR).singleElement()
                .extracting(Entry::count).isEqualTo(1);
        assertThat(pipeline.outcomes("DUPLICATE")).isEqualTo(1.0);
        assertThat(pipeline.outcomes("OPENED_EPISODE")).isEqualTo(1.0);
    }

    // ---- (i) revisions -------------------------------------------------------------------------------

    @Test
    /**
     * Every change counts a revision, and a commit sends only the last revision of each incident
     * (the driver commits after every input, and one input can change an incident twice), so the
     * numbers emitted rise but may skip.
     */
    void shouldNumberRevisionsInRisingOrderAndEmitNothingWhenAnIdenticalSignalIsRedelivered() {
        Signal recovery = recovered("deployer-api", "10:20").build();
        pipeline.send(failing("deployer-api", "10:00"));
        pipeline.tick("10:05");
        pipeline.send(recovery);
        pipeline.tick("10:26");

        List<Incident> revisions = pipeline.revisions();
        assertThat(revisions).extracting(Incident::id).containsOnly(revisions.get(0).id());
        assertThat(revisions).extracting(Incident::revision).isSortedAccordingTo(Long::compare)
                .doesNotHaveDuplicates().startsWith(1L);
        assertThat(revisions).last().extracting(Incident::status).isEqualTo(IncidentStatus.RESOLVED);
        int emitted = revisions.size();

        pipeline.send(recovery);
        pipeline.tick("10:40");

        assertThat(pipeline.revisions()).hasSize(emitted);
    }

    @Test
    void shouldKeepADeployInTheTimelineWhenALateFailingMovesBeginBeforeIt() {
        pipeline.send(change("deployer-api", "09:27", "deploy 1.2.3"), failing("deployer-api", "09:29"),
                failing("deployer-api", "09:20").check("alb-health").summary("ALB unhealthy"));

        Incident i = pipeline.onlyIncident();
        assertThat(i.begin()).isEqualTo(at("09:20"));
        assertThat(i.triggerCandidates()).extracting(TriggerCandidate::summary).doesNotContain("deploy 1.2.3");
        assertThat(i.entries()).anyMatch(e -> e.type() == SignalType.CHANGE && "deploy 1.2.3".equals(e.summary())
                && e.at().equals(at("09:27")));
    }

    @Test
    void shouldMoveBeginEarlierInANewRevisionWhenALateFailingArrives() {
        pipeline.send(failing("deployer-api", "10:00").alerting());
        Incident before = pipeline.onlyIncident();

        pipeline.send(failing("deployer-api", "09:50").check("alb-deployer-api").source("cloudwatch")
                .summary("ALB target unhealthy"));

        Incident after = pipeline.onlyIncident();
        assertThat(after.id()).isEqualTo(before.id());
        assertThat(after.revision()).isEqualTo(before.revision() + 1);
        assertThat(after.begin()).isEqualTo(at("09:50"));
        assertThat(marked(after, Marker.BEGIN).source()).isEqualTo("cloudwatch");
        assertThat(after.timeToDetectSeconds()).isEqualTo(600);
    }

    @Test
    void shouldMeasureTimeToAcknowledgeWhenThePageIsAcked() {
        pipeline.send(failing("deployer-api", "09:29").alerting().received("09:29:04"),
                ack("deployer-api", "09:33:04"));

        Incident incident = pipeline.onlyIncident();
        assertThat(incident.ack()).isEqualTo(at("09:33:04"));
        assertThat(incident.timeToAcknowledgeSeconds()).isEqualTo(240);
        assertThat(marked(incident, Marker.ACK).at()).isEqualTo(at("09:33:04"));
    }

    // ---- (j) replays are byte-identical ------------------------------------------------------------

    @Test
    void shouldEmitByteIdenticalIncidentsWhenTheSameInputRunsThroughTwoFreshDrivers() {
        Map<String, String> first = replay(stateDir.resolve("first"));
        Map<String, String> second = replay(stateDir.resolve("second"));

        assertThat(first).hasSize(2);
        assertThat(second).isEqualTo(first);
    }

    /** Runs a mixed morning through a fresh driver; the final incident JSON per id. */
    private static Map<String, String> replay(Path dir) {
        try (Pipeline p = new Pipeline(dir, null)) {
            TestOutputTopic<String, byte[]> raw = p.driver.createOutputTopic(Topics.INCIDENTS,
                    new StringDeserializer(), new ByteArrayDeserializer());
            p.send(change("deployer-api", "09:27", "deleted ECS service deployer-api"),
                    failing("deployer-api", "09:29").alerting().received("09:29:04"),
                    error("amazonmq", "09:30", "channel error 406").alerting(),
                    error("amazonmq", "09:31", "channel error 406").alerting(),
                    ack("deployer-api", "09:35"));
            p.record(incidentRecord("OPS-1", "deployer-api", "09:40"));
            p.tick("09:50");
            p.send(recovered("deployer-api", "10:00"));
            p.tick("10:06", "11:00");
            Map<String, String> latest = new LinkedHashMap<>();
            raw.readKeyValuesToList().forEach(kv -> latest.put(kv.key, new String(kv.value, StandardCharsets.UTF_8)));
            return latest;
        }
    }

    // ---- (k) naming --------------------------------------------------------------------------------

    @Test
    void shouldNameEveryNodeAndStoreWhenTheTopologyIsDescribed() {
        String description = TimelineTopology.build(CorrelationSettings.defaults(),
                new SimpleMeterRegistry()).describe().toString();

        assertThat(description).doesNotContain("KSTREAM-").doesNotContain("KTABLE-");
        assertThat(description).contains(StoreNames.EPISODES, StoreNames.INCIDENTS, StoreNames.ENV_CONTEXT,
                StoreNames.CATALOG, Topics.SIGNALS, Topics.RECORDS, Topics.INCIDENTS, Topics.ALERTS, Topics.CATALOG);
    }
}
