package timelines.ingest.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.RawDelivery;
import timelines.ingest.delivery.BoundedText;
import timelines.ingest.delivery.Payload;

/**
 * An SNS topic delivers nothing until its HTTP subscription is confirmed. A confirmation request
 * is always logged with its SubscribeURL (a person can open it); it is fetched automatically only
 * when enabled, and only when the URL is an https URL of an SNS endpoint, so a forged request
 * cannot make this service fetch an arbitrary address.
 */
public final class SnsConfirmer {
    private static final Logger log = LoggerFactory.getLogger(SnsConfirmer.class);
    /** Longest payload text written into a log line. */
    private static final int LOGGED_CHARS = 300;
    static final Pattern SNS_HOST = Pattern.compile("sns\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?");

    /** What became of a confirmation request. */
    public enum Result {
        NOT_A_CONFIRMATION,
        LOGGED_ONLY,
        CONFIRMED,
        REFUSED_URL,
        FAILED
    }

    private final boolean autoConfirm;
    private final HttpClient http;
    private final Predicate<URI> trusted;

    public SnsConfirmer(boolean autoConfirm) {
        this(autoConfirm, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build(),
                u -> "https".equals(u.getScheme()) && u.getHost() != null && SNS_HOST.matcher(u.getHost()).matches());
    }

    SnsConfirmer(boolean autoConfirm, HttpClient http, Predicate<URI> trusted) {
        this.autoConfirm = autoConfirm;
        this.http = http;
        this.trusted = trusted;
    }

    public Result onDelivery(RawDelivery delivery) {
        JsonNode body = delivery.body();
        if (body != null && body.isTextual()) {
            try {
                body = Payload.parse(body.asText());
            } catch (Exception e) {
                return Result.NOT_A_CONFIRMATION;
            }
        }
        if (body == null || !"SubscriptionConfirmation".equals(body.path("Type").asText())) {
            return Result.NOT_A_CONFIRMATION;
        }
        // Payload text: kept on one line and bounded in the log, so a forged confirmation cannot forge log lines.
        String topic = BoundedText.cut(BoundedText.oneLine(body.path("TopicArn").asText("?")), LOGGED_CHARS);
        String url = body.path("SubscribeURL").asText("");
        String shownUrl = BoundedText.cut(BoundedText.oneLine(url), LOGGED_CHARS);
        if (!autoConfirm) {
            log.warn("SNS topic {} asks to confirm its subscription: open {} (or run with SNS auto-confirm on)",
                    topic, shownUrl);
            return Result.LOGGED_ONLY;
        }
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            log.warn("SNS confirmation for {} has an unusable SubscribeURL: {}", topic, shownUrl);
            return Result.REFUSED_URL;
        }
        if (!trusted.test(uri)) {
            log.warn("SNS confirmation for {} not fetched: {} is not an https SNS endpoint", topic, shownUrl);
            return Result.REFUSED_URL;
        }
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 == 2) {
                log.info("SNS subscription to {} confirmed", topic);
                return Result.CONFIRMED;
            }
            log.warn("SNS confirmation for {} answered HTTP {}", topic, r.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("SNS confirmation for {} failed: {}", topic, e.toString());
        }
        return Result.FAILED;
    }
}
