package timelines.sink.alerts;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import timelines.contracts.Alert;

/** What every message says about an alert, derived from the alert alone (never the wall clock). */
final class AlertFacts {
    private AlertFacts() {}

    /**
     * Where the draft of the incident is: the base with {@code {id}} replaced, or with
     * {@code /<id>} added (percent-encoded in a web link); null when no base is configured.
     */
    static String draftLocation(String base, String incidentId) {
        if (base == null || base.isBlank() || incidentId == null) {
            return null;
        }
        if (isWeb(base)) {
            incidentId = URLEncoder.encode(incidentId, StandardCharsets.UTF_8).replace("+", "%20");
        }
        if (base.contains("{id}")) {
            return base.replace("{id}", incidentId);
        }
        return base.endsWith("/") ? base + incidentId : base + "/" + incidentId;
    }

    /** The location as a web link, or null when it is a path (or not a valid URL). */
    static URI webLink(String location) {
        if (location == null) {
            return null;
        }
        if (!isWeb(location)) {
            return null;
        }
        try {
            URI uri = new URI(location);
            return uri.getHost() == null ? null : uri;
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static boolean isWeb(String location) {
        String lower = location.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /**
     * How long from BEGIN to the alert: for RAISED how long the outage had gone unrecorded, for
     * CLEARED after how long it was recorded. Never negative; null without both instants.
     */
    static Long sinceBeginSeconds(Alert alert) {
        if (alert.at() == null || alert.begin() == null) {
            return null;
        }
        return Math.max(0, Duration.between(alert.begin(), alert.at()).toSeconds());
    }

    static String env(Alert alert) {
        return alert.env() == null || alert.env().isBlank() ? "unknown env" : alert.env();
    }
}
