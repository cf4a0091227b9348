package timelines.app.post;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import timelines.app.replay.CaptureLine;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.ingest.Sources;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizers;
import timelines.ingest.delivery.Payload;
import timelines.ingest.generic.GenericSignalNormalizer;
import timelines.ingest.generic.RecordNormalizer;

/**
 * Posts the deliveries of a capture (DESIGN section 7) to a running ingest, one at a time and in
 * order, as their senders would have: {@code signals} to {@code /v1/signals}, {@code records} to
 * {@code /v1/records}, any other source to {@code /v1/webhooks/<source>}, with the captured
 * headers and the token as {@code Authorization: Bearer}. Ingest stamps each delivery with its own
 * receipt time; the capture's {@code receivedAt} is not sent (it only places a delivery when the
 * capture is moved, see {@link CaptureShift}).
 *
 * <p>A 503 (Kafka did not acknowledge) is retried after its {@code Retry-After}, an unreachable
 * ingest after a pause; when either lasts, posting stops there, since what follows would arrive
 * out of order, and the result names the line to resume from.
 */
public final class CapturePoster {
    static final int ATTEMPTS = 3;
    static final Duration UNREACHABLE_PAUSE = Duration.ofSeconds(2);
    /** Headers the HTTP client sets itself, or that must not be replayed. */
    private static final Set<String> NOT_SENT = Set.of("content-length", "host", "authorization", "connection",
            "expect", "upgrade", "transfer-encoding");
    /** A time no delivery is received at: a signal observed at it took its receipt time. */
    private static final Instant NO_RECEIPT = Instant.EPOCH;

    /** Waits between attempts; tests pass one that does not. */
    public interface Pause {
        void sleep(Duration d) throws InterruptedException;
    }

    /** What became of a capture. */
    public record Result(int deliveries, int accepted, int ignored, int refused, int receiptTimed,
            Stop stopped) {
        public boolean clean() {
            return refused == 0 && stopped == null;
        }
    }

    /** Where posting stopped and why: the line to resume from. */
    public record Stop(int line, String why) {}

    private final URI base;
    private final String token;
    private final HttpClient client;
    private final Pause pause;
    private final Normalizers normalizers = Sources.normalizers("prod");

    public CapturePoster(URI base, String token, Pause pause) {
        String url = base.toString();
        this.base = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.pause = pause;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Every delivery's receipt, in capture order, null for a line that is none: what {@link CaptureShift#plan} takes. */
    public static List<Instant> receipts(Path capture) throws IOException {
        List<Instant> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(capture, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                out.add(readLine(line).map(RawDelivery::receivedAt).orElse(null));
            }
        }
        return out;
    }

    /**
     * Posts the capture from line {@code fromLine} (1-based, as {@code tail -n +N} counts), each
     * delivery moved by {@code shift} when one is given; a line per delivery to {@code out}.
     */
    public Result post(Path capture, int fromLine, CaptureShift shift, PrintStream out) throws IOException,
            InterruptedException {
        int lineNo = 0;
        int deliveries = 0;
        int accepted = 0;
        int ignored = 0;
        int refused = 0;
        int receiptTimed = 0;
        try (BufferedReader r = Files.newBufferedReader(capture, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo < fromLine || line.isBlank()) {
                    continue;
                }
                deliveries++;
                RawDelivery d;
                try {
                    d = CaptureLine.parse(line);
                } catch (Payload.Invalid e) {
                    out.printf("%d ? -> not posted: %s%n", lineNo, e.getMessage());
                    refused++;
                    continue;
                }
                if (shift != null) {
                    d = CaptureShift.move(d, shift.seconds(lineNo - 1));
                    receiptTimed += receiptTimed(d);
                }
                Answer a = send(d);
                out.printf("%d %s -> %s%n", lineNo, d.source(), a.shown());
                if (a.status() == 503 || a.status() == 0) {
                    return new Result(deliveries - 1, accepted, ignored, refused, receiptTimed, new Stop(lineNo, a.shown()));
                }
                if (a.status() / 100 == 2) {
                    if (a.ignored()) {
                        ignored++;
                    } else {
                        accepted++;
                    }
                } else {
                    refused++;
                }
            }
        }
        return new Result(deliveries, accepted, ignored, refused, receiptTimed, null);
    }

    /** An answer: the HTTP status, 0 when ingest could not be reached. */
    record Answer(int status, String body, boolean ignored) {
        String shown() {
            String text = body.replaceAll("\\s*\\n\\s*", " ");
            text = text.length() > 160 ? text.substring(0, 159) + "…" : text;
            return status == 0 ? "unreachable: " + text : status + " " + text;
        }
    }

    private Answer send(RawDelivery d) throws InterruptedException {
        HttpRequest request = request(d);
        Answer answer = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            Duration wait;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                answer = new Answer(response.statusCode(), response.body(), isIgnored(response));
                if (response.statusCode() != 503) {
                    return answer;
                }
                wait = retryAfter(response.headers().firstValue("Retry-After").orElse(null));
            } catch (IOException e) {
                answer = new Answer(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                        false);
                wait = UNREACHABLE_PAUSE;
            }
            if (attempt < ATTEMPTS) {
                pause.sleep(wait);
            }
        }
        return answer;
    }

    private HttpRequest request(RawDelivery d) {
        String path = switch (d.source()) {
            case GenericSignalNormalizer.SOURCE -> "/v1/signals";
            case RecordNormalizer.SOURCE -> "/v1/records";
            default -> "/v1/webhooks/" + URLEncoder.encode(d.source(), StandardCharsets.UTF_8);
        };
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        String contentType = null;
        for (Map.Entry<String, String> h : d.headers().entrySet()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (NOT_SENT.contains(name) || h.getValue() == null) {
                continue;
            }
            b.header(h.getKey(), h.getValue());
            if (name.equals("content-type")) {
                contentType = h.getValue();
            }
        }
        if (contentType == null) {
            contentType = "application/json";
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.POST(HttpRequest.BodyPublishers.ofByteArray(body(d.body(), contentType))).build();
    }

    /**
     * The body as it was received: ingest keeps a text body (AMQP log lines, SNS's JSON as
     * text/plain) as a string and any JSON as JSON, by the content type.
     */
    static byte[] body(JsonNode body, String contentType) {
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean json = type.equals("application/json") || type.endsWith("+json");
        try {
            return body.isTextual() && !json ? body.asText().getBytes(StandardCharsets.UTF_8)
                    : Json.mapper().writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isIgnored(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            return false;
        }
        try {
            return Json.mapper().readTree(response.body()).has("ignored");
        } catch (IOException e) {
            return false;
        }
    }

    /** Retry-After in seconds (ingest sends 10); a date or nothing waits the default pause. */
    static Duration retryAfter(String header) {
        if (header != null && header.trim().matches("\\d{1,5}")) {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        }
        return UNREACHABLE_PAUSE;
    }

    /** How many of the delivery's signals take their time from receipt: the live system stamps those now. */
    private int receiptTimed(RawDelivery d) {
        Normalization n;
        try {
            n = normalizers.find(d.source()).map(x -> x.normalize(
                    new RawDelivery(NO_RECEIPT, d.source(), d.headers(), d.body(), null))).orElse(null);
        } catch (RuntimeException e) {
            return 0;
        }
        if (n == null) {
            return 0;
        }
        int timed = 0;
        for (Signal s : n.signals()) {
            if (s.observedAt().equals(NO_RECEIPT)) {
                timed++;
            }
        }
        return timed;
    }

    private static Optional<RawDelivery> readLine(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(CaptureLine.parse(line));
        } catch (Payload.Invalid e) {
            return Optional.empty();
        }
    }
}
