package timelines.ingest.rollbar;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.ingest.Fixtures;
import timelines.ingest.delivery.Normalization;

class RollbarNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2018-01-10T01:00:00Z");
    private final RollbarNormalizer normalizer = new RollbarNormalizer("prod");

    private Normalization normalize(JsonNode body) {
        return normalizer.normalize(new RawDelivery(RECEIVED, RollbarNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization fixture(String file) {
        return normalize(Fixtures.json("rollbar/" + file));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // fixture                        | type      | service         | check     | at (unix s)| severity | alerting | summary
        "zulip-new_item.json              | ERROR     | rollbar:162774  | 496445267 | 1515470048 | error    | true     | An Error",
        "zulip-every_occurrence.json      | ERROR     | rollbar:162774  | 496735830 | 1515545958 | error    | true     | new again again",
        "zulip-high_occurrence_rate.json  | ERROR     | rollbar:162774  | 495300143 | 1515471152 | critical | true     | All set.",
        "docs-exp_repeat_item.json        | ERROR     | rollbar:90      | 272716944 | 1382656140 | error    | true     | testing aobg98wrwe",
        "zulip-resolved_item.json         | RECOVERED | rollbar:162774  | 495300143 |            | error    | true     | resolved: All set.",
        "docs-deploy.json                 | CHANGE    | rollbar:90      | deploy    | 1382656039 |          | false    | Rollbar deploy e4b9b7db860b to production by brian: deploying webs"})
    void readsEachPublishedDelivery(String file, String type, String service, String check, Long at, String severity,
            boolean alerting, String summary) {
        Normalization n = fixture(file);

        assertThat(n.isRejected()).as(n.rejectedReason()).isFalse();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type().name()).isEqualTo(type);
            assertThat(s.source()).isEqualTo("rollbar");
            assertThat(s.env()).isEqualTo("production");
            assertThat(s.service()).isEqualTo(service);
            assertThat(s.check()).isEqualTo(check);
            assertThat(s.observedAt()).isEqualTo(at == null ? RECEIVED : Instant.ofEpochSecond(at));
            assertThat(s.severity()).isEqualTo(severity);
            assertThat(s.alerting()).isEqualTo(alerting);
            assertThat(s.summary()).isEqualTo(summary);
        });
    }

    @Test
    void theSameOccurrenceNotifiedTwiceOrRetriedIsOneSignal() {
        Signal retried = fixture("zulip-new_item.json").signals().get(0);
        assertThat(fixture("zulip-new_item.json").signals().get(0).id()).isEqualTo(retried.id());
        assertThat(fixture("zulip-every_occurrence.json").signals().get(0).id()).isNotEqualTo(retried.id());
        assertThat(fixture("docs-deploy.json").signals().get(0).id())
                .isEqualTo(fixture("docs-deploy.json").signals().get(0).id());
    }

    @Test
    void aDeployAndTheErrorsOfTheSameProjectShareAService() {
        assertThat(fixture("docs-deploy.json").signals().get(0).service())
                .isEqualTo(fixture("docs-exp_repeat_item.json").signals().get(0).service());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"event_name\":\"test\",\"data\":{\"message\":\"hi\"}}|ignored|'test'",
        "{\"data\":{}}|rejected|'event_name'",
        "{\"event_name\":\"new_item\",\"data\":{}}|rejected|'item'",
        "{\"event_name\":\"new_item\",\"data\":{\"item\":{\"id\":1,\"project_id\":2}}}|rejected|'last_occurrence_timestamp'",
        "{\"event_name\":\"deploy\",\"data\":{\"deploy\":{\"id\":1,\"project_id\":2,\"finish_time\":\"soon\"}}}|rejected|'finish_time'",
        "\"text\"|rejected|event_name"})
    void otherEventsAreIgnoredAndOtherShapesRejected(String body, String outcome, String reason) {
        Normalization n = normalize(Fixtures.parse(body));

        assertThat(outcome.equals("ignored") ? n.ignoredReason() : n.rejectedReason()).contains(reason);
    }
}
