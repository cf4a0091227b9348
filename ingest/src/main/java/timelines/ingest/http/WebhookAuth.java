package timelines.ingest.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import timelines.ingest.slack.SlackSignature;

/**
 * Who may deliver: a bearer token (header, or {@code ?token=} for senders that can set only a
 * URL), per source or shared, compared in constant time; and, where the vendor signs its
 * deliveries and a secret is configured, the signature (Sentry, PagerDuty).
 *
 * @param tokens tokens by source; a source without one uses {@code sharedToken}
 * @param signingSecrets vendor signing secrets by source
 * @param open no token needed at all (local demos only; said loudly at start-up)
 */
public record WebhookAuth(String sharedToken, Map<String, String> tokens, Map<String, String> signingSecrets,
        boolean open) {

    public WebhookAuth {
        tokens = Map.copyOf(tokens);
        signingSecrets = Map.copyOf(signingSecrets);
    }

    public static WebhookAuth openToAll() {
        return new WebhookAuth(null, Map.of(), Map.of(), true);
    }

    public static WebhookAuth sharedToken(String token) {
        return new WebhookAuth(token, Map.of(), Map.of(), false);
    }

    /** Why a delivery is refused; counted by reason. */
    public enum Refusal {
        MISSING_TOKEN,
        WRONG_TOKEN,
        MISSING_SIGNATURE,
        BAD_SIGNATURE,
        /** A signed timestamp too far from ingest's clock (Slack: over 5 minutes): a request played again. */
        STALE_SIGNATURE
    }

    /** Sources whose vendor signs its deliveries, so a signing secret can be configured for them. */
    public static final java.util.Set<String> SIGNED_SOURCES = java.util.Set.of("sentry", "pagerduty", "slack", "github");

    /** Whether a signing secret is configured for the source (its signature is then checked). */
    public boolean checksSignature(String source) {
        return signingSecrets.containsKey(source);
    }

    /** Whether the source needs a token and which: per source, shared, or none at all (open). */
    public String tokenFor(String source) {
        if (open) {
            return "none needed (ingest.noAuth)";
        }
        if (tokens.containsKey(source)) {
            return "per source";
        }
        return sharedToken != null ? "shared" : "none configured: every delivery is refused";
    }

    /**
     * Null when the token is right. The token comes from {@code Authorization: Bearer} or, failing
     * that, the {@code token} query parameter.
     */
    public Refusal checkToken(String source, String authorizationHeader, String queryToken) {
        return checkToken(source, authorizationHeader, queryToken, null);
    }

    /**
     * As {@link #checkToken(String, String, String)}, and failing both, the token the vendor sends in
     * its own header ({@link #vendorTokenHeader}).
     */
    public Refusal checkToken(String source, String authorizationHeader, String queryToken, String vendorToken) {
        if (open) {
            return null;
        }
        String expected = tokens.getOrDefault(source, sharedToken);
        String given = null;
        if (authorizationHeader != null && authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = authorizationHeader.substring(7).trim();
        } else if (queryToken != null && !queryToken.isBlank()) {
            given = queryToken;
        } else if (vendorToken != null && !vendorToken.isBlank()) {
            given = vendorToken.trim();
        }
        if (given == null) {
            return Refusal.MISSING_TOKEN;
        }
        return expected != null && constantTimeEquals(expected, given) ? null : Refusal.WRONG_TOKEN;
    }

    /**
     * Null when the vendor's signature over the raw body is right, or no secret is configured for
     * the source. Sentry sends {@code Sentry-Hook-Signature: <hex HMAC-SHA256>}; PagerDuty sends
     * {@code X-PagerDuty-Signature: v1=<hex>[,v1=<hex>]} (several while a secret rotates); GitHub
     * {@code X-Hub-Signature-256: sha256=<hex>}.
     */
    public Refusal checkSignature(String source, Map<String, String> lowerCaseHeaders, byte[] body) {
        return checkSignature(source, lowerCaseHeaders, body, Instant.now());
    }

    /**
     * As {@link #checkSignature(String, Map, byte[])}, for schemes that sign a time as well: Slack
     * signs {@code v0:<X-Slack-Request-Timestamp>:<body>} ({@link SlackSignature}), and a timestamp
     * more than 5 minutes from {@code now} is refused.
     */
    public Refusal checkSignature(String source, Map<String, String> lowerCaseHeaders, byte[] body, Instant now) {
        String secret = signingSecrets.get(source);
        if (secret == null) {
            return null;
        }
        if (source.equals("slack")) {
            return switch (SlackSignature.verify(secret, lowerCaseHeaders.get(SlackSignature.TIMESTAMP_HEADER),
                    lowerCaseHeaders.get(SlackSignature.SIGNATURE_HEADER), body, now)) {
                case VALID -> null;
                case MISSING_SIGNATURE, MISSING_TIMESTAMP -> Refusal.MISSING_SIGNATURE;
                case STALE_TIMESTAMP -> Refusal.STALE_SIGNATURE;
                case BAD_SIGNATURE -> Refusal.BAD_SIGNATURE;
            };
        }
        String expected = hmacSha256Hex(secret, body);
        switch (source) {
            case "sentry" -> {
                String sig = lowerCaseHeaders.get("sentry-hook-signature");
                if (sig == null) {
                    return Refusal.MISSING_SIGNATURE;
                }
                return constantTimeEquals(expected, sig.trim().toLowerCase(Locale.ROOT)) ? null : Refusal.BAD_SIGNATURE;
            }
            case "pagerduty" -> {
                String sig = lowerCaseHeaders.get("x-pagerduty-signature");
                if (sig == null) {
                    return Refusal.MISSING_SIGNATURE;
                }
                boolean any = false;
                for (String part : sig.split(",")) {
                    String p = part.trim();
                    if (p.startsWith("v1=") && constantTimeEquals(expected, p.substring(3).toLowerCase(Locale.ROOT))) {
                        any = true;
                    }
                }
                return any ? null : Refusal.BAD_SIGNATURE;
            }
            case "github" -> {
                // GitHub: X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body with the webhook's secret>.
                String sig = lowerCaseHeaders.get("x-hub-signature-256");
                if (sig == null) {
                    return Refusal.MISSING_SIGNATURE;
                }
                String s = sig.trim();
                return s.regionMatches(true, 0, "sha256=", 0, 7)
                        && constantTimeEquals(expected, s.substring(7).toLowerCase(Locale.ROOT)) ? null : Refusal.BAD_SIGNATURE;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * The header in which a vendor that cannot send {@code Authorization} puts the secret token it is
     * configured with, read as the token when there is no bearer: GitLab's {@code X-Gitlab-Token}.
     */
    public static String vendorTokenHeader(String source) {
        return "gitlab".equals(source) ? "X-Gitlab-Token" : null;
    }

    public static String hmacSha256Hex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * From the environment: {@code TIMELINES_TOKEN} (shared), {@code TIMELINES_TOKEN_<SOURCE>}
     * (per source, e.g. {@code TIMELINES_TOKEN_UPTIME_KUMA}) and
     * {@code TIMELINES_SIGNING_SECRET_<SOURCE>} (Sentry's client secret, PagerDuty's and GitHub's webhook
     * secret, Slack's signing secret).
     */
    public static WebhookAuth fromEnvironment(Map<String, String> env, Iterable<String> sources, boolean open) {
        Map<String, String> tokens = new java.util.TreeMap<>();
        Map<String, String> secrets = new java.util.TreeMap<>();
        for (String source : sources) {
            String suffix = source.toUpperCase(Locale.ROOT).replace('-', '_');
            String token = env.get("TIMELINES_TOKEN_" + suffix);
            if (token != null && !token.isBlank()) {
                tokens.put(source, token);
            }
            String secret = env.get("TIMELINES_SIGNING_SECRET_" + suffix);
            if (secret != null && !secret.isBlank()) {
                secrets.put(source, secret);
            }
        }
        String shared = env.get("TIMELINES_TOKEN");
        return new WebhookAuth(shared == null || shared.isBlank() ? null : shared, tokens, secrets, open);
    }

    /** The same, with the signing secret of one source set (a config key such as {@code ingest.slack.signingSecret}). */
    public WebhookAuth withSigningSecret(String source, String secret) {
        if (secret == null || secret.isBlank()) {
            return this;
        }
        Map<String, String> secrets = new java.util.TreeMap<>(signingSecrets);
        secrets.put(source, secret);
        return new WebhookAuth(sharedToken, tokens, secrets, open);
    }

    /** 20 random bytes in hex (safe in a URL, a header and a shell): for a run started without a token. */
    public static String randomToken() {
        byte[] bytes = new byte[20];
        new java.security.SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Whether any token is configured at all. */
    public boolean hasTokens() {
        return sharedToken != null || !tokens.isEmpty();
    }

    @Override
    public String toString() {
        // Never print the secrets themselves.
        return "WebhookAuth[open=" + open + ", shared=" + (sharedToken != null) + ", perSource=" + tokens.keySet()
                + ", signed=" + signingSecrets.keySet() + "]";
    }
}
