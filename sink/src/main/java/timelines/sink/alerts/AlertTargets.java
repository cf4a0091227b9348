package timelines.sink.alerts;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Where unrecorded-outage alerts go and how hard we try, with the defaults in one place. Either
 * target may be absent; with neither, alerts are only logged.
 *
 * @param slackWebhook a Slack (or Slack-compatible) incoming-webhook URL; a secret, never logged
 * @param alertmanager the base URL of a Prometheus Alertmanager ({@code /api/v2/alerts} is added)
 * @param draftLinkBase where the drafts are: a URL or path to which {@code /<incident id>} is
 *     added, or a template holding {@code {id}} ({@code https://timelines.example/incidents/{id}},
 *     {@code /srv/timelines/drafts/{id}.md}); absent means the message names the incident id only
 * @param attempts how many times a delivery is tried before it is given up (at least 1)
 * @param initialBackoff the wait after the first failed attempt; it doubles after each further one
 * @param maxBackoff the longest wait between two attempts
 * @param resend how often a still-firing alert is re-sent to Alertmanager, which resolves alerts it
 *     stops hearing about
 * @param maxFiring how long after it was raised an alert that was never CLEARED is still re-sent;
 *     after that Alertmanager lets it resolve (an incident merged into another, or retired without
 *     ever being recorded, never gets a CLEARED)
 * @param requestTimeout how long one HTTP attempt may take, connecting included
 * @param alertSeverity the {@code severity} label of the alerts sent to Alertmanager, so that routes
 *     matching on severity (most do: {@code severity="critical"} pages) see them; default
 *     {@value #DEFAULT_ALERT_SEVERITY}
 */
public record AlertTargets(
        URI slackWebhook,
        URI alertmanager,
        String draftLinkBase,
        int attempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration resend,
        Duration maxFiring,
        Duration requestTimeout,
        String alertSeverity) {

    public static final String DEFAULT_ALERT_SEVERITY = "critical";
    public static final int DEFAULT_ATTEMPTS = 5;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    public static final Duration DEFAULT_RESEND = Duration.ofMinutes(1);
    public static final Duration DEFAULT_MAX_FIRING = Duration.ofDays(7);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

    public AlertTargets {
        requireHttp("slackWebhook", slackWebhook);
        requireHttp("alertmanager", alertmanager);
        if (draftLinkBase != null && draftLinkBase.isBlank()) {
            draftLinkBase = null;
        }
        if (attempts < 1 || attempts > 100) {
            throw new IllegalArgumentException("attempts must be between 1 and 100, was " + attempts);
        }
        requirePositive("initialBackoff", initialBackoff);
        requirePositive("maxBackoff", maxBackoff);
        requirePositive("resend", resend);
        requirePositive("maxFiring", maxFiring);
        requirePositive("requestTimeout", requestTimeout);
        if (alertSeverity == null || alertSeverity.isBlank()) {
            alertSeverity = DEFAULT_ALERT_SEVERITY;
        }
        alertSeverity = alertSeverity.strip();
        if (alertSeverity.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("alertSeverity must be one line of text");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(
                    "maxBackoff must not be shorter than initialBackoff (" + initialBackoff + "), was " + maxBackoff);
        }
        if (maxFiring.compareTo(resend) < 0) {
            throw new IllegalArgumentException(
                    "maxFiring must not be shorter than resend (" + resend + "), was " + maxFiring);
        }
    }

    /** No target (log only), 5 attempts backing off from 1 s to 1 min, re-sent every minute. */
    public static AlertTargets defaults() {
        return new AlertTargets(null, null, null, DEFAULT_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
                DEFAULT_RESEND, DEFAULT_MAX_FIRING, DEFAULT_REQUEST_TIMEOUT, DEFAULT_ALERT_SEVERITY);
    }

    public boolean anyTarget() {
        return slackWebhook != null || alertmanager != null;
    }

    public AlertTargets withSlackWebhook(URI value) {
        return new AlertTargets(value, alertmanager, draftLinkBase, attempts, initialBackoff, maxBackoff, resend,
                maxFiring, requestTimeout, alertSeverity);
    }

    public AlertTargets withAlertmanager(URI value) {
        return new AlertTargets(slackWebhook, value, draftLinkBase, attempts, initialBackoff, maxBackoff, resend,
                maxFiring, requestTimeout, alertSeverity);
    }

    public AlertTargets withDraftLinkBase(String value) {
        return new AlertTargets(slackWebhook, alertmanager, value, attempts, initialBackoff, maxBackoff, resend,
                maxFiring, requestTimeout, alertSeverity);
    }

    public AlertTargets withRetries(int attemptsValue, Duration initialBackoffValue, Duration maxBackoffValue) {
        return new AlertTargets(slackWebhook, alertmanager, draftLinkBase, attemptsValue, initialBackoffValue,
                maxBackoffValue, resend, maxFiring, requestTimeout, alertSeverity);
    }

    public AlertTargets withResend(Duration resendValue, Duration maxFiringValue) {
        return new AlertTargets(slackWebhook, alertmanager, draftLinkBase, attempts, initialBackoff, maxBackoff,
                resendValue, maxFiringValue, requestTimeout, alertSeverity);
    }

    public AlertTargets withRequestTimeout(Duration value) {
        return new AlertTargets(slackWebhook, alertmanager, draftLinkBase, attempts, initialBackoff, maxBackoff,
                resend, maxFiring, value, alertSeverity);
    }

    /** The {@code severity} label sent to Alertmanager; blank means the default. */
    public AlertTargets withAlertSeverity(String value) {
        return new AlertTargets(slackWebhook, alertmanager, draftLinkBase, attempts, initialBackoff, maxBackoff,
                resend, maxFiring, requestTimeout, value);
    }

    private static void requireHttp(String key, URI value) {
        if (value == null) {
            return;
        }
        String scheme = value.getScheme() == null ? null : value.getScheme().toLowerCase(Locale.ROOT);
        // The URL itself is not echoed: a webhook URL is a credential.
        if (!value.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme)) || value.getHost() == null) {
            throw new IllegalArgumentException(key + " must be an absolute http(s) URL with a host, was a "
                    + (scheme == null ? "relative" : scheme) + " URI");
        }
    }

    private static void requirePositive(String key, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + value);
        }
    }
}
