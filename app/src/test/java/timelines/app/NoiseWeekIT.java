package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.replay.Replayer;
import timelines.bench.noise.NoiseWeek;
import timelines.bench.noise.NoiseWeek.PlantedOutage;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;
import timelines.contracts.Incident;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;
import timelines.streams.CorrelationSettings;

/**
 * A week of a kube-prometheus-stack cluster's noise, with Sentry and PagerDuty beside it
 * ({@link NoiseWeek}: the Watchdog every 10 minutes, InfoInhibitor, info and warning alerts as
 * Alertmanager delivers them, warning-level Sentry issue alerts and isolated errors, low-urgency
 * pages), and seven real outages planted in it, replayed through the whole pipeline. DESIGN 5a:
 * only the planted outages are outages; the rest is kept as warning incidents; the unrecorded-outage
 * alert fires for the outages nobody recorded and for nothing else; the warnings before an outage
 * are listed on it; the same capture gives the same bytes.
 */
class NoiseWeekIT {
    static final long SEED = 13;

    @TempDir
    static Path dir;
    static Path capture;
    static Catalog catalog;
    static NoiseWeek.Outcome planted;
    static Replayer.Result first;

    @BeforeAll
    static void replayTheWeek() throws Exception {
        NoiseWeek.Capture week = new NoiseWeek(SEED).write(dir.resolve("week"));
        capture = dir.resolve("week/capture.jsonl");
        catalog = CatalogLoader.load(dir.resolve("week/catalog.yaml"));
        planted = week.outcome();
        first = Replayer.replay(capture, dir.resolve("first"), catalog, CorrelationSettings.defaults(), System.err);
        System.err.println(first.summaryLine());
    }

    @Test
    void theWeekIsNoisyAndEveryDeliveryIsTakenOnlyInfoInhibitorAloneIgnored() {
        assertThat(planted.deliveries()).isGreaterThan(1_500);
        assertThat(planted.outages()).hasSize(7);
        assertThat(first.deliveries()).isEqualTo(planted.deliveries());
        assertThat(first.rejected()).isEmpty();
        assertThat(first.ignored()).as("notifications of InfoInhibitor (severity none) alone").isEqualTo(planted.ignored())
                .isPositive();
        assertThat(first.accepted()).isEqualTo(planted.deliveries() - planted.ignored());
        assertThat(first.incidents().stream().filter(i -> !i.isOutage()).count())
                .as("the week's warnings are kept, as warning incidents").isGreaterThan(50);
    }

    @Test
    void onlyThePlantedOutagesAreOutages() {
        List<Incident> outages = first.incidents().stream().filter(Incident::isOutage).toList();

        assertThat(outages).as("outages: %s", describe(outages)).hasSize(planted.outages().size());
        for (PlantedOutage p : planted.outages()) {
            assertThat(outageOf(p)).as(p.story()).isNotNull();
        }
    }

    @Test
    void onlyThePlantedOutagesGetAMarkdownPostmortem() throws Exception {
        Set<String> markdown;
        try (Stream<Path> files = Files.list(dir.resolve("first"))) {
            markdown = files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".md"))
                    .map(n -> n.substring(0, n.length() - ".md".length())).collect(Collectors.toSet());
        }
        Set<String> outageIds = planted.outages().stream().map(NoiseWeekIT::outageOf).map(Incident::id)
                .collect(Collectors.toSet());

        assertThat(markdown).as("Markdown drafts").isEqualTo(outageIds);
        assertThat(first.incidents()).filteredOn(i -> !i.isOutage())
                .allSatisfy(i -> assertThat(dir.resolve("first").resolve(i.id() + ".json")).exists());
    }

    @Test
    void theUnrecordedOutageAlertFiresExactlyForThePlantedOutagesNobodyRecordedInTime() {
        Map<String, List<Alert>> byIncident = new TreeMap<>();
        first.alerts().stream().filter(a -> a.type() != AlertType.SILENT)
                .forEach(a -> byIncident.computeIfAbsent(a.incidentId(), k -> new ArrayList<>()).add(a));
        Set<String> raised = first.alerts().stream().filter(a -> a.type() == AlertType.RAISED).map(Alert::incidentId)
                .collect(Collectors.toSet());

        Set<String> expected = planted.unrecorded().stream().map(p -> outageOf(p).id()).collect(Collectors.toSet());
        assertThat(raised).as("raised: %s", byIncident).isEqualTo(expected);
        assertThat(planted.unrecorded()).extracting(PlantedOutage::recording)
                .contains(NoiseWeek.Recording.NEVER, NoiseWeek.Recording.LATE);
        for (PlantedOutage p : planted.unrecorded()) {
            Incident i = outageOf(p);
            List<Alert> alerts = byIncident.get(i.id());
            assertThat(alerts.get(0).type()).isEqualTo(AlertType.RAISED);
            assertThat(alerts.get(0).at()).as(p.story()).isEqualTo(p.begin().plus(Duration.ofMinutes(15)));
            if (p.recording() == NoiseWeek.Recording.LATE) {
                assertThat(alerts).as(p.story()).extracting(Alert::type).containsExactly(AlertType.RAISED, AlertType.CLEARED);
                assertThat(alerts.get(1).at()).isEqualTo(p.recordedAt());
            } else {
                assertThat(alerts).as(p.story()).hasSize(1);
            }
        }
    }

    @Test
    void outagesRecordedInTimeCarryTheirRecordedMarkerAndRaiseNothing() {
        List<PlantedOutage> promptly = planted.outages().stream()
                .filter(p -> p.recording() == NoiseWeek.Recording.PROMPTLY).toList();

        assertThat(promptly).isNotEmpty();
        for (PlantedOutage p : promptly) {
            Incident i = outageOf(p);
            assertThat(i.recorded()).as(p.story()).isEqualTo(p.recordedAt());
            assertThat(i.unrecordedAlertAt()).as(p.story()).isNull();
        }
    }

    @Test
    void theWatchdogOpensNothingAndIsNeverTakenForSilence() {
        assertThat(planted.heartbeats()).isGreaterThan(1_000);
        assertThat(first.incidents()).as("incidents with the Watchdog in them")
                .noneMatch(i -> i.services().contains("Watchdog") || i.entries().stream()
                        .anyMatch(e -> "Watchdog".equals(e.service()) || String.valueOf(e.summary())
                                .contains("certify that Alertmanager is working")));
        assertThat(first.alerts()).noneMatch(a -> a.type() == AlertType.SILENT);
    }

    @Test
    void theWarningsBeforeAnOutageAreListedOnItAsEarlyWarnings() {
        for (PlantedOutage p : planted.outages()) {
            Incident i = outageOf(p);
            assertThat(i.earlyWarnings()).as("%s (begin %s)", p.story(), p.begin())
                    .extracting(w -> new NoiseWeek.EarlyWarning(w.at(), w.source(), w.service(), w.severity(), w.summary()))
                    .containsExactlyElementsOf(p.earlyWarnings());
            p.earlyWarnings().forEach(w -> assertThat(w.at()).isBefore(p.begin()).isAfterOrEqualTo(p.begin()
                    .minus(Duration.ofHours(6))));
        }
        assertThat(planted.outages()).as("outages with early warnings")
                .filteredOn(p -> !p.earlyWarnings().isEmpty()).hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void replayingTheWeekTwiceGivesByteIdenticalOutput() throws Exception {
        Replayer.replay(capture, dir.resolve("second"), catalog, CorrelationSettings.defaults(), System.err);

        Map<String, byte[]> a = files(dir.resolve("first"));
        Map<String, byte[]> b = files(dir.resolve("second"));
        assertThat(b.keySet()).isEqualTo(a.keySet());
        assertThat(a).hasSizeGreaterThan(100);
        a.forEach((name, bytes) -> assertThat(b.get(name)).as(name).isEqualTo(bytes));
    }

    private static Map<String, byte[]> files(Path d) throws Exception {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> s = Files.list(d)) {
            for (Path p : s.toList()) {
                out.put(p.getFileName().toString(), Files.readAllBytes(p));
            }
        }
        return out;
    }

    /** The one outage incident of a planted outage: its env, its service, its BEGIN. */
    static Incident outageOf(PlantedOutage p) {
        List<Incident> matching = first.incidents().stream()
                .filter(i -> i.isOutage() && i.env().equals(p.env()) && i.services().contains(p.service())
                        && p.begin().equals(i.begin()))
                .toList();
        assertThat(matching).as("the outage incident of %s (%s, begin %s) among %s", p.story(), p.service(), p.begin(),
                describe(first.incidents().stream().filter(Incident::isOutage).toList())).hasSize(1);
        return matching.get(0);
    }

    static String describe(List<Incident> incidents) {
        return incidents.stream().map(i -> i.services() + " " + i.begin() + "–" + i.end() + " " + i.severity()
                + (i.recorded() != null ? " recorded " + i.recorded() : "")).collect(Collectors.joining("; ", "[", "]"));
    }
}
