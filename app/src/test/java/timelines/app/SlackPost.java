package timelines.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import timelines.ingest.slack.SlackSignature;

/** A delivery as Slack's Events API posts it: to the Request URL, signed with the app's secret now. */
final class SlackPost {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private SlackPost() {}

    /** @param requestUrl ingest's slack URL as pasted into Slack (with {@code ?token=} when one is needed) */
    static HttpResponse<String> signed(String requestUrl, String secret, String body) throws Exception {
        String ts = Long.toString(Instant.now().getEpochSecond());
        return HTTP.send(HttpRequest.newBuilder(URI.create(requestUrl)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("X-Slack-Request-Timestamp", ts)
                .header("X-Slack-Signature", SlackSignature.sign(secret, ts, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
