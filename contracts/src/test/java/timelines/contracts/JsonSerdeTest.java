package timelines.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import timelines.contracts.Incident.DetectedBy;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;

/** Every wire record survives JSON and back, and the same value always gives the same bytes. */
class JsonSerdeTest {
    private static final Instant BEGIN = Instant.parse("2016-09-05T09:29:00Z");
    private static final Instant DETECT = Instant.parse("2016-09-05T09:29:04Z");
    private static final Instant END = Instant.parse("2016-09-05T10:00:00Z");
    private static final Instant DEPLOY = Instant.parse("2016-09-05T09:27:00Z");

    @Test
    void signalRoundTrips() {
        Signal failing = pingdomFailing(Map.of("region", "eu-west-1", "check_type", "http"));

        Signal back = roundTrip(failing, Signal.class);

        assertThat(back).isEqualTo(failing);
        assertThat(back.labels()).containsEntry("region", "eu-west-1");
        assertThat(back.skewed()).isTrue();
    }

    @Test
    void tickRoundTripsAndStaysATick() {
        Signal tick = Signal.tick(END);

        Signal back = roundTrip(tick, Signal.class);

        assertThat(back).isEqualTo(tick);
        assertThat(back.isTick()).isTrue();
        assertThat(json(tick)).doesNotContain("\"tick\":");
    }

    @Test
    void recordRoundTrips() {
        Record record = new Record("INC-42", RecordType.INCIDENT, "prod", List.of("deployer-api", "keycloak"),
                Instant.parse("2016-09-05T09:35:00Z"), BEGIN, END, "Deployer API down",
                "https://status.example.com/incidents/42");

        Record back = roundTrip(record, Record.class);

        assertThat(back).isEqualTo(record);
        assertThat(back.services()).containsExactly("deployer-api", "keycloak");
    }

    @Test
    void rawDeliveryWithJsonBodyRoundTrips() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("check_id", 12345);
        body.put("check_name", "deployer-api");
        body.put("current_state", "DOWN");
        body.putObject("description").put("text", "HTTP 503");
        RawDelivery delivery = new RawDelivery(DETECT, "pingdom", Map.of("content-type", "application/json"), body,
                null);

        RawDelivery back = roundTrip(delivery, RawDelivery.class);

        assertThat(back).isEqualTo(delivery);
        assertThat(back.body().path("description").path("text").asText()).isEqualTo("HTTP 503");
        assertThat(json(delivery)).as("a null reason is left out, as on a capture line").doesNotContain("reason");
    }

    @Test
    void rawDeliveryWithTextBodyRoundTrips() {
        String line = "2016-09-05 07:26:01 ERROR Channel shutdown: channel error; protocol method: "
                + "#method<channel.close>(reply-code=406, reply-text=PRECONDITION_FAILED)";
        RawDelivery delivery = new RawDelivery(DETECT, "amqp", Map.of(), new TextNode(line), null)
                .rejected("no vhost in line");

        RawDelivery back = roundTrip(delivery, RawDelivery.class);

        assertThat(back).isEqualTo(delivery);
        assertThat(back.body().isTextual()).isTrue();
        assertThat(back.body().asText()).isEqualTo(line);
        assertThat(back.reason()).isEqualTo("no vhost in line");
    }

    @Test
    void incidentWithTimelineRoundTrips() {
        Incident incident = deployerApiIncident();

        Incident back = roundTrip(incident, Incident.class);

        assertThat(back).isEqualTo(incident);
        assertThat(back.entries()).extracting(Entry::marker)
                .containsExactly(Marker.BEGIN, Marker.DETECT, Marker.END);
        assertThat(back.triggerCandidates()).containsExactly(
                new TriggerCandidate(DEPLOY, "deployer-api", "wl deploy deployer-api"));
        assertThat(back.detectedBy()).isEqualTo(new DetectedBy("pingdom", "deployer-api", "deployer-api is down"));
    }

    @Test
    void incidentWritesInstantsAsIsoStrings() {
        String json = json(deployerApiIncident());

        assertThat(json)
                .contains("\"begin\":\"2016-09-05T09:29:00Z\"")
                .contains("\"detect\":\"2016-09-05T09:29:04Z\"")
                .contains("\"timeToRecoverSeconds\":1860")
                .contains("\"status\":\"RESOLVED\"");
    }

    @Test
    void alertRoundTrips() {
        Alert alert = new Alert(AlertType.RAISED, "a1b2", "prod", List.of("generic-upload"),
                Instant.parse("2016-09-05T00:15:00Z"), Instant.parse("2016-09-05T00:00:00Z"),
                "no incident recorded within 15 min of BEGIN");

        Alert back = roundTrip(alert, Alert.class);

        assertThat(back).isEqualTo(alert);
    }

    @Test
    void sameValueSerializesToIdenticalBytes() {
        Map<String, String> forwards = new LinkedHashMap<>();
        forwards.put("a", "1");
        forwards.put("m", "2");
        forwards.put("z", "3");
        Map<String, String> backwards = new LinkedHashMap<>();
        backwards.put("z", "3");
        backwards.put("m", "2");
        backwards.put("a", "1");
        JsonSerde<Signal> serde = JsonSerde.of(Signal.class);

        byte[] first = serde.serialize(Topics.SIGNALS, pingdomFailing(forwards));
        byte[] second = serde.serialize(Topics.SIGNALS, pingdomFailing(backwards));
        byte[] again = serde.serialize(Topics.SIGNALS, pingdomFailing(forwards));

        assertThat(second).isEqualTo(first);
        assertThat(again).isEqualTo(first);
        JsonSerde<Incident> incidents = JsonSerde.of(Incident.class);
        assertThat(incidents.serialize(Topics.INCIDENTS, deployerApiIncident()))
                .isEqualTo(incidents.serialize(Topics.INCIDENTS, deployerApiIncident()));
    }

    @Test
    void unknownFieldsAreIgnoredOnRead() {
        String json = """
                {"id":"s1","source":"pingdom","type":"FAILING","env":"prod","service":"deployer-api",
                 "check":"12345","observedAt":"2016-09-05T09:29:00Z","receivedAt":"2016-09-05T09:29:04Z",
                 "alerting":true,"summary":"down","labels":{},"skewed":false,
                 "addedInV2":"something new","nested":{"deep":[1,2,3]}}
                """;

        Signal read = JsonSerde.of(Signal.class).deserialize(Topics.SIGNALS, json.getBytes(StandardCharsets.UTF_8));

        assertThat(read.id()).isEqualTo("s1");
        assertThat(read.type()).isEqualTo(SignalType.FAILING);
        assertThat(read.observedAt()).isEqualTo(BEGIN);
        assertThat(read.receivedAt()).isEqualTo(DETECT);
    }

    @Test
    void unknownFieldsInNestedRecordsAreIgnoredOnRead() {
        String json = """
                {"id":"i1","revision":2,"env":"prod","status":"OPEN","futureMarker":"X",
                 "entries":[{"at":"2016-09-05T09:29:00Z","marker":"BEGIN","type":"FAILING","count":1,
                             "severityV2":"critical"}]}
                """;

        Incident read = JsonSerde.of(Incident.class)
                .deserialize(Topics.INCIDENTS, json.getBytes(StandardCharsets.UTF_8));

        assertThat(read.revision()).isEqualTo(2);
        assertThat(read.entries()).singleElement().extracting(Entry::marker).isEqualTo(Marker.BEGIN);
    }

    @Test
    void nullsPassThroughAsKafkaTombstones() {
        JsonSerde<Incident> serde = JsonSerde.of(Incident.class);

        assertThat(serde.serialize(Topics.INCIDENTS, null)).isNull();
        assertThat(serde.deserialize(Topics.INCIDENTS, null)).isNull();
    }

    @Test
    void unreadableBytesFailWithTheTopicAndType() {
        JsonSerde<Signal> serde = JsonSerde.of(Signal.class);
        byte[] garbage = "{not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> serde.deserialize(Topics.SIGNALS, garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Signal")
                .hasMessageContaining(Topics.SIGNALS);
    }

    private static Signal pingdomFailing(Map<String, String> labels) {
        return new Signal("sig-1", "pingdom", SignalType.FAILING, "prod", "deployer-api", "12345", BEGIN, DETECT,
                true, "critical", "deployer-api is down", "https://my.pingdom.com/12345", labels, true);
    }

    private static Incident deployerApiIncident() {
        List<Entry> entries = List.of(
                new Entry(BEGIN, Marker.BEGIN, SignalType.FAILING, "pingdom", "deployer-api", "12345",
                        "deployer-api is down", 1, BEGIN, "https://my.pingdom.com/12345"),
                new Entry(DETECT, Marker.DETECT, null, "pingdom", "deployer-api", null,
                        "Detected: deployer-api is down", 1, DETECT, null),
                new Entry(END, Marker.END, SignalType.RECOVERED, "pingdom", "deployer-api", "12345",
                        "deployer-api is up", 1, END, null));
        return new Incident("inc-1", 3, "prod", "deployer-api (prod): deployer-api is down", IncidentStatus.RESOLVED,
                false, List.of("deployer-api"), BEGIN, DETECT, null, null, END, false, 4L, null, null, 1860L,
                new DetectedBy("pingdom", "deployer-api", "deployer-api is down"), null,
                List.of(new TriggerCandidate(DEPLOY, "deployer-api", "wl deploy deployer-api")), entries, 0);
    }

    private static <T> T roundTrip(T value, Class<T> type) {
        JsonSerde<T> serde = JsonSerde.of(type);
        return serde.deserialize("any", serde.serialize("any", value));
    }

    private static String json(Object value) {
        @SuppressWarnings("unchecked")
        JsonSerde<Object> serde = (JsonSerde<Object>) JsonSerde.of(value.getClass());
        return new String(serde.serialize("any", value), StandardCharsets.UTF_8);
    }
}
