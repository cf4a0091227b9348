package timelines.app.cli;

import java.time.Duration;
import picocli.CommandLine.Option;
import timelines.streams.CorrelationSettings;

/** The correlation tunables as command-line options (DESIGN section 5 defaults). */
final class CorrelationOptions {
    @Option(names = "--default-env", defaultValue = "prod",
            description = "Env of signals whose payload names none (default: ${DEFAULT-VALUE}).")
    String defaultEnv;

    @Option(names = "--gap", defaultValue = "PT15M",
            description = "How long ERROR/REPORT signals keep an episode open, ISO-8601 (default: ${DEFAULT-VALUE}).")
    Duration gap;

    @Option(names = "--quiet", defaultValue = "PT5M",
            description = "How long after the last recovery an episode ends (default: ${DEFAULT-VALUE}).")
    Duration quiet;

    @Option(names = "--record-grace", defaultValue = "PT15M",
            description = "How long after BEGIN an outage may go unrecorded before an alert (default: ${DEFAULT-VALUE}).")
    Duration recordGrace;

    CorrelationSettings settings() {
        CorrelationSettings d = CorrelationSettings.defaults();
        return new CorrelationSettings(gap, quiet, d.lookback(), recordGrace, d.minDuration(), d.excludedEnvs(),
                d.maxEntries(), d.amendHorizon());
    }
}
