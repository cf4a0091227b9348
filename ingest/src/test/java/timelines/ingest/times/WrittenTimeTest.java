package timelines.ingest.times;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WrittenTimeTest {
    private static final long DAY = Duration.ofDays(1).toSeconds();

    @ParameterizedTest(name = "{0} + {1} s = {2}")
    @CsvSource(delimiter = '|', value = {
            // ISO-8601 with Z: Alertmanager, PagerDuty, Sentry, the project's own formats
            "2021-06-04T13:35:29.781Z            | 3600      | 2021-06-04T14:35:29.781Z",
            // nanoseconds, as Go writes them (Grafana), kept digit for digit
            "2022-06-17T00:51:24.067337833Z      | 60        | 2022-06-17T00:52:24.067337833Z",
            // an offset with a colon: the local time moves, the offset stays
            "2021-10-12T09:51:03.157076+02:00    | 86400     | 2021-10-13T09:51:03.157076+02:00",
            // CloudWatch's and Jira's offset without a colon
            "2023-03-06T07:26:10.512+0000        | -3600     | 2023-03-06T06:26:10.512+0000",
            "2017-01-30T18:30:41.962+0100        | 1         | 2017-01-30T18:30:42.962+0100",
            // Uptime Kuma's SQL form, UTC without a zone, with and without millis
            "2023-03-06 07:26:00.123             | 600       | 2023-03-06 07:36:00.123",
            "2023-03-06 23:59:59                 | 1         | 2023-03-07 00:00:00",
            // Pingdom's state_changed_utc_time: ISO without a zone
            "2016-09-05T09:29:00                 | 59        | 2016-09-05T09:29:59",
            // a log header's comma fraction and short offset
            "2019-06-21 11:50:32,727-05          | 30        | 2019-06-21 11:51:02,727-05",
            // Azure's seven-digit fraction; an offset after a space
            "2019-03-22T13:58:24.3713213Z        | 60        | 2019-03-22T13:59:24.3713213Z",
            "2025-05-02 12:30:19 +0000           | 3600      | 2025-05-02 13:30:19 +0000",
            "2025-05-02 12:30:19 -0700           | -19       | 2025-05-02 12:30:00 -0700",
            // across a month, a year and a leap day
            "2016-02-28T23:00:00Z                | 7200      | 2016-02-29T01:00:00Z",
            "2022-12-31T23:59:30Z                | 45        | 2023-01-01T00:00:15Z",
            "2024-03-01T00:00:00Z                | -86400    | 2024-02-29T00:00:00Z"})
    void movesTheTimeAndKeepsItsShape(String text, long seconds, String expected) {
        assertThat(WrittenTime.shift(text, seconds)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2016-09-05T09:29:00Z", "2023-03-06 07:26:00.123", "2021-10-12T09:51:03.157076+02:00"})
    void aShiftThereAndBackIsNoShift(String text) {
        long years = 7 * 365 * DAY + 12_345;
        assertThat(WrittenTime.shift(WrittenTime.shift(text, years), -years)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "now", "1473067740", "2016-09-05", "09:29:00", "2016-09-05T09:29", "2016-13-05T09:29:00Z",
            "2016-09-05T09:29:00 UTC", "Mon, 05 Sep 2016 09:29:00 GMT", "*alertDateTime*"})
    void anythingElseIsNotATimeItWrites(String text) {
        assertThat(WrittenTime.shift(text, 60)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {" 2023-03-06 07:26:00.123", "2023-03-06 07:26:00.123 "})
    void surroundingSpaceIsKept(String text) {
        assertThat(WrittenTime.shift(text, 60)).isEqualTo(text.replace("07:26", "07:27"));
    }
}
