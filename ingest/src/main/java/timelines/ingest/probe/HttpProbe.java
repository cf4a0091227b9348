package timelines.ingest.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * GETs a URL and judges the status. The timeout bounds both the connect and the wait for the
 * response headers; redirects are not followed, so a 3xx is judged as it is (the default range
 * 200-399 counts it healthy).
 */
final class HttpProbe implements Probe {
    private final URI url;
    private final ProbeSettings.StatusRange expect;
    private final Duration timeout;
    private final HttpClient client;

    HttpProbe(ProbeSettings.Http target, Duration timeout) {
        this.url = target.url();
        this.expect = target.expectStatus();
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Result check() {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("User-Agent", "incident-timelines-probe")
                .GET()
                .build();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (expect.contains(status)) {
                return Result.ok("GET " + url + ": HTTP " + status);
            }
            return Result.failed("GET " + url + ": HTTP " + status + " (expected " + expect + ")");
        } catch (HttpConnectTimeoutException e) {
            return Result.failed("GET " + url + ": connect timed out after " + timeout);
        } catch (HttpTimeoutException e) {
            return Result.failed("GET " + url + ": timed out after " + timeout + " waiting for the response");
        } catch (ConnectException e) {
            return Result.failed("GET " + url + ": connection refused");
        } catch (UnknownHostException e) {
            return Result.failed("GET " + url + ": unknown host " + url.getHost());
        } catch (IOException e) {
            return Result.failed("GET " + url + ": " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("GET " + url + ": interrupted");
        }
    }

    /** The innermost cause usually says what happened ("Connection reset", a TLS alert). */
    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : e.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
