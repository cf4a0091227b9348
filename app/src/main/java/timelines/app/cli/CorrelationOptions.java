package timelines.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import timelines.app.config.TimelinesConfig;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;

/**
 * The options {@code run} and {@code replay} share: the config file, the catalog and the
 * correlation tunables. Each sets a config key ({@link ConfigOptions#KEY_OF}); the defaults come
 * from the settings layer.
 */
final class CorrelationOptions {
    @Option(names = "--config",
            description = "YAML config file (README, Configuration keys; its 'correlation' section sets gap, quiet, "
                    + "lookback, recordGrace, ...). The environment wins over it, the options over both.")
    Path config;

    @Option(names = "--catalog", description = "Service catalog YAML: default env, dependsOn, rules (catalog).")
    Path catalog;

    @Option(names = "--default-env",
            description = "Env of signals whose payload names none (defaultEnv; default: the catalog's, else prod).")
    String defaultEnv;

    @Option(names = "--gap",
            description = "How long ERROR/REPORT signals keep an episode open, ISO-8601 (correlation.gap, default: "
                    + "${DEFAULT-VALUE}).")
    Duration gap;

    @Option(names = "--quiet",
            description = "How long after the last recovery an episode ends (correlation.quiet, default: "
                    + "${DEFAULT-VALUE}).")
    Duration quiet;

    @Option(names = "--record-grace",
            description = "How long after BEGIN an outage may go unrecorded before an alert (correlation.recordGrace, "
                    + "default: ${DEFAULT-VALUE}).")
    Duration recordGrace;

    /** The configured catalog file's content (none: empty), with defaultEnv over its default env. */
    static Catalog catalog(TimelinesConfig c) {
        Catalog catalog = c.catalog() == null ? Catalog.EMPTY : CatalogLoader.load(c.catalog());
        String env = c.ingest().defaultEnv();
        return env == null ? catalog : new Catalog(env, catalog.services(), catalog.rules());
    }
}
