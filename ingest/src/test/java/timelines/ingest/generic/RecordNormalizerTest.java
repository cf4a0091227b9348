package timelines.ingest.generic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.ingest.delivery.Normalization;

class RecordNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2016-09-05T09:45:00Z");

    private final RecordNormalizer normalizer = new RecordNormalizer("prod");

    private static ObjectNode object(String text) {
        return (ObjectNode) parse(text);
    }

    private static com.fasterxml.jackson.databind.JsonNode parse(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private Normalization normalize(String body) {
        return normalizer.normalize(new RawDelivery(RECEIVED, RecordNormalizer.SOURCE, Map.of(), parse(body), null));
    }

    @Test
    void readsADeclaredIncident() {
        Normalization n = normalize("""
                {"id":"INC-2016-09-05","type":"INCIDENT","env":"prod","services":["deployer-api","keycloak"],
                 "openedAt":"2016-09-05T09:41:00Z","start":"2016-09-05T09:29:00Z",
                 "title":"Deployer API down","link":"https://status.example.com/incidents/1"}
                """);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.records()).containsExactly(new Record("INC-2016-09-05", RecordType.INCIDENT, "prod",
                List.of("deployer-api", "keycloak"), Instant.parse("2016-09-05T09:41:00Z"),
                Instant.parse("2016-09-05T09:29:00Z"), null, "Deployer API down",
                "https://status.example.com/incidents/1"));
    }

    @Test
    void readsAMaintenanceWindowInAnyCase() {
        Normalization n = normalize("""
                {"id":"MW-7","type":"maintenance","services":["amazonmq"],
                 "start":"2016-09-05T22:00:00Z","end":"2016-09-05T23:00:00Z"}
                """);

        assertThat(n.records()).singleElement().satisfies(r -> {
            assertThat(r.type()).isEqualTo(RecordType.MAINTENANCE);
            assertThat(r.start()).isEqualTo(Instant.parse("2016-09-05T22:00:00Z"));
            assertThat(r.end()).isEqualTo(Instant.parse("2016-09-05T23:00:00Z"));
            assertThat(r.covers("amazonmq")).isTrue();
            assertThat(r.covers("keycloak")).isFalse();
        });
    }

    @Test
    void readsAnArrayOfRecords() {
        Normalization n = normalize("""
                [{"id":"INC-1","type":"INCIDENT"},{"id":"MW-1","type":"MAINTENANCE","env":"stage"}]
                """);

        assertThat(n.records()).extracting(Record::id).containsExactly("INC-1", "MW-1");
        assertThat(n.records()).extracting(Record::key).containsExactly("prod|INC-1", "stage|MW-1");
    }

    @Test
    void defaultsOpenedAtToReceiptAndEnvToTheConfiguredDefault() {
        Normalization n = new RecordNormalizer("live").normalize(new RawDelivery(RECEIVED, RecordNormalizer.SOURCE,
                Map.of(), parse("{\"id\":\"INC-1\",\"type\":\"INCIDENT\"}"), null));

        assertThat(n.records()).singleElement().satisfies(r -> {
            assertThat(r.openedAt()).isEqualTo(RECEIVED);
            assertThat(r.env()).isEqualTo("live");
            assertThat(r.services()).as("no services means the whole env").isEmpty();
            assertThat(r.covers("anything")).isTrue();
            assertThat(r.start()).isNull();
            assertThat(r.end()).isNull();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "type"})
    void rejectsARecordMissingARequiredField(String field) {
        ObjectNode body = object("{\"id\":\"INC-1\",\"type\":\"INCIDENT\"}");
        body.remove(field);

        Normalization n = normalize(body.toString());

        assertThat(n.isRejected()).isTrue();
        assertThat(n.records()).isEmpty();
        assertThat(n.rejectedReason()).contains("missing required field '" + field + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"id", "type"})
    void rejectsAnArrayItemMissingARequiredFieldNamingTheItem(String field) {
        ObjectNode second = object("{\"id\":\"INC-2\",\"type\":\"INCIDENT\"}");
        second.remove(field);

        Normalization n = normalize("[{\"id\":\"INC-1\",\"type\":\"INCIDENT\"}," + second + "]");

        assertThat(n.records()).isEmpty();
        assertThat(n.rejectedReason()).contains("'" + field + "'").contains("item 1");
    }

    @Test
    void rejectsAnUnknownType() {
        Normalization n = normalize("{\"id\":\"INC-1\",\"type\":\"OUTAGE\"}");

        assertThat(n.rejectedReason()).contains("'type'").contains("INCIDENT or MAINTENANCE").contains("OUTAGE");
    }

    @Test
    void rejectsServicesThatAreNotAnArray() {
        Normalization n = normalize("{\"id\":\"INC-1\",\"type\":\"INCIDENT\",\"services\":\"deployer-api\"}");

        assertThat(n.rejectedReason()).contains("'services'").contains("array");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "{\"name\":\"keycloak\"}", "\"  \"", "[\"keycloak\"]", "42", "1e400"})
    void rejectsAServiceThatIsNotAName(String service) {
        Normalization n = normalize("[{\"id\":\"INC-1\",\"type\":\"INCIDENT\"},"
                + "{\"id\":\"INC-2\",\"type\":\"INCIDENT\",\"services\":[\"deployer-api\"," + service + "]}]");

        assertThat(n.records()).isEmpty();
        assertThat(n.rejectedReason()).contains("'services'").contains("item 1").contains("service names");
    }

    @Test
    void rejectsAnEndBeforeTheStart() {
        Normalization n = normalize("""
                {"id":"MW-1","type":"MAINTENANCE","start":"2016-09-05T23:00:00Z","end":"2016-09-05T22:00:00Z"}
                """);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("'end'").contains("before 'start'");
    }

    @Test
    void acceptsAnEmptyWindowWhereEndEqualsStart() {
        Normalization n = normalize("""
                {"id":"MW-1","type":"MAINTENANCE","start":"2016-09-05T22:00:00Z","end":"2016-09-05T22:00:00Z"}
                """);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.records()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "id       | 42",
        "env      | 1e400",
        "title    | {}",
        "link     | []",
        "openedAt | 1473067740",
        "start    | []",
        "end      | true"
    })
    void rejectsAFieldOfAnotherTypeThanDocumented(String field, String value) {
        // As sent: 1e400 written back by Jackson would be the string "Infinity".
        String body = field.equals("id") ? "{\"id\":" + value + ",\"type\":\"INCIDENT\"}"
                : "{\"id\":\"INC-1\",\"type\":\"INCIDENT\",\"" + field + "\":" + value + "}";

        Normalization n = normalize(body);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).startsWith("field '" + field + "' must be");
    }

    @Test
    void rejectsAnOpenedAtThatIsNotATime() {
        Normalization n = normalize("{\"id\":\"INC-1\",\"type\":\"INCIDENT\",\"openedAt\":\"yesterday\"}");

        assertThat(n.rejectedReason()).contains("'openedAt'").contains("yesterday");
    }

    @ParameterizedTest
    @ValueSource(strings = {"[]", "\"INC-1\"", "7"})
    void rejectsABodyThatIsNotARecordOrANonEmptyArray(String body) {
        Normalization n = normalize(body);

        assertThat(n.rejectedReason()).contains("expected a record object");
    }

    @Test
    void ignoresUnknownFields() {
        Normalization n = normalize("{\"id\":\"INC-1\",\"type\":\"INCIDENT\",\"severity\":\"SEV1\",\"x\":{\"y\":[1]}}");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.records()).singleElement().extracting(Record::id).isEqualTo("INC-1");
    }
}
