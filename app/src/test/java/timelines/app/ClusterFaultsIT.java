package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.soak.Fault;
import timelines.app.soak.FaultSchedule;
import timelines.app.soak.Soak;

/**
 * Issue 16: a three-node Kafka cluster (each node a process; replication factor 3,
 * {@code min.insync.replicas} 2), ingest, streams and the sink each a process of the packaged jar,
 * and load posted to ingest while the leader of {@code signals.v1}-0, then streams, then the sink
 * are killed with {@code kill -9} (the broker started again after 10 s, the components at once).
 * Afterwards every delivery ingest answered 2xx is one timeline entry in the drafts on disk: none
 * lost, none twice. The same run as {@code timelines soak}, shorter: one round of faults in a minute
 * of load (about 100 s in all). The long variant (tag {@code long}) is left out of {@code mvn verify};
 * the README says how to run it.
 */
class ClusterFaultsIT {
    @TempDir
    Path dir;

    @Test
    void killingTheLeaderBrokerStreamsAndTheSinkUnderLoadLosesAndDuplicatesNothingAcknowledged() throws Exception {
        Duration load = Duration.ofSeconds(60);
        Soak.Result r = Soak.run(new Soak.Settings(dir, Components.jar().toString(), load,
                FaultSchedule.of(load, load), 6, 30, Duration.ofSeconds(10), Duration.ofSeconds(90)), System.err);

        assertHeld(r, 1);
    }

    @Test
    @Tag("long")
    void fiveMinutesOfLoadWithThreeRoundsOfFaultsLosesAndDuplicatesNothingAcknowledged() throws Exception {
        Duration load = Duration.ofMinutes(5);
        Soak.Result r = Soak.run(new Soak.Settings(dir, Components.jar().toString(), load,
                FaultSchedule.of(load, Duration.ofSeconds(100)), 8, 40, Duration.ofSeconds(10), Duration.ofMinutes(3)),
                System.err);

        assertHeld(r, 3);
    }

    private static void assertHeld(Soak.Result r, int rounds) {
        System.err.println("ClusterFaultsIT: " + r.tally() + ", " + r.retries() + " retries; Kafka node ERROR lines: "
                + r.brokerErrors());
        assertThat(r.faults()).extracting(Soak.Injected::fault).containsExactlyElementsOf(
                java.util.Collections.nCopies(rounds, List.of(Fault.PARTITION_LEADER_BROKER, Fault.STREAMS, Fault.SINK))
                        .stream().flatMap(List::stream).toList());
        // Each fault met the load running, and the load went on after the last one.
        assertThat(r.faults()).allSatisfy(f -> assertThat(f.acceptedBefore()).as(f.toString()).isPositive());
        assertThat(r.tally().accepted()).isGreaterThan(r.faults().get(r.faults().size() - 1).acceptedBefore());
        assertThat(r.faults().get(0).what()).matches("killed node [123] \\(leader of signals.v1-0\\), restarted .*");

        assertThat(r.unanswered()).as("deliveries never answered 2xx").isZero();
        assertThat(r.refused()).as("deliveries answered 4xx").isZero();
        assertThat(r.unreadable()).as("drafts that are not a whole incident").isEmpty();
        assertThat(r.omitted()).as("soak lines left out by the entry caps").isZero();
        assertThat(r.tally().lost()).as("acknowledged deliveries in no draft").isZero();
        assertThat(r.tally().duplicated()).as("deliveries drafted more than once").isZero();
        assertThat(r.tally().drafted()).isGreaterThanOrEqualTo(r.tally().accepted());
    }
}
