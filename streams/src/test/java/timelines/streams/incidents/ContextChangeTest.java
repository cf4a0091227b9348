package timelines.streams.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import timelines.contracts.Incident;
import timelines.contracts.Incident.Entry;
import timelines.contracts.Incident.TriggerCandidate;
import timelines.contracts.Record;
import timelines.contracts.RecordType;
import timelines.streams.CorrelationSettings;
import timelines.streams.episodes.Episode;
import timelines.streams.episodes.EpisodeVerdict;

/**
 * {@link ContextChange#mayChange} may say yes too often (that only costs two builds), never no
 * for an incident that the change makes read differently: checked on random incidents, records
 * and changes against {@link IncidentBuilder} itself.
 */
class ContextChangeTest {
    private static final Instant T0 = Instant.parse("2024-05-06T10:00:00Z");
    private static final CorrelationSettings SETTINGS = CorrelationSettings.defaults();
    /** a depends on core; b and c depend on nothing. */
    private static final ServiceGraph GRAPH = new ServiceGraph() {
        @Override
        public boolean connected(String x, String y) {
            return x.equals(y) || (x.equals("a") && y.equals("core")) || (x.equals("core") && y.equals("a"));
        }

        @Override
        public java.util.Set<String> dependenciesOf(String service) {
            return service.equals("a") ? java.util.Set.of("core") : java.util.Set.of();
        }
    };
    private static final String[] SERVICES = {"a", "b", "c", "core"};

    private static Episode episode(String service, Instant begin, Instant end) {
        List<Entry> entries = List.of(new Entry(begin, null, null, "pingdom", service, "check", service + " is down", 1,
                begin, null));
        return new Episode("ep-" + service + "-" + begin.getEpochSecond(), "prod", service, begin, end, false,
                end == null ? null : EpisodeVerdict.CLOSED_QUIET_AFTER_RECOVERY, null, null, begin, null, null, entries,
                0, List.of());
    }

    @Test
    void shouldNeverSayNoForAnIncidentThatReadsDifferently() {
        SplittableRandom random = new SplittableRandom(3);
        int yes = 0;
        int differing = 0;
        for (int round = 0; round < 3_000; round++) {
            List<Episode> episodes = new ArrayList<>();
            Instant begin = T0.plus(Duration.ofMinutes(random.nextInt(600)));
            for (int k = 1 + random.nextInt(2); k > 0; k--) {
                Instant b = begin.plus(Duration.ofMinutes(random.nextInt(30)));
                Instant end = random.nextInt(3) == 0 ? null : b.plus(Duration.ofMinutes(5 + random.nextInt(120)));
                episodes.add(episode(SERVICES[random.nextInt(SERVICES.length)], b, end));
            }
            List<Record> records = new ArrayList<>();
            List<TriggerCandidate> changes = new ArrayList<>();
            for (int k = random.nextInt(4); k > 0; k--) {
                records.add(record(random, "r" + k));
            }
            for (int k = random.nextInt(4); k > 0; k--) {
                changes.add(change(random));
            }
            EnvContext before = new EnvContext(records, changes);
            List<Record> afterRecords = new ArrayList<>(records);
            List<TriggerCandidate> afterChanges = new ArrayList<>(changes);
            switch (random.nextInt(4)) {
                case 0 -> afterRecords.add(record(random, "new"));
                case 1 -> afterChanges.add(change(random));
                case 2 -> {
                    if (!afterRecords.isEmpty()) {
                        afterRecords.set(0, record(random, afterRecords.get(0).id()));
                    }
                }
                default -> {
                    if (!afterChanges.isEmpty()) {
                        afterChanges.remove(0);
                    }
                }
            }
            EnvContext after = new EnvContext(afterRecords, afterChanges);
            boolean reads = !build(episodes, before).equals(build(episodes, after));
            boolean may = ContextChange.between(before, after).mayChange(episodes, GRAPH);
            assertThat(!reads || may).as("round %d: %s -> %s over %s", round, before, after, episodes).isTrue();
            yes += may ? 1 : 0;
            differing += reads ? 1 : 0;
        }
        // The test means something only if both answers occur, and the filter spares builds.
        assertThat(differing).isGreaterThan(100);
        assertThat(yes).isGreaterThan(differing).isLessThan(2_700);
    }

    @Test
    void shouldSayNoForADeployOfAnUnrelatedServiceAndYesForADependency() {
        List<Episode> episodes = List.of(episode("a", T0, T0.plus(Duration.ofMinutes(30))));
        EnvContext before = new EnvContext(List.of(), List.of());
        EnvContext unrelated = new EnvContext(List.of(), List.of(new TriggerCandidate(T0.minusSeconds(60), "b", "x")));
        EnvContext dependency = new EnvContext(List.of(),
                List.of(new TriggerCandidate(T0.minusSeconds(60), "core", "x")));

        assertThat(ContextChange.between(before, unrelated).mayChange(episodes, GRAPH)).isFalse();
        assertThat(ContextChange.between(before, dependency).mayChange(episodes, GRAPH)).isTrue();
        assertThat(build(episodes, dependency)).isNotEqualTo(build(episodes, before));
    }

    @Test
    void shouldSayNoForARecordOpenedFarFromTheIncident() {
        List<Episode> episodes = List.of(episode("b", T0, T0.plus(Duration.ofMinutes(30))));
        EnvContext before = new EnvContext(List.of(), List.of());
        Record far = new Record("r", RecordType.INCIDENT, "prod", List.of(), T0.plus(Duration.ofHours(5)), null, null,
                "later", null);
        Record near = new Record("r", RecordType.INCIDENT, "prod", List.of(), T0.plus(Duration.ofMinutes(40)), null,
                null, "now", null);

        assertThat(ContextChange.between(before, new EnvContext(List.of(far), List.of())).mayChange(episodes, GRAPH))
                .isFalse();
        assertThat(ContextChange.between(before, new EnvContext(List.of(near), List.of())).mayChange(episodes, GRAPH))
                .isTrue();
    }

    private static Incident build(List<Episode> episodes, EnvContext ctx) {
        return IncidentBuilder.build("incident-1", episodes, ctx.records(), ctx.changes(), GRAPH, null, SETTINGS);
    }

    private static Record record(SplittableRandom random, String id) {
        Instant at = T0.plus(Duration.ofMinutes(random.nextInt(900) - 120));
        List<String> services = random.nextBoolean() ? List.of() : List.of(SERVICES[random.nextInt(SERVICES.length)]);
        if (random.nextBoolean()) {
            return new Record(id, RecordType.INCIDENT, "prod", services, at, null, null, "declared " + id, null);
        }
        Instant end = random.nextInt(3) == 0 ? null : at.plus(Duration.ofMinutes(30 + random.nextInt(180)));
        return new Record(id, RecordType.MAINTENANCE, "prod", services, at, random.nextBoolean() ? at : null, end,
                "maintenance " + id, null);
    }

    private static TriggerCandidate change(SplittableRandom random) {
        return new TriggerCandidate(T0.plus(Duration.ofMinutes(random.nextInt(900) - 180)),
                SERVICES[random.nextInt(SERVICES.length)], "deploy " + random.nextInt(1000));
    }
}
