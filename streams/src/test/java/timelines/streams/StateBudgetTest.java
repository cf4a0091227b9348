package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.contracts.SignalType;
import timelines.streams.episodes.Episode;

class StateBudgetTest {
    private static final Instant T0 = Instant.parse("2026-01-01T09:00:00Z");

    private static Episode episode(String id, int entries, int summaryChars) {
        List<Entry> lines = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            lines.add(new Entry(T0.plusSeconds(i), null, SignalType.ERROR, "sentry", "api", "c" + i,
                    "x".repeat(summaryChars), 1, T0.plusSeconds(i), null));
        }
        return new Episode(id, "prod", "api", T0, null, false, null, Map.of(), T0, null, null, null, lines, 3,
                List.of());
    }

    @Test
    void shouldLeaveAnIncidentWithinItsBudgetAlone() {
        List<Episode> small = List.of(episode("a", 10, 100), episode("b", 10, 100));
        assertThat(StateBudget.fitIncident(small)).isSameAs(small);
    }

    @Test
    void shouldTrimTheLargestEpisodesLatestLinesAndCountThem() {
        List<Episode> big = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            big.add(episode("e" + i, 200, 400));
        }
        List<Episode> fitted = StateBudget.fitIncident(big);

        assertThat(fitted.stream().mapToInt(StateBudget::chars).sum()).isLessThanOrEqualTo(StateBudget.INCIDENT_CHARS);
        for (int i = 0; i < fitted.size(); i++) {
            Episode before = big.get(i);
            Episode after = fitted.get(i);
            assertThat(after.entries()).as("the earliest lines stay").isEqualTo(
                    before.entries().subList(0, after.entries().size()));
            assertThat(after.entries().size() + after.entriesOmitted())
                    .as("every line dropped is counted").isEqualTo(before.entries().size() + before.entriesOmitted());
        }
    }

    @Test
    void shouldFoldChecksPastTheCapIntoOne() {
        Map<String, Object> checks = new HashMap<>();
        for (int i = 0; i < StateBudget.EPISODE_CHECKS; i++) {
            assertThat(StateBudget.checkIn(checks, "c" + i)).isEqualTo("c" + i);
            checks.put("c" + i, 1);
        }
        assertThat(StateBudget.checkIn(checks, "c5")).as("a check it follows").isEqualTo("c5");
        assertThat(StateBudget.checkIn(checks, "new")).isEqualTo(StateBudget.OTHER_CHECKS);
    }

    @Test
    void shouldKeepTheRecordsMostLikelyToMarkAnOpenIncident() {
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < StateBudget.ENV_RECORDS + 1; i++) {
            records.add(new Record("r" + i, RecordType.INCIDENT, "prod", List.of(), T0.plusSeconds(i), null, null, "t",
                    null));
        }
        // Opened first, but its maintenance window ends last.
        records.set(0, new Record("r0", RecordType.MAINTENANCE, "prod", List.of(), T0, T0, T0.plusSeconds(86_400),
                "upgrade", null));
        List<Record> kept = StateBudget.capRecords(records);
        assertThat(kept).hasSize(StateBudget.ENV_RECORDS).extracting(Record::id).contains("r0").doesNotContain("r1");
    }
}
