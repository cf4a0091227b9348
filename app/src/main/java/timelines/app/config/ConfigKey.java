package timelines.app.config;

/**
 * One setting of the config file: its dotted path in the YAML, the environment variable that
 * overrides it, its default (null: none) and what it does. All of them are listed in
 * {@link TimelinesConfig#KEYS}, and the README documents each (a test checks).
 */
public record ConfigKey(String path, String env, String defaultValue, String doc) {}
