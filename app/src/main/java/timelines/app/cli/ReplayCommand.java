package timelines.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import timelines.app.replay.Replayer;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-derive timelines from a capture (JSON Lines of deliveries) on a fresh temporary broker, "
                + "writing <out>/<incident id>.json and .md, alerts.jsonl and rejected.jsonl.")
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--input", required = true, description = "The capture file.")
    Path input;

    @Option(names = "--out", required = true, description = "Directory for the drafts.")
    Path out;

    @Mixin
    CorrelationOptions correlation = new CorrelationOptions();

    @Override
    public Integer call() throws Exception {
        Replayer.Result result = Replayer.replay(input, out, correlation.catalog(), correlation.settings(), System.err);
        System.out.println(result.summaryLine());
        return 0;
    }
}
