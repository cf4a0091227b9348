package timelines.app.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import timelines.contracts.Topics;

/**
 * Creates the pipeline's topics with their configs. Idempotent, so every component runs it at
 * start-up against the embedded broker or a real cluster; a topic that exists with another
 * partition count is reported, never changed.
 */
public final class TopicAdmin {
    private TopicAdmin() {}

    /**
     * What differs between the cluster and the specs: missing topics, partition counts, and the
     * configs the specs set (cleanup policy, retention). Changes nothing.
     */
    public static List<String> check(String bootstrapServers, List<Topics.Spec> specs, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(overrides);
        List<String> drift = new ArrayList<>();
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<Topics.Spec> present = new ArrayList<>();
            for (Topics.Spec spec : specs) {
                if (existing.contains(spec.name())) {
                    present.add(spec);
                } else {
                    drift.add(spec.name() + " is missing");
                }
            }
            if (present.isEmpty()) {
                return drift;
            }
            Map<String, TopicDescription> described = admin.describeTopics(present.stream().map(Topics.Spec::name)
                    .toList()).allTopicNames().get(30, TimeUnit.SECONDS);
            List<org.apache.kafka.common.config.ConfigResource> resources = present.stream()
                    .map(s -> new org.apache.kafka.common.config.ConfigResource(
                            org.apache.kafka.common.config.ConfigResource.Type.TOPIC, s.name()))
                    .toList();
            var configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            for (Topics.Spec spec : present) {
                TopicDescription d = described.get(spec.name());
                if (d.partitions().size() != spec.partitions()) {
                    drift.add(spec.name() + " has " + d.partitions().size() + " partitions, configured "
                            + spec.partitions());
                }
                var actual = configs.get(new org.apache.kafka.common.config.ConfigResource(
                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, spec.name()));
                spec.configs().forEach((key, want) -> {
                    var entry = actual.get(key);
                    String have = entry == null ? null : entry.value();
                    if (!want.equals(have)) {
                        drift.add(spec.name() + " has " + key + "=" + have + ", configured " + want);
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot check topics on " + bootstrapServers + ": " + e.getMessage(), e);
        }
        return drift;
    }

    /** Creates the missing topics; returns what differs from the specs among the existing ones. */
    public static List<String> ensure(String bootstrapServers, List<Topics.Spec> specs, Map<String, String> overrides) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.putAll(overrides);
        List<String> drift = new ArrayList<>();
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topics.Spec spec : specs) {
                if (!existing.contains(spec.name())) {
                    missing.add(new NewTopic(spec.name(), spec.partitions(), (short) -1).configs(spec.configs()));
                }
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            List<String> present = specs.stream().map(Topics.Spec::name).filter(existing::contains).toList();
            if (!present.isEmpty()) {
                Map<String, TopicDescription> described = admin.describeTopics(present).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                for (Topics.Spec spec : specs) {
                    TopicDescription d = described.get(spec.name());
                    if (d != null && d.partitions().size() != spec.partitions()) {
                        drift.add(spec.name() + " has " + d.partitions().size() + " partitions, configured "
                                + spec.partitions());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers + ": " + e.getMessage(), e);
        }
        return drift;
    }
}
