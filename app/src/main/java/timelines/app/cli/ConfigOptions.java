package timelines.app.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import timelines.app.config.ConfigKey;
import timelines.app.config.TimelinesConfig;
import timelines.streams.CorrelationSettings;

/**
 * The command-line options that set a config key, and the key each sets. Only the options given
 * on the command line reach the configuration, over the environment, the file and the defaults;
 * the defaults shown in {@code --help} are read from {@link TimelinesConfig#KEYS} (and {@link
 * CorrelationSettings#defaults()}), never written on an option.
 */
final class ConfigOptions implements IDefaultValueProvider {
    /** Option of {@code run} or {@code replay} -> the key it sets. A new option of theirs belongs here. */
    static final Map<String, String> KEY_OF = Map.ofEntries(
            Map.entry("--bootstrap-servers", "kafka.bootstrapServers"),
            Map.entry("--partitions", "kafka.partitions"),
            Map.entry("--data-dir", "embedded.dataDir"),
            Map.entry("--kafka-port", "embedded.port"),
            Map.entry("--http-host", "ingest.host"),
            Map.entry("--http-port", "ingest.port"),
            Map.entry("--tick-interval", "ingest.tickInterval"),
            Map.entry("--no-auth", "ingest.noAuth"),
            Map.entry("--probes", "ingest.probes"),
            Map.entry("--sns-auto-confirm", "ingest.snsAutoConfirm"),
            Map.entry("--slack-webhook", "sink.slackWebhook"),
            Map.entry("--alertmanager-url", "sink.alertmanager"),
            Map.entry("--draft-link-base", "sink.draftLinkBase"),
            Map.entry("--catalog", "catalog"),
            Map.entry("--default-env", "defaultEnv"),
            Map.entry("--gap", "correlation.gap"),
            Map.entry("--quiet", "correlation.quiet"),
            Map.entry("--record-grace", "correlation.recordGrace"));

    /** {@code run}'s {@code --out} is {@code sink.out}; {@code replay}'s is its own output directory. */
    static final Map<String, String> RUN_ONLY = Map.of("--out", "sink.out");

    /** The key -> text of each option given on this command line that sets a key. */
    static Map<String, String> given(ParseResult parsed, Map<String, String> extra) {
        Map<String, String> given = new LinkedHashMap<>();
        for (OptionSpec o : parsed.matchedOptions()) {
            String key = keyOf(o.longestName(), extra);
            if (key != null) {
                given.put(key, String.valueOf(o.<Object>getValue()));
            }
        }
        return given;
    }

    private static String keyOf(String option, Map<String, String> extra) {
        String key = extra.get(option);
        return key != null ? key : KEY_OF.get(option);
    }

    /** The default of an option's key, for {@code ${DEFAULT-VALUE}} in the help; null: none. */
    static String defaultOf(String key) {
        if (key == null) {
            return null;
        }
        CorrelationSettings d = CorrelationSettings.defaults();
        return switch (key) {
            case "correlation.gap" -> d.gap().toString();
            case "correlation.quiet" -> d.quiet().toString();
            case "correlation.recordGrace" -> d.recordGrace().toString();
            default -> TimelinesConfig.KEYS.stream().filter(k -> k.path().equals(key)).findFirst()
                    .map(ConfigKey::defaultValue).orElse(null);
        };
    }

    /** For the help only: the command reads given options through {@link #given}, not the fields. */
    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o)) {
            return null;
        }
        String key = KEY_OF.get(o.longestName());
        if (key == null && o.command() != null && o.command().name().equals("run")) {
            key = RUN_ONLY.get(o.longestName());
        }
        return defaultOf(key);
    }
}
