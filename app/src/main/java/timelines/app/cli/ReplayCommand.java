package timelines.app.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import timelines.app.config.TimelinesConfig;
import timelines.app.replay.Replayer;

/** {@code timelines replay}: reads catalog, defaultEnv and correlation from the configuration (options > env > file). */
@Command(name = "replay", mixinStandardHelpOptions = true, defaultValueProvider = ConfigOptions.class,
        description = "Re-derive timelines from a capture (JSON Lines of deliveries) on a fresh temporary broker, "
                + "writing <out>/<incident id>.json and .md, alerts.jsonl and rejected.jsonl.")
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, description = "The capture file.")
    Path input;

    @Option(names = "--out", required = true, description = "Directory for the drafts.")
    Path out;

    @Mixin
    CorrelationOptions correlation = new CorrelationOptions();

    TimelinesConfig config(Map<String, String> env) {
        return TimelinesConfig.load(correlation.config, env,
                ConfigOptions.given(spec.commandLine().getParseResult(), Map.of()));
    }

    @Override
    public Integer call() throws Exception {
        TimelinesConfig c = config(System.getenv());
        Replayer.Result result = Replayer.replay(input, out, CorrelationOptions.catalog(c), c.streams().correlation(),
                System.err);
        System.out.println(result.summaryLine());
        return 0;
    }
}
