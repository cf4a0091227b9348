package timelines.app.soak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Incident;
import timelines.contracts.IncidentStatus;
import timelines.contracts.Json;
import timelines.contracts.Marker;
import timelines.contracts.SignalType;

class DraftScanTest {
    private static final Instant T = Instant.parse("2026-12-03T07:03:57Z");

    @TempDir
    Path out;

    private static Incident.Entry line(SignalType type, Marker marker, String summary, int count) {
        return new Incident.Entry(T, marker, type, "soak", "checkout", type == null ? null : "http", summary, count, T,
                null);
    }

    private static Incident incident(String id, List<Incident.Entry> entries, int omitted) {
        return new Incident(id, 3, "soak-3", "checkout", IncidentStatus.OPEN, false, List.of("checkout"), T, T, null,
                null, null, false, 0L, null, null, null, null, null, List.of(), entries, omitted);
    }

    @Test
    void countsSignalLinesAndTheirRepeatsButNotTheMarkerLinesThatQuoteThem() throws Exception {
        Path dir = Files.createDirectories(out.resolve("soak-3"));
        Files.write(dir.resolve("2026-12-03-checkout-1.json"), Json.mapper().writeValueAsBytes(incident("a", List.of(
                line(SignalType.FAILING, Marker.BEGIN, "failing soak#3.0", 1),
                line(null, Marker.DETECT, "Detected: failing soak#3.0", 1),
                line(SignalType.ERROR, null, "error soak#3.1", 2),
                line(SignalType.ERROR, null, "someone else's error", 1)), 4)));

        DraftScan scan = DraftScan.of(out);

        assertThat(scan.occurrences()).isEqualTo(Map.of("3.0", 1, "3.1", 2));
        assertThat(scan.drafts()).isEqualTo(1);
        assertThat(scan.omitted()).isEqualTo(4);
        assertThat(scan.unreadable()).isEmpty();
    }

    @Test
    void reportsADraftThatIsNotAWholeIncidentAndSkipsTheWritersHiddenFiles() throws Exception {
        Path dir = Files.createDirectories(out.resolve("soak-4"));
        byte[] whole = Json.mapper().writeValueAsBytes(incident("b", List.of(
                line(SignalType.FAILING, Marker.BEGIN, "failing soak#4.0", 1)), 0));
        Files.write(dir.resolve("2026-12-03-checkout-2.json"), java.util.Arrays.copyOf(whole, whole.length / 2));
        Files.write(dir.resolve(".2026-12-03-checkout-2.json.5f0c.tmp"), whole);

        DraftScan scan = DraftScan.of(out);

        assertThat(scan.unreadable()).singleElement().asString().startsWith("soak-4/2026-12-03-checkout-2.json: ");
        assertThat(scan.occurrences()).isEmpty();
    }
}
