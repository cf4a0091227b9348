package timelines.app.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Slack source's and the sources page's keys, from the file and the environment. */
class SlackConfigTest {
    @Test
    void unsetMeansNoChannelsNoSecretAndUrlsFromTheRequest() {
        TimelinesConfig c = TimelinesConfig.load(null, Map.of());

        assertThat(c.ingest().slackChannels()).isEmpty();
        assertThat(c.ingest().slackSigningSecret()).isNull();
        assertThat(c.ingest().publicUrl()).isNull();
        assertThat(c.describe()).containsEntry("ingest.slack.signingSecret", "none");
    }

    @Test
    void aYamlListOfChannelsAndTheEnvironmentOverIt(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("config.yaml"), """
                ingest:
                  publicUrl: https://timelines.example.com
                  slack:
                    signingSecret: from-the-file
                    channels: [C0SUPPORT1, G0PRIVATE2]
                """);

        TimelinesConfig fromFile = TimelinesConfig.load(file, Map.of());
        TimelinesConfig fromEnv = TimelinesConfig.load(file, Map.of("TIMELINES_SLACK_CHANNELS", " C0SUPPORT9 ,C0OPS0001",
                "TIMELINES_SLACK_SIGNING_SECRET", "from-the-env"));

        assertThat(fromFile.ingest().slackChannels()).isEqualTo(Set.of("C0SUPPORT1", "G0PRIVATE2"));
        assertThat(fromFile.ingest().slackSigningSecret()).isEqualTo("from-the-file");
        assertThat(fromFile.ingest().publicUrl()).isEqualTo(URI.create("https://timelines.example.com"));
        assertThat(fromEnv.ingest().slackChannels()).isEqualTo(Set.of("C0SUPPORT9", "C0OPS0001"));
        assertThat(fromEnv.ingest().slackSigningSecret()).isEqualTo("from-the-env");
        assertThat(fromEnv.describe().toString()).as("a secret is never printed").doesNotContain("from-the-env")
                .contains("ingest.slack.signingSecret=set");
    }

    @Test
    void aChannelNameIsRefusedWithTheKeyAndHowToFindTheId() {
        assertThatThrownBy(() -> TimelinesConfig.load(null, Map.of("TIMELINES_SLACK_CHANNELS", "C0SUPPORT1,#support")))
                .isInstanceOf(InvalidConfig.class)
                .hasMessageContaining("ingest.slack.channels")
                .hasMessageContaining("'#support' is not a Slack channel id");
        assertThatThrownBy(() -> TimelinesConfig.load(null, Map.of("TIMELINES_PUBLIC_URL", "timelines.example.com")))
                .hasMessageContaining("ingest.publicUrl");
    }
}
