package timelines.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static timelines.streams.TimelineTopologyTest.at;
import static timelines.streams.TimelineTopologyTest.failing;
import static timelines.streams.TimelineTopologyTest.recovered;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.contracts.Incident;
import timelines.contracts.JsonSerde;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogVersion;
import timelines.streams.TimelineTopologyTest.Pipeline;

/**
 * The catalog as an input of the topology: versions on {@code catalog.v1}, each in force from
 * its timestamp, the version recorded on every revision, and the same merges whenever a version
 * reached the instance, so long as it arrived before stream time reached it.
 *
 * <p>The story is seed 001's: bulk upload ({@code generic-upload}) and Keycloak failing together.
 * Until someone adds {@code generic-upload dependsOn keycloak} to the catalog they are two
 * incidents; from the version that says so on, one.
 */
class CatalogVersionTopologyTest {
    /** Both services known, nothing connected. */
    static final Catalog UNCONNECTED = new Catalog("prod", List.of(
            new Catalog.Service("keycloak", List.of()),
            new Catalog.Service("generic-upload", List.of())), List.of());
    /** The version that adds the dependency. */
    static final Catalog UPLOAD_NEEDS_KEYCLOAK = new Catalog("prod", List.of(
            new Catalog.Service("keycloak", List.of()),
            new Catalog.Service("generic-upload", List.of("keycloak"))), List.of());

    @TempDir
    Path stateDir;

    /** Keycloak and bulk upload fail together at 10:00 and again at 13:00; the catalog changed at 12:00. */
    private static void twoOutages(Pipeline p, Runnable beforeNoon, Runnable atNoon) {
        beforeNoon.run();
        p.send(failing("keycloak", "10:00"), failing("generic-upload", "10:03"));
        p.send(recovered("keycloak", "10:20"), recovered("generic-upload", "10:21"));
        p.tick("10:30", "11:00");
        atNoon.run();
        p.tick("12:30");
        p.send(failing("keycloak", "13:00"), failing("generic-upload", "13:03"));
        p.send(recovered("keycloak", "13:20"), recovered("generic-upload", "13:21"));
        p.tick("13:30", "14:00");
    }

    @Test
    void shouldDecideEachInputWithTheVersionInForceAtItsTimeWhenTwoVersionsArePublished() {
        try (Pipeline p = new Pipeline(stateDir, null)) {
            String[] ids = new String[2];
            twoOutages(p, () -> {
                ids[0] = p.publish(UNCONNECTED, Instant.EPOCH);
                // Published before any signal, but in force only from noon.
                ids[1] = p.publish(UPLOAD_NEEDS_KEYCLOAK, at("12:00"));
            }, () -> {});

            List<Incident> incidents = p.incidents();
            assertThat(incidents).extracting(i -> i.begin() + " " + i.services() + " " + i.catalogVersion())
                    .containsExactlyInAnyOrder(
                            at("10:00") + " [keycloak] " + ids[0],
                            at("10:03") + " [generic-upload] " + ids[0],
                            at("13:00") + " [generic-upload, keycloak] " + ids[1]);
            assertThat(ids[0]).isNotEqualTo(ids[1]);
        }
    }

    /**
     * A version decides every input at or after its time, an open incident's next change too: the
     * dependency written down at noon, during the outage, joins the two incidents on the next signal.
     */
    @Test
    void shouldMergeOpenIncidentsOnTheirNextChangeWhenAVersionConnectsThem() {
        try (Pipeline p = new Pipeline(stateDir, null)) {
            String before = p.publish(UNCONNECTED, Instant.EPOCH);
            String after = p.publish(UPLOAD_NEEDS_KEYCLOAK, at("12:00"));
            p.send(failing("keycloak", "11:50"), failing("generic-upload", "11:55"));
            assertThat(p.incidents()).hasSize(2).allSatisfy(i -> assertThat(i.catalogVersion()).isEqualTo(before));

            p.send(recovered("keycloak", "12:05"));

            assertThat(p.incidentsOut()).last().satisfies(r -> {
                assertThat(r.value().services()).containsExactly("generic-upload", "keycloak");
                assertThat(r.value().catalogVersion()).isEqualTo(after);
            });
            assertThat(p.incidentsOut()).filteredOn(r -> r.value() == null).as("the absorbed one").hasSize(1);
        }
    }

    @Test
    void shouldRecordTheVersionOnEveryRevisionWhenACatalogIsInForce() {
        try (Pipeline p = new Pipeline(stateDir, null)) {
            String version = p.publish(UPLOAD_NEEDS_KEYCLOAK, Instant.EPOCH);
            p.send(failing("keycloak", "10:00"), failing("generic-upload", "10:03"), recovered("keycloak", "10:20"));

            List<Incident> revisions = p.revisions();
            assertThat(revisions).hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(r -> assertThat(r.catalogVersion()).isEqualTo(version));
            assertThat(version).isEqualTo(CatalogVersion.versionOf(UPLOAD_NEEDS_KEYCLOAK));
            String draft = new String(JsonSerde.of(Incident.class).serialize(Topics.INCIDENTS,
                    revisions.get(revisions.size() - 1)), StandardCharsets.UTF_8);
            assertThat(draft).contains("\"catalogVersion\":\"" + version + "\"");
        }
    }

    @Test
    void shouldRecordNoVersionAndConnectNothingWhenNoCatalogWasPublished() {
        try (Pipeline p = new Pipeline(stateDir, null)) {
            p.send(failing("keycloak", "10:00"), failing("generic-upload", "10:03"));

            assertThat(p.incidents()).hasSize(2).allSatisfy(i -> assertThat(i.catalogVersion()).isNull());
        }
    }

    /**
     * Three instances (or a live run and a replay) get the noon version at different points of
     * their input: all at the start, as a replay does; after the morning's outage, as a live
     * watcher that saw the file change at 11:00; just before noon. The merges and the revisions
     * are the same byte for byte: when a version applies is its timestamp, not its arrival.
     */
    @Test
    void shouldDecideTheSameMergesWhenTheVersionArrivesAtADifferentPointOfTheInput() {
        List<List<String>> outputs = new java.util.ArrayList<>();
        List<Consumer<Pipeline>> arrivals = List.of(
                p -> twoOutages(p, () -> {
                    p.publish(UNCONNECTED, Instant.EPOCH);
                    p.publish(UPLOAD_NEEDS_KEYCLOAK, at("12:00"));
                }, () -> {}),
                p -> twoOutages(p, () -> p.publish(UNCONNECTED, Instant.EPOCH),
                        () -> p.publish(UPLOAD_NEEDS_KEYCLOAK, at("12:00"))),
                p -> {
                    p.publish(UNCONNECTED, Instant.EPOCH);
                    p.send(failing("keycloak", "10:00"), failing("generic-upload", "10:03"));
                    // Published mid-outage: in force only from noon, so the morning stays two incidents.
                    p.publish(UPLOAD_NEEDS_KEYCLOAK, at("12:00"));
                    p.send(recovered("keycloak", "10:20"), recovered("generic-upload", "10:21"));
                    p.tick("10:30", "11:00", "12:30");
                    p.send(failing("keycloak", "13:00"), failing("generic-upload", "13:03"));
                    p.send(recovered("keycloak", "13:20"), recovered("generic-upload", "13:21"));
                    p.tick("13:30", "14:00");
                });
        for (int i = 0; i < arrivals.size(); i++) {
            try (Pipeline p = new Pipeline(stateDir.resolve("instance-" + i), null)) {
                arrivals.get(i).accept(p);
                outputs.add(p.revisions().stream()
                        .map(r -> r == null ? "tombstone" : new String(JsonSerde.of(Incident.class)
                                .serialize(Topics.INCIDENTS, r), StandardCharsets.UTF_8))
                        .toList());
                assertThat(p.meters.get("timelines_catalog_versions_late_total").counter().count()).as("instance %d", i)
                        .isZero();
            }
        }
        assertThat(outputs.get(0)).hasSizeGreaterThanOrEqualTo(6);
        assertThat(outputs.get(1)).isEqualTo(outputs.get(0));
        assertThat(outputs.get(2)).isEqualTo(outputs.get(0));
    }

    /**
     * A version that reaches an instance after its stream time passed the version's time cannot
     * change what was decided: the instance counts it, and decides from then on with it.
     */
    @Test
    void shouldCountAVersionThatArrivesAfterStreamTimePassedItsTime() {
        try (Pipeline p = new Pipeline(stateDir, null)) {
            p.publish(UNCONNECTED, Instant.EPOCH);
            p.send(failing("keycloak", "13:00"));
            p.publish(UPLOAD_NEEDS_KEYCLOAK, at("12:00"));
            p.send(failing("generic-upload", "13:03"));

            assertThat(p.meters.get("timelines_catalog_versions_late_total").counter().count()).isEqualTo(1.0);
            assertThat(p.incidents()).extracting(Incident::services).last()
                    .isEqualTo(List.of("generic-upload", "keycloak"));
        }
    }

    @Test
    void shouldLeaveOutAVersionItCannotReadAndKeepDecidingWithTheOthers() {
        try (Pipeline p = new Pipeline(stateDir, null)) {
            String good = p.publish(UNCONNECTED, Instant.EPOCH);
            var catalogs = p.driver.createInputTopic(Topics.CATALOG, new StringSerializer(),
                    JsonSerde.of(CatalogVersion.class));
            // A newer release's catalog this one cannot read: services as a map.
            CatalogVersion unreadable = new CatalogVersion("ffffffffffffffff", at("09:00"), at("09:00"), "future",
                    JsonNodeFactory.instance.objectNode().put("services", "all of them"));
            catalogs.pipeInput(unreadable.key(), unreadable, at("09:00"));
            p.send(failing("keycloak", "10:00"), failing("generic-upload", "10:03"));

            assertThat(p.meters.get("timelines_catalog_versions_refused_total").tag("reason", "unreadable").counter()
                    .count()).isEqualTo(1.0);
            assertThat(p.incidents()).hasSize(2).allSatisfy(i -> assertThat(i.catalogVersion()).isEqualTo(good));
        }
    }
}
