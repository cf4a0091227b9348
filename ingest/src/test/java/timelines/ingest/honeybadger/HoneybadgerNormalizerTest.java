package timelines.ingest.honeybadger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.ingest.Fixtures;
import timelines.ingest.delivery.Normalization;

class HoneybadgerNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2026-01-05T10:10:00Z");

    private final HoneybadgerNormalizer normalizer = new HoneybadgerNormalizer("prod");

    private static JsonNode fixture(String name) {
        return Fixtures.json("honeybadger/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, HoneybadgerNormalizer.SOURCE, Map.of(), body, null));
    }

    private Signal only(JsonNode body) {
        return Fixtures.onlySignal(normalize(body, RECEIVED));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "-", delimiter = ';', textBlock = """
            zulip-downtime.json       ; FAILING   ; critical ; 2020-03-14T12:24:34.153649Z ; prod        ; Resume Builder ; ff71a50d-dc88-448b-8a1b-97587d8c0fb9
            up-after-downtime.json    ; RECOVERED ; critical ; 2020-03-14T12:29:41.388220Z ; prod        ; Resume Builder ; ff71a50d-dc88-448b-8a1b-97587d8c0fb9
            zulip-error-occurred.json ; ERROR     ; -        ; 2020-03-14T12:27:00.386268Z ; development ; My Project     ; 61726306
            zulip-error-resolved.json ; RECOVERED ; -        ; receipt                     ; development ; My Project     ; 61726306
            """)
    void everyFixtureBecomesItsSignal(String name, String type, String severity, String observedAt, String env,
            String service, String check) {
        Signal s = only(fixture(name));

        assertThat(s.source()).isEqualTo("honeybadger");
        assertThat(s.type().name()).isEqualTo(type);
        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.observedAt()).isEqualTo("receipt".equals(observedAt) ? RECEIVED : Instant.parse(observedAt));
        assertThat(s.receivedAt()).isEqualTo(RECEIVED);
        assertThat(s.env()).isEqualTo(env);
        assertThat(s.service()).isEqualTo(service);
        assertThat(s.check()).isEqualTo(check);
        assertThat(s.alerting()).isTrue();
    }

    @ParameterizedTest(name = "{0} is ignored")
    @CsvSource(delimiter = ';', textBlock = """
            zulip-uptime-integration-test.json ; no outage
            joshuap-gist-assigned.json         ; 'assigned'
            """)
    void whatIsNotAChangeIsIgnored(String name, String reason) {
        Normalization n = normalize(fixture(name), RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains(reason);
    }

    @Test
    void theResolvedBodyNamesItsProjectOnlyInItsMessage() {
        Signal occurred = only(fixture("zulip-error-occurred.json"));
        Signal resolved = only(fixture("zulip-error-resolved.json"));

        assertThat(resolved.service()).as("[My Project/development] at the head of the message")
                .isEqualTo(occurred.service());
        assertThat(resolved.check()).isEqualTo(occurred.check());
        assertThat(resolved.env()).isEqualTo(occurred.env());
        assertThat(resolved.labels()).containsEntry("resolved_by", "Joerge").containsEntry("class", "RuntimeError");
    }

    @Test
    void aSiteGoesDownAndUpOnOneCheck() {
        Signal down = only(fixture("zulip-downtime.json"));
        Signal up = only(fixture("up-after-downtime.json"));

        assertThat(up.check()).isEqualTo(down.check());
        assertThat(up.id()).isNotEqualTo(down.id());
        assertThat(down.labels()).containsEntry("status", "503").containsEntry("project", "My Project")
                .containsEntry("url", "https://resume-builder-v1.herokuapp.com/");
    }

    @Test
    void aRateExceededNoticeIsTheSameSignalAsItsOccurrence() {
        ObjectNode rate = (ObjectNode) fixture("zulip-error-occurred.json");
        rate.put("event", "rate_exceeded");

        assertThat(only(rate).id()).isEqualTo(only(fixture("zulip-error-occurred.json")).id());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zulip-downtime.json", "up-after-downtime.json", "zulip-error-occurred.json",
            "zulip-error-resolved.json"})
    void aRetryGivesTheSameId(String name) {
        String first = normalize(fixture(name), RECEIVED).signals().get(0).id();
        String retry = normalize(fixture(name), RECEIVED.plusSeconds(30)).signals().get(0).id();

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void aResolutionAfterANewNoticeIsANewSignal() {
        ObjectNode again = (ObjectNode) fixture("zulip-error-resolved.json");
        ((ObjectNode) again.get("fault")).put("last_notice_at", "2020-03-15T08:00:00.000000Z");

        assertThat(only(again).id()).isNotEqualTo(only(fixture("zulip-error-resolved.json")).id());
    }

    @Test
    void aV2ResolvedBodyWithProjectNameUsesIt() {
        ObjectNode body = (ObjectNode) fixture("zulip-error-resolved.json");
        ((ObjectNode) body.get("fault")).put("project_name", "Checkout");

        assertThat(only(body).service()).isEqualTo("Checkout");
    }

    @Test
    void aNoticeWithoutItsTimeTakesTheFaultsLastNotice() {
        ObjectNode body = (ObjectNode) fixture("zulip-error-occurred.json");
        body.remove("notice");

        Signal s = only(body);

        assertThat(s.observedAt()).isEqualTo(Instant.parse("2020-03-14T12:27:00.386268Z"));
    }

    @Test
    void rejectsWhatIsNotAHoneybadgerWebhook() {
        assertThat(normalize(Fixtures.parse("{\"message\":\"x\"}"), RECEIVED).rejectedReason())
                .isEqualTo("missing required field 'event'");
        ObjectNode noSite = (ObjectNode) fixture("zulip-downtime.json");
        noSite.remove("site");
        assertThat(normalize(noSite, RECEIVED).rejectedReason()).isEqualTo("missing required field 'site'");
        ObjectNode badTime = (ObjectNode) fixture("zulip-downtime.json");
        ((ObjectNode) badTime.get("outage")).put("down_at", "Sat, 14 Mar 2020 12:24:33 GMT");
        assertThat(normalize(badTime, RECEIVED).rejectedReason()).contains("field 'down_at' in 'outage'");
    }
}
