package timelines.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelines.ingest.delivery.TimeBounds.Verdict;

class TimeBoundsTest {
    static final Instant RECEIVED = Instant.parse("2016-09-05T09:45:00Z");

    @ParameterizedTest(name = "event time {0}: {1}")
    @CsvSource({
        "2016-09-05T09:29:00Z, KEPT",
        "2016-09-05T09:50:00Z, KEPT",
        "2016-09-05T09:50:00.001Z, CLAMPED_TO_RECEIPT",
        "9999-12-31T23:59:59Z, CLAMPED_TO_RECEIPT",
        "+10000-01-01T00:00:00Z, CLAMPED_TO_RECEIPT",
        "1970-01-01T00:00:00Z, KEPT",
        "1969-12-31T23:59:59.999Z, BEFORE_1970",
        "-0001-01-01T00:00:00Z, BEFORE_1970"
    })
    void boundsAnEventTimeByItsReceipt(String time, Verdict expected) {
        assertThat(TimeBounds.event(Instant.parse(time), RECEIVED)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "scheduled time {0}: {1}")
    @CsvSource({
        "2016-09-05T22:00:00Z, KEPT",
        "2010-01-01T00:00:00Z, KEPT",
        "2017-09-05T09:45:00Z, KEPT",
        "2017-09-06T09:45:00.001Z, TOO_FAR_AHEAD",
        "9999-12-31T23:59:59Z, TOO_FAR_AHEAD",
        "1969-12-31T23:59:59Z, BEFORE_1970"
    })
    void letsAMaintenanceWindowLieAheadUpToAYear(String time, Verdict expected) {
        assertThat(TimeBounds.scheduled(Instant.parse(time), RECEIVED)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "receipt {0}: {1}")
    @CsvSource({
        "2016-09-05T09:45:00Z, KEPT",
        "2001-01-01T00:00:00Z, KEPT",
        "2030-01-01T00:00:00Z, KEPT",
        "1970-01-01T00:00:00Z, KEPT",
        "1969-12-31T23:59:59Z, BEFORE_1970"
    })
    void refusesOnlyAReceiptBefore1970SinceAReplayMayLieAnywhereInTime(String receipt, Verdict expected) {
        assertThat(TimeBounds.receipt(Instant.parse(receipt))).isEqualTo(expected);
    }
}
