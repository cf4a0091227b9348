package timelines.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import timelines.app.config.TimelinesConfig;

/** {@code run} and {@code replay}: every option sets a key, the command line wins, the help shows the table's defaults. */
class RunOptionsTest {
    @TempDir
    Path dir;

    private static RunCommand parsedRun(String... args) {
        RunCommand run = new RunCommand();
        new CommandLine(run).parseArgs(args);
        return run;
    }

    @Test
    void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheFile() throws Exception {
        Path f = Files.writeString(dir.resolve("t.yaml"), """
                ingest: { port: 1111, host: 10.0.0.1, tickInterval: PT9S }
                sink: { out: file-drafts }
                correlation: { gap: PT20M, quiet: PT7M }
                """);
        RunCommand run = parsedRun("--config", f.toString(), "--http-port", "3333", "--quiet", "PT1M", "--no-auth");

        TimelinesConfig c = run.config(Map.of("TIMELINES_INGEST_PORT", "2222", "TIMELINES_INGEST_HOST", "10.0.0.2"));

        assertThat(c.ingest().port()).as("option over env over file").isEqualTo(3333);
        assertThat(c.ingest().host()).as("env over file").isEqualTo("10.0.0.2");
        assertThat(c.ingest().tickInterval()).as("file").isEqualTo(Duration.ofSeconds(9));
        assertThat(c.ingest().noAuth()).as("flag").isTrue();
        assertThat(c.sink().out()).isEqualTo(Path.of("file-drafts"));
        assertThat(c.streams().correlation().quiet()).as("option over file").isEqualTo(Duration.ofMinutes(1));
        assertThat(c.streams().correlation().gap()).as("file").isEqualTo(Duration.ofMinutes(20));
    }

    @Test
    void anOptionNotGivenLeavesTheFileAlone() throws Exception {
        Path f = Files.writeString(dir.resolve("t.yaml"), "embedded: { port: 19092, dataDir: /srv/t }\n");

        TimelinesConfig c = parsedRun("--config", f.toString()).config(Map.of());

        // The help's defaults must not leak in as if they had been typed.
        assertThat(c.embedded().port()).isEqualTo(19092);
        assertThat(c.embedded().dataDir()).isEqualTo(Path.of("/srv/t"));
        assertThat(c.ingest().noAuth()).isFalse();
        assertThat(c.given()).containsExactlyInAnyOrder("embedded.port", "embedded.dataDir");
    }

    @Test
    void replayTakesCatalogDefaultEnvAndCorrelationFromTheConfiguration() throws Exception {
        Path f = Files.writeString(dir.resolve("t.yaml"), "defaultEnv: eu\ncorrelation: { recordGrace: PT30M }\n");
        ReplayCommand replay = new ReplayCommand();
        new CommandLine(replay).parseArgs("--input", "c.jsonl", "--out", "o", "--config", f.toString(), "--gap",
                "PT2M");

        TimelinesConfig c = replay.config(Map.of("TIMELINES_DEFAULT_ENV", "us"));

        assertThat(c.ingest().defaultEnv()).as("env over file").isEqualTo("us");
        assertThat(c.streams().correlation().recordGrace()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.streams().correlation().gap()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.sink().out()).as("replay's --out is its own, not sink.out").isEqualTo(Path.of("drafts"));
        assertThat(CorrelationOptions.catalog(c).defaultEnv()).isEqualTo("us");
    }

    @Test
    void everyOptionOfRunAndReplaySetsAKeyOfTheTable() {
        for (Object command : new Object[] {new RunCommand(), new ReplayCommand()}) {
            CommandLine cli = new CommandLine(command);
            for (OptionSpec o : cli.getCommandSpec().options()) {
                String name = o.longestName();
                if (name.equals("--config") || name.equals("--help") || name.equals("--version")
                        || (command instanceof ReplayCommand && (name.equals("--input") || name.equals("--out")))) {
                    continue;
                }
                String key = ConfigOptions.KEY_OF.getOrDefault(name, ConfigOptions.RUN_ONLY.get(name));
                assertThat(key).as("the key %s of %s sets", name, cli.getCommandName()).isNotNull();
                boolean inTable = TimelinesConfig.KEYS.stream().anyMatch(k -> k.path().equals(key))
                        || key.startsWith("correlation.");
                assertThat(inTable).as("%s sets %s, a key of TimelinesConfig.KEYS", name, key).isTrue();
            }
        }
    }

    @Test
    void theHelpShowsTheDefaultsOfTheKeyTable() {
        String help = new CommandLine(new RunCommand()).getUsageMessage(CommandLine.Help.Ansi.OFF);

        assertThat(help.replaceAll("\\s+", " ")).contains("(ingest.port, default: 8080)")
                .contains("(embedded.port, default: 9092)").contains("(sink.out, default: drafts)")
                .contains("(correlation.gap, default: PT15M)");
    }
}
