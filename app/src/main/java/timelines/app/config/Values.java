package timelines.app.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The text of every key after the layers are applied, with where each came from; typed reads
 * whose failures name the key and its origin ({@code ingest.port must be ... (set in
 * TIMELINES_INGEST_PORT)}), so a mistake is found where it was made.
 */
final class Values {
    /** A key's text and where it came from: "default", "config F", an env var, "the command line". */
    record Value(String text, String from) {}

    private final Map<String, Value> values;

    Values(Map<String, Value> values) {
        this.values = values;
    }

    /** Whether something other than the default set this key. */
    boolean given(String key) {
        Value v = values.get(key);
        return v != null && !v.from().equals(TimelinesConfig.DEFAULT);
    }

    private InvalidConfig invalid(String key, String rule, boolean echo) {
        Value v = values.get(key);
        String was = echo && v != null ? ", was '" + v.text() + "'" : "";
        String from = v == null ? "" : " (set in " + v.from() + ")";
        return new InvalidConfig(key + " must be " + rule + was + from);
    }

    String text(String key) {
        Value v = values.get(key);
        return v == null || v.text() == null || v.text().isBlank() ? null : v.text();
    }

    Path path(String key) {
        String v = text(key);
        return v == null ? null : Path.of(v);
    }

    int number(String key, int min, int max) {
        String v = text(key);
        try {
            int n = Integer.parseInt(v == null ? "" : v.trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, "a whole number from " + min + " to " + max, true);
        }
    }

    boolean bool(String key) {
        String v = text(key);
        if (!"true".equalsIgnoreCase(v) && !"false".equalsIgnoreCase(v)) {
            throw invalid(key, "true or false", true);
        }
        return Boolean.parseBoolean(v);
    }

    Duration duration(String key) {
        String v = text(key);
        try {
            Duration d = Duration.parse(v == null ? "" : v.trim());
            if (d.isNegative() || d.isZero()) {
                throw new DateTimeParseException("not positive", v, 0);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid(key, "a positive ISO-8601 duration (like PT5S)", true);
        }
    }

    URI httpUrl(String key) {
        String v = text(key);
        if (v == null) {
            return null;
        }
        try {
            URI u = URI.create(v.trim());
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
                    || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
            return u;
        } catch (IllegalArgumentException e) {
            // Never echo the value: a webhook URL is a secret.
            throw invalid(key, "an http(s) URL", false);
        }
    }
}
