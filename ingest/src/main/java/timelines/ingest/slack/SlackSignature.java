package timelines.ingest.slack;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing (https://api.slack.com/authentication/verifying-requests-from-slack):
 * {@code X-Slack-Signature: v0=<hex HMAC-SHA256>} keyed with the app's signing secret over
 * {@code v0:<X-Slack-Request-Timestamp>:<raw body>}. A timestamp more than five minutes from
 * ingest's clock is refused whatever the signature, as Slack's docs say, so a request someone
 * recorded cannot be played again later. Pure: the clock comes in as {@code now}.
 */
public final class SlackSignature {
    public static final String SIGNATURE_HEADER = "x-slack-signature";
    public static final String TIMESTAMP_HEADER = "x-slack-request-timestamp";
    /** Slack's own window: "more than five minutes from local time". */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);
    private static final String VERSION = "v0";

    private SlackSignature() {}

    /** What the check found; every refusal has its own name, counted and answered apart. */
    public enum Verdict {
        VALID,
        /** No {@code X-Slack-Signature}, or not a {@code v0=} one. */
        MISSING_SIGNATURE,
        /** No {@code X-Slack-Request-Timestamp}, or not whole seconds. */
        MISSING_TIMESTAMP,
        /** The timestamp is more than {@link #MAX_AGE} before or after now. */
        STALE_TIMESTAMP,
        BAD_SIGNATURE
    }

    /**
     * @param timestamp the {@code X-Slack-Request-Timestamp} header as sent (Unix seconds)
     * @param signature the {@code X-Slack-Signature} header as sent
     * @param body the raw body, byte for byte as received: parsing and writing it again changes it
     */
    public static Verdict verify(String secret, String timestamp, String signature, byte[] body, Instant now) {
        if (signature == null || !signature.trim().startsWith(VERSION + "=")) {
            return Verdict.MISSING_SIGNATURE;
        }
        Long seconds = seconds(timestamp);
        if (seconds == null) {
            return Verdict.MISSING_TIMESTAMP;
        }
        if (Math.abs(now.getEpochSecond() - seconds) > MAX_AGE.toSeconds()) {
            return Verdict.STALE_TIMESTAMP;
        }
        String expected = sign(secret, timestamp.trim(), body);
        // Hex is hex in either case; the comparison takes the same time wherever the first difference is.
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8))
                ? Verdict.VALID : Verdict.BAD_SIGNATURE;
    }

    /** {@code v0=<hex>} for the timestamp and body: what Slack sends, and what a test sends as Slack. */
    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
            return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private static Long seconds(String timestamp) {
        if (timestamp == null) {
            return null;
        }
        String t = timestamp.trim();
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(Character::isDigit)) {
            return null;
        }
        return Long.parseLong(t);
    }
}
