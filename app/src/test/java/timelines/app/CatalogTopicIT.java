package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import timelines.app.kafka.EmbeddedKafka;
import timelines.app.kafka.TopicAdmin;
import timelines.app.replay.Replayer;
import timelines.contracts.Incident;
import timelines.contracts.Topics;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogVersion;
import timelines.ingest.catalog.CatalogPublication;
import timelines.ingest.catalog.CatalogPublisher;
import timelines.streams.CorrelationSettings;
import timelines.streams.StreamsRunner;

/**
 * The catalog on the real broker: {@code catalog.v1} is created compacted, a catalog is published
 * once however many instances load it, and a running topology's global store receives a new
 * version and decides with it from its time on, recording it on the revisions.
 */
class CatalogTopicIT {
    static final Catalog UNCONNECTED = new Catalog("prod", List.of(new Catalog.Service("keycloak", List.of()),
            new Catalog.Service("generic-upload", List.of())), List.of());
    static final Catalog UPLOAD_NEEDS_KEYCLOAK = new Catalog("prod", List.of(
            new Catalog.Service("keycloak", List.of()),
            new Catalog.Service("generic-upload", List.of("keycloak"))), List.of());

    @TempDir
    Path dir;

    @Test
    void theCatalogTopicIsCompactedAndANewVersionReachesTheRunningTopology() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (EmbeddedKafka kafka = EmbeddedKafka.startOnFreePorts(dir.resolve("kafka"))) {
            String bootstrap = kafka.bootstrapServers();
            TopicAdmin.ensure(bootstrap, Topics.all(2, Topics.RAW_RETENTION), Map.of());
            assertThat(topicConfig(bootstrap, "cleanup.policy")).isEqualTo("compact");

            CatalogPublisher streams = publisher(bootstrap, "streams", meters);
            CatalogPublisher ingest = publisher(bootstrap, "ingest", meters);
            assertThat(streams.publish(UNCONNECTED).outcome()).isEqualTo(CatalogPublication.Outcome.FIRST);
            assertThat(ingest.publish(UNCONNECTED).outcome()).as("the same file loaded by a second instance")
                    .isEqualTo(CatalogPublication.Outcome.UNCHANGED);
            assertThat(streams.readAll()).singleElement()
                    .satisfies(v -> assertThat(v.effectiveFrom()).isEqualTo(Instant.EPOCH));

            try (StreamsRunner runner = new StreamsRunner(bootstrap, Replayer.APPLICATION_ID, dir.resolve("state"),
                    CorrelationSettings.defaults(), meters, Map.of());
                    Replayer.Feed feed = new Replayer.Feed(bootstrap, UNCONNECTED, meters, System.err, 0)) {
                runner.start();
                // Seed 001's morning: bulk upload and Keycloak failing together, before anyone wrote the dependency.
                feed.line(signal("2021-07-20T18:50:00Z", "keycloak", "FAILING"));
                feed.line(signal("2021-07-20T18:52:00Z", "generic-upload", "FAILING"));
                feed.line(signal("2021-07-20T19:40:00Z", "keycloak", "RECOVERED"));
                feed.line(signal("2021-07-20T19:41:00Z", "generic-upload", "RECOVERED"));
                // Stream time moves on (another service fails), so both episodes end while the first version is in
                // force: a version decides what is decided at or after its time, an open incident's next change too.
                feed.line(signal("2021-07-20T20:30:00Z", "billing", "FAILING"));
                Replayer.awaitCaughtUp(bootstrap, Duration.ofMinutes(2));

                // The file changes on a running system: the watcher publishes, the running instance's global store
                // gets it, and inputs after its time merge.
                CatalogPublication.Decision changed = ingest.publish(UPLOAD_NEEDS_KEYCLOAK);
                assertThat(changed.outcome()).isEqualTo(CatalogPublication.Outcome.CHANGED);
                Instant after = changed.publish().effectiveFrom().plusSeconds(60);
                feed.line(signal(after.toString(), "keycloak", "FAILING"));
                feed.line(signal(after.plusSeconds(120).toString(), "generic-upload", "FAILING"));
                Replayer.awaitCaughtUp(bootstrap, Duration.ofMinutes(2));

                List<Incident> incidents = Replayer.latestRevisions(bootstrap);
                String v1 = CatalogVersion.versionOf(UNCONNECTED);
                String v2 = CatalogVersion.versionOf(UPLOAD_NEEDS_KEYCLOAK);
                assertThat(incidents).extracting(i -> i.services() + " " + i.catalogVersion())
                        .containsExactlyInAnyOrder("[keycloak] " + v1, "[generic-upload] " + v1, "[billing] " + v1,
                                "[generic-upload, keycloak] " + v2);
                assertThat(meters.get("timelines_catalog_versions_late_total").counter().count()).isZero();
            }
            assertThat(publisher(bootstrap, "replay", meters).readAll()).extracting(CatalogVersion::version)
                    .containsExactlyInAnyOrder(CatalogVersion.versionOf(UNCONNECTED),
                            CatalogVersion.versionOf(UPLOAD_NEEDS_KEYCLOAK));
        }
    }

    private static CatalogPublisher publisher(String bootstrap, String by, SimpleMeterRegistry meters) {
        // No delay: the test feeds inputs after the new version's time itself.
        return new CatalogPublisher(bootstrap, Map.of(), Clock.systemUTC(), Duration.ZERO, by, meters);
    }

    /** A capture line of the project's own signal format: a probe's check, observed when received. */
    private static String signal(String at, String service, String type) {
        return "{\"receivedAt\":\"" + at + "\",\"source\":\"signals\",\"headers\":{},\"body\":{\"type\":\"" + type
                + "\","
                + "\"source\":\"probe\",\"env\":\"prod\",\"service\":\"" + service + "\",\"check\":\"probe-" + service
                + "\",\"observedAt\":\"" + at + "\",\"summary\":\"" + service + ": 401 from token endpoint\"}}";
    }

    private static String topicConfig(String bootstrap, String key) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, Topics.CATALOG);
            return admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic).get(key).value();
        }
    }
}
