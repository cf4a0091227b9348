package timelines.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import timelines.app.config.ConfigKey;
import timelines.app.config.TimelinesConfig;
import timelines.streams.StoreNames;

/** Every configuration key, and its environment variable, is in the README's key table. */
class ConfigKeysDocumentedTest {
    static String readme() throws IOException {
        return Files.readString(ComposeFileTest.root().resolve("README.md"));
    }

    /** From the heading to the next heading of the same level. */
    static String section(String markdown, String heading) {
        int start = markdown.indexOf("\n" + heading + "\n");
        assertThat(start).as("README has a section '%s'", heading).isGreaterThanOrEqualTo(0);
        String level = heading.substring(0, heading.indexOf(' ') + 1);
        int end = markdown.indexOf("\n" + level, start + heading.length() + 1);
        return markdown.substring(start, end < 0 ? markdown.length() : end);
    }

    @Test
    void everyKeyAndEnvironmentVariableIsInTheReadme() throws IOException {
        String table = section(section(readme(), "## Running in production"), "### Configuration keys");
        for (ConfigKey k : TimelinesConfig.KEYS) {
            assertThat(table).as("key %s documented in README's Configuration keys", k.path())
                    .contains("| `" + k.path() + "` |");
            if (!k.env().equals("-")) {
                assertThat(table).as("environment variable %s of %s documented", k.env(), k.path())
                        .contains("| `" + k.env() + "` |");
            }
            if (k.defaultValue() != null) {
                assertThat(table).as("default of %s documented", k.path())
                        .containsPattern("\\| `" + java.util.regex.Pattern.quote(k.path()) + "` \\| [^|]*\\| `"
                                + java.util.regex.Pattern.quote(k.defaultValue()) + "` \\|");
            }
        }
    }

    @Test
    void productionSectionComesBeforeDevelopment() throws IOException {
        String readme = readme();
        assertThat(readme.indexOf("\n## Running in production\n")).isPositive()
                .isLessThan(readme.indexOf("\n## Development\n"));
        String production = section(readme, "## Running in production");
        for (String part : new String[] {"### Components", "### Scaling", "### Security settings", "### Upgrade notes",
                "### Configuration keys", "### Compose quick start"}) {
            assertThat(production).contains("\n" + part + "\n");
        }
        assertThat(production).contains(StoreNames.EPISODES, StoreNames.INCIDENTS, StoreNames.ENV_CONTEXT, "docker compose up",
                "docker compose exec ingest java -jar /app/timelines.jar post --sample --shift-to-now");
    }
}
