package timelines.app.cli;

import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;
import timelines.contracts.catalog.Catalog;
import timelines.contracts.catalog.CatalogLoader;
import timelines.streams.CorrelationSettings;

/** The correlation tunables as command-line options (DESIGN section 5 defaults). */
final class CorrelationOptions {
    @Option(names = "--catalog", description = "Service catalog YAML: default env, dependsOn, rules (DESIGN section 6).")
    Path catalog;

    @Option(names = "--default-env",
            description = "Env of signals whose payload names none (default: the catalog's, else prod).")
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

    /** The catalog file's content, with --default-env over its default env. */
    Catalog catalog() {
        Catalog c = catalog == null ? Catalog.EMPTY : CatalogLoader.load(catalog);
        return defaultEnv == null ? c : new Catalog(defaultEnv, c.services(), c.rules());
    }

    CorrelationSettings settings() {
        CorrelationSettings d = CorrelationSettings.defaults();
        return new CorrelationSettings(gap, quiet, d.lookback(), recordGrace, d.minDuration(), d.excludedEnvs(),
                d.maxEntries(), d.amendHorizon());
    }
}
