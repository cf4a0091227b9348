package timelines.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;
import timelines.streams.CorrelationConfig;
import timelines.streams.CorrelationSettings;

/** The correlation tunables as command-line options (DESIGN section 5 defaults). */
final class CorrelationOptions {
    @Option(names = "--catalog", description = "Service catalog YAML: default env, dependsOn, rules (DESIGN section 6).")
    Path catalog;

    @Option(names = "--default-env",
            description = "Env of signals whose payload names none (default: the catalog's, else prod).")
    String defaultEnv;

    @Option(names = "--config",
            description = "YAML config file; its 'correlation' section sets gap, quiet, lookback, recordGrace, "
                    + "minDuration, excludedEnvs, maxEntries, amendHorizon (see README).")
    Path config;

    @Option(names = "--gap",
            description = "How long ERROR/REPORT signals keep an episode open, ISO-8601 (default: PT15M, or the config's).")
    Duration gap;

    @Option(names = "--quiet",
            description = "How long after the last recovery an episode ends (default: PT5M, or the config's).")
    Duration quiet;

    @Option(names = "--record-grace",
            description = "How long after BEGIN an outage may go unrecorded before an alert (default: PT15M, or the "
                    + "config's).")
    Duration recordGrace;

    /** The catalog file's content, with --default-env over its default env. */
    Catalog catalog() {
        Catalog c = catalog == null ? Catalog.EMPTY : CatalogLoader.load(catalog);
        return defaultEnv == null ? c : new Catalog(defaultEnv, c.services(), c.rules());
    }

    /** The config file's settings (or the defaults), with the command line over them. */
    CorrelationSettings settings() {
        CorrelationSettings d = config == null ? CorrelationSettings.defaults() : CorrelationConfig.read(config);
        return new CorrelationSettings(gap != null ? gap : d.gap(), quiet != null ? quiet : d.quiet(), d.lookback(),
                recordGrace != null ? recordGrace : d.recordGrace(), d.minDuration(), d.excludedEnvs(), d.maxEntries(),
                d.amendHorizon(), d.impactSeverities(), d.errorBurst(), d.heartbeats(),
                d.heartbeatTimeout());
    }
}
