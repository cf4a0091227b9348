package timelines.app.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import timelines.app.config.TimelinesConfig;
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

    @Option(names = "--slack-channels",
            description = "Ids of the Slack channels whose messages are reports, comma-separated (default: the "
                    + "config's ingest.slack.channels, else TIMELINES_SLACK_CHANNELS; none: Slack messages are ignored). "
                    + "Captured Slack deliveries are not signature-checked again.")
    String slackChannels;

    /** The option, else the config file and the environment, read and checked as a running ingest reads them. */
    java.util.Set<String> slackChannels() {
        if (slackChannels != null) {
            return TimelinesConfig.load(null, java.util.Map.of("TIMELINES_SLACK_CHANNELS", slackChannels))
                    .slackChannels();
        }
        return TimelinesConfig.load(correlation.config, System.getenv()).slackChannels();
    }

    @Override
    public Integer call() throws Exception {
        Replayer.Result result = Replayer.replay(input, out, correlation.catalog(), correlation.settings(),
                slackChannels(), System.err);
        System.out.println(result.summaryLine());
        return 0;
    }
}
