package timelines.ingest.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.ingest.Fixtures;
import timelines.ingest.delivery.Normalization;

class StatuspageNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2017-12-26T10:00:00Z");
    private final StatuspageNormalizer normalizer = new StatuspageNormalizer("prod");

    private Normalization normalize(JsonNode body) {
        return normalizer.normalize(new RawDelivery(RECEIVED, StatuspageNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization fixture(String file) {
        return normalize(Fixtures.json("statuspage/" + file));
    }

    @Test
    void anIncidentIsAnIncidentRecordOfItsComponents() {
        assertThat(fixture("zulip-incident_created.json").records()).containsExactly(new Record(
                "statuspage:z3lct0r596n4", RecordType.INCIDENT, "prod", List.of("Management Portal (example)"),
                Instant.parse("2017-12-26T07:32:00.507Z"), null, null, "Database query delays",
                "http://stspg.io/646947c1e"));
    }

    @Test
    void itsResolutionIsTheSameRecordWithItsEnd() {
        Record created = fixture("zulip-incident_created.json").records().get(0);
        Record resolved = fixture("zulip-incident_update.json").records().get(0);

        assertThat(resolved.key()).isEqualTo(created.key());
        assertThat(resolved.openedAt()).isEqualTo(created.openedAt());
        assertThat(resolved.end()).isEqualTo(Instant.parse("2017-12-26T07:37:20.785Z"));
    }

    @Test
    void aScheduledMaintenanceIsAMaintenanceRecordWithItsWindow() {
        assertThat(fixture("maintenance-scheduled.json").records()).containsExactly(new Record(
                "statuspage:md4t4ym7nytd", RecordType.MAINTENANCE, "prod", List.of("Database component"),
                Instant.parse("2017-12-26T09:00:00.375Z"), Instant.parse("2017-12-28T02:00:00Z"),
                Instant.parse("2017-12-28T04:00:00Z"), "Database upgrade", "http://stspg.io/md4t4ym7nytd"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // fixture                     | type      | severity | at
        "component-major-outage.json   | FAILING   | critical | 2017-12-26T07:59:09.379Z",
        "component-operational.json    | RECOVERED |          | 2017-12-26T08:41:12.098Z"})
    void aComponentUpdateIsAFailureOrARecovery(String file, String type, String severity, String at) {
        Normalization n = fixture(file);

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type().name()).isEqualTo(type);
            assertThat(s.service()).isEqualTo("Database component");
            assertThat(s.check()).isEqualTo("sqm6pl84wzjc");
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.severity()).isEqualTo(severity);
            assertThat(s.observedAt()).isEqualTo(Instant.parse(at));
            assertThat(s.alerting()).isTrue();
        });
    }

    @ParameterizedTest
    @CsvSource({"major_outage, critical", "partial_outage, error", "degraded_performance, warning"})
    void outagesAreFailingBySeverity(String status, String severity) {
        String body = Fixtures.text("statuspage/zulip-component_status_update.json").replace("under_maintenance", status);

        assertThat(normalize(Fixtures.parse(body)).signals()).singleElement()
                .satisfies(s -> assertThat(s.severity()).isEqualTo(severity));
    }

    @Test
    void aComponentUnderMaintenanceIsIgnoredAndRetriesKeepTheirId() {
        assertThat(fixture("zulip-component_status_update.json").ignoredReason()).contains("'under_maintenance'");
        assertThat(fixture("component-major-outage.json").signals().get(0).id())
                .isEqualTo(fixture("component-major-outage.json").signals().get(0).id())
                .isNotEqualTo(fixture("component-operational.json").signals().get(0).id());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"meta\":{},\"page\":{}}|neither",
        "{\"incident\":{\"name\":\"x\"}}|'id'",
        "{\"incident\":{\"id\":\"a\",\"created_at\":\"yesterday\"}}|'created_at'",
        "{\"component_update\":{\"new_status\":\"major_outage\"}}|'component'",
        "[]|incident"})
    void otherShapesAreRejected(String body, String reason) {
        assertThat(normalize(Fixtures.parse(body)).rejectedReason()).contains(reason);
    }
}
