package timelines.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.ingest.delivery.RecordGuard.Guarded;

class RecordGuardTest {
    static final Instant RECEIVED = Instant.parse("2016-09-05T09:45:00Z");
    static final Instant OPENED = Instant.parse("2016-09-05T09:31:00Z");

    static Record incident(Instant openedAt) {
        return new Record("INC-1", RecordType.INCIDENT, "prod", List.of("deployer-api"), openedAt, null, null,
                "Deployer API down", "https://status.example.com/1");
    }

    static Record maintenance(Instant start, Instant end) {
        return new Record("MW-1", RecordType.MAINTENANCE, "prod", List.of("amazonmq"), OPENED, start, end,
                "Broker upgrade", null);
    }

    @Test
    void leavesAnOrdinaryRecordAlone() {
        Record r = incident(OPENED);

        Guarded g = RecordGuard.apply(r, RECEIVED, "");

        assertThat(g.record()).isSameAs(r);
        assertThat(g.adjustments()).isEmpty();
        assertThat(g.refused()).isNull();
    }

    @Test
    void clampsAnOpeningDated9999ToTheReceipt() {
        Guarded g = RecordGuard.apply(incident(Instant.parse("9999-12-31T23:59:59Z")), RECEIVED, "");

        assertThat(g.adjustments()).containsExactly(Adjustment.CLAMPED_FUTURE_TIME);
        assertThat(g.record().openedAt()).isEqualTo(RECEIVED);
        assertThat(g.record().id()).isEqualTo("INC-1");
        assertThat(g.record().title()).isEqualTo("Deployer API down");
    }

    @Test
    void keepsAnOpeningFiveMinutesAheadOfReceipt() {
        Instant ahead = RECEIVED.plus(TimeBounds.MAX_SKEW);

        assertThat(RecordGuard.apply(incident(ahead), RECEIVED, "").record().openedAt()).isEqualTo(ahead);
    }

    @Test
    void refusesAnOpeningBefore1970() {
        Guarded g = RecordGuard.apply(incident(Instant.parse("1960-01-01T00:00:00Z")), RECEIVED, " (item 1)");

        assertThat(g.record()).isNull();
        assertThat(g.refused()).isEqualTo(new Refused(Rejection.TIME_BEFORE_1970,
                "field 'openedAt' (item 1) is before 1970: 1960-01-01T00:00:00Z"));
    }

    @Test
    void keepsAMaintenanceWindowScheduledNextMonth() {
        Record r = maintenance(Instant.parse("2016-10-01T22:00:00Z"), Instant.parse("2016-10-01T23:00:00Z"));

        assertThat(RecordGuard.apply(r, RECEIVED, "").record()).isSameAs(r);
    }

    @Test
    void refusesAMaintenanceWindowEndingMoreThanAYearAhead() {
        Guarded g = RecordGuard.apply(maintenance(Instant.parse("2016-10-01T22:00:00Z"),
                Instant.parse("9999-12-31T23:59:59Z")), RECEIVED, "");

        assertThat(g.refused()).isEqualTo(new Refused(Rejection.TIME_TOO_FAR_AHEAD,
                "field 'end' is more than a year ahead of receipt: 9999-12-31T23:59:59Z"));
    }

    @Test
    void refusesAMaintenanceWindowStartingBefore1970() {
        Guarded g = RecordGuard.apply(maintenance(Instant.parse("1969-01-01T00:00:00Z"), null), RECEIVED, "");

        assertThat(g.refused().rejection()).isEqualTo(Rejection.TIME_BEFORE_1970);
        assertThat(g.refused().message()).contains("'start'");
    }

    @Test
    void refusesAnIdOverItsLimitRatherThanCutIt() {
        Record r = new Record("I".repeat(Record.MAX_ID + 1), RecordType.INCIDENT, "prod", List.of(), OPENED, null,
                null, null, null);

        Guarded g = RecordGuard.apply(r, RECEIVED, "");

        assertThat(g.refused().rejection()).isEqualTo(Rejection.FIELD_TOO_LONG);
        assertThat(g.refused().message()).contains("'id'").contains("201 characters");
    }

    @Test
    void refusesMoreServicesThanARecordMayName() {
        Record r = new Record("INC-1", RecordType.INCIDENT, "prod",
                Collections.nCopies(Record.MAX_SERVICES + 1, "api"), OPENED, null, null, null, null);

        Guarded g = RecordGuard.apply(r, RECEIVED, "");

        assertThat(g.refused().rejection()).isEqualTo(Rejection.TOO_MANY_SERVICES);
        assertThat(g.refused().message()).contains("101 services").contains("whole env");
    }

    @Test
    void cutsTheOtherFieldsAndKeepsNamesOnOneLine() {
        Record r = new Record("INC-1", RecordType.INCIDENT, "prod\n", List.of("api\nINFO forged", "s".repeat(500)),
                OPENED, null, null, "t".repeat(10_000), "https://x/" + "l".repeat(100_000));

        Guarded g = RecordGuard.apply(r, RECEIVED, "");

        assertThat(g.adjustments()).containsExactlyInAnyOrder(Adjustment.TRIMMED_WHITESPACE,
                Adjustment.REPLACED_CONTROL_CHARACTERS, Adjustment.TRUNCATED_SERVICE, Adjustment.TRUNCATED_TITLE,
                Adjustment.TRUNCATED_LINK);
        assertThat(g.record().env()).isEqualTo("prod");
        assertThat(g.record().services()).containsExactly("api\uFFFDINFO forged",
                "s".repeat(Record.MAX_NAME - 1) + "…");
        assertThat(g.record().title()).hasSize(Record.MAX_TITLE);
        assertThat(g.record().link()).hasSize(Record.MAX_LINK);
        assertThat(g.record().openedAt()).isEqualTo(OPENED);
    }
}
