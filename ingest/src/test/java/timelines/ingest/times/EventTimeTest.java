package timelines.ingest.times;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.ingest.Fixtures;
import timelines.ingest.delivery.Payload;

/** The time shapes the vendors publish, each read as the instant it names. */
class EventTimeTest {
    private static JsonNode body(String json) {
        return Fixtures.parse(json);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            // ISO-8601 with Z, up to nine digits (Honeybadger six, Azure seven, Go nine)
            "2020-03-14T12:24:34.153649Z         | 2020-03-14T12:24:34.153649Z",
            "2019-03-22T13:58:24.3713213Z        | 2019-03-22T13:58:24.371321300Z",
            "2022-06-17T00:51:24.067337833Z      | 2022-06-17T00:51:24.067337833Z",
            // an offset with and without a colon (CloudWatch, Jira)
            "2021-10-12T09:51:03.157076+02:00    | 2021-10-12T07:51:03.157076Z",
            "2015-06-03T17:43:27.123+0000        | 2015-06-03T17:43:27.123Z",
            "2017-01-30T18:30:41.962+0100        | 2017-01-30T17:30:41.962Z",
            // a space for T and before the offset
            "2025-05-02 12:30:19 +0000           | 2025-05-02T12:30:19Z",
            "2025-05-02 12:30:19 -0700           | 2025-05-02T19:30:19Z",
            "2025-05-02 12:30:19+00:00           | 2025-05-02T12:30:19Z"})
    void readsEachPublishedTextShape(String text, String expected) {
        assertThat(EventTime.parseText(text)).isEqualTo(Instant.parse(expected));
        assertThat(EventTime.text(body("{\"t\":\"" + text + "\"}"), "t", "")).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2025-05-02 12:30:19", "2025-05-02 12:30:19 UTC", "yesterday", "2025-13-02T00:00:00Z", "2025-05-02T12:30:19 +25"})
    void refusesTextWithoutAZoneOrNotATime(String text) {
        assertThat(EventTime.parseText(text)).isNull();
        assertThatThrownBy(() -> EventTime.text(body("{\"t\":\"" + text + "\"}"), "t", " in 'x'"))
                .isInstanceOf(Payload.Invalid.class).hasMessageContaining("field 't' in 'x'");
    }

    @Test
    void millisecondsAsANumberOrAStringOfDigits() {
        Instant expected = Instant.parse("2020-06-03T20:43:05Z");
        assertThat(EventTime.epochMillis(body("{\"t\":1591216985000}"), "t", "")).isEqualTo(expected);
        assertThat(EventTime.epochMillis(body("{\"t\":\"1591216985000\"}"), "t", "")).isEqualTo(expected);
        assertThat(EventTime.epochMillis(body("{\"t\":null}"), "t", "")).isNull();
        assertThat(EventTime.epochMillis(body("{}"), "t", "")).isNull();
        assertThatThrownBy(() -> EventTime.epochMillis(body("{\"t\":\"$DATE\"}"), "t", ""))
                .hasMessageContaining("epoch milliseconds");
        assertThatThrownBy(() -> EventTime.epochMillis(body("{\"t\":-5}"), "t", ""))
                .isInstanceOf(Payload.Invalid.class);
    }

    @Test
    void secondsAsANumberWithOrWithoutAFractionOrAString() {
        assertThat(EventTime.epochSeconds(body("{\"t\":1746178794}"), "t", ""))
                .isEqualTo(Instant.parse("2025-05-02T09:39:54Z"));
        assertThat(EventTime.epochSeconds(body("{\"t\":\"1746178794\"}"), "t", ""))
                .isEqualTo(Instant.parse("2025-05-02T09:39:54Z"));
        assertThat(EventTime.epochSeconds(body("{\"t\":1576838299.5}"), "t", ""))
                .isEqualTo(Instant.parse("2019-12-20T10:38:19.500Z"));
        assertThat(EventTime.epochSeconds(body("{\"t\":0}"), "t", "")).as("0 is Cloud Monitoring's 'no time'").isNull();
        assertThat(EventTime.epochSeconds(body("{\"t\":null}"), "t", "")).isNull();
        assertThatThrownBy(() -> EventTime.epochSeconds(body("{\"t\":\"soon\"}"), "t", " in 'incident'"))
                .hasMessage("field 't' in 'incident' must be epoch seconds; was \"soon\"");
        assertThatThrownBy(() -> EventTime.epochSeconds(body("{\"t\":1e300}"), "t", ""))
                .isInstanceOf(Payload.Invalid.class);
    }
}
