package timelines.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.ingest.cloudwatch.CloudWatchNormalizer;
import timelines.ingest.cloudwatch.SnsConfirmer;
import timelines.ingest.delivery.DeliveryProcessor;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Outcome;
import timelines.ingest.delivery.Payload;
import timelines.ingest.delivery.Rejection;
import timelines.ingest.delivery.RejectedCopy;
import timelines.ingest.delivery.VendorAnswer;
import timelines.ingest.generic.GenericSignalNormalizer;
import timelines.ingest.generic.RecordNormalizer;

/**
 * Ingest's HTTP surface: {@code POST /v1/signals}, {@code POST /v1/records},
 * {@code POST /v1/webhooks/{source}}, and {@code GET /sources} (what each source last received).
 * Bad input is answered at once with a JSON error and kept on {@code signals.rejected.v1}; 202
 * only once Kafka acknowledged.
 */
public final class IngestHttp {
    public static final int MAX_BODY = 1024 * 1024;
    /**
     * How long a body may take to arrive once its headers have: a webhook's body comes at once, and
     * 1 MiB takes a second even at 1 MB/s. A slow sender holds no thread meanwhile (see {@link BodyReader}).
     */
    public static final Duration BODY_DEADLINE = Duration.ofSeconds(10);
    /** How much of an oversized body is kept on the rejected topic (Kafka's own limit is 1 MiB). */
    static final int KEPT_OF_OVERSIZED = 64 * 1024;
    /** Headers worth keeping with a delivery; credentials and signatures never are. */
    static final Set<String> KEPT_HEADERS = Set.of("content-type", "user-agent", "sentry-hook-resource",
            "sentry-hook-timestamp", "x-amz-sns-message-type", "x-amz-sns-topic-arn", "x-amz-sns-message-id",
            "x-pagerduty-webhook-id", "x-grafana-alerting-signature-version", "x-request-id",
            "x-slack-retry-num", "x-slack-retry-reason", "x-slack-request-timestamp",
            // GitHub and GitLab name the event in a header (GitHubNormalizer reads it) and each delivery.
            "x-github-event", "x-github-delivery", "x-gitlab-event", "x-gitlab-event-uuid");

    static final String AUTH_FAILURES = "timelines_ingest_auth_failures_total";

    private final DeliveryProcessor processor;
    private final Clock clock;
    private final WebhookAuth auth;
    private final MeterRegistry meters;
    private final SnsConfirmer sns;
    private final Duration bodyDeadline;
    private final URI publicUrl;
    private final LastDeliveries deliveries = new LastDeliveries();
    private final Instant started;

    public IngestHttp(DeliveryProcessor processor, Clock clock, WebhookAuth auth, MeterRegistry meters) {
        this(processor, clock, auth, meters, new SnsConfirmer(false));
    }

    public IngestHttp(DeliveryProcessor processor, Clock clock, WebhookAuth auth, MeterRegistry meters,
            SnsConfirmer sns) {
        this(processor, clock, auth, meters, sns, BODY_DEADLINE);
    }

    /** @param bodyDeadline how long a request's body may take to arrive after its headers */
    public IngestHttp(DeliveryProcessor processor, Clock clock, WebhookAuth auth, MeterRegistry meters,
            SnsConfirmer sns, Duration bodyDeadline) {
        this(processor, clock, auth, meters, sns, bodyDeadline, null);
    }

    /**
     * @param publicUrl how vendors reach this ingest, for the URLs {@code GET /sources} shows
     *     ({@code ingest.publicUrl}); null: from the request's own scheme and Host
     */
    public IngestHttp(DeliveryProcessor processor, Clock clock, WebhookAuth auth, MeterRegistry meters,
            SnsConfirmer sns, Duration bodyDeadline, URI publicUrl) {
        this.processor = processor;
        this.clock = clock;
        this.auth = auth;
        this.meters = meters;
        this.sns = sns;
        this.bodyDeadline = bodyDeadline;
        this.publicUrl = publicUrl;
        this.started = clock.instant();
        // At zero from the start, so the first refusal counts in increase().
        for (String source : processor.normalizers().sources()) {
            for (WebhookAuth.Refusal refusal : WebhookAuth.Refusal.values()) {
                authFailures(source, refusal);
            }
        }
    }

    private io.micrometer.core.instrument.Counter authFailures(String source, WebhookAuth.Refusal refusal) {
        return io.micrometer.core.instrument.Counter.builder(AUTH_FAILURES)
                .description("Deliveries refused for a missing or wrong token or signature, by source and reason")
                .tags("source", source, "reason", refusal.name()).register(meters);
    }

    public void register(JavalinConfig config) {
        config.http.maxRequestSize = 16L * MAX_BODY;
        config.routes.post("/v1/signals", ctx -> receive(ctx, GenericSignalNormalizer.SOURCE));
        config.routes.post("/v1/records", ctx -> receive(ctx, RecordNormalizer.SOURCE));
        config.routes.post("/v1/webhooks/{source}", ctx -> receive(ctx, ctx.pathParam("source")));
        config.routes.get("/sources", this::sources);
    }

    /** The integrations page: HTML, or JSON for {@code Accept: application/json}. */
    private void sources(Context ctx) {
        List<SourcesPage.Row> rows = SourcesPage.rows(processor.normalizers().sources(), auth, deliveries,
                baseUrl(ctx));
        String accept = Optional.ofNullable(ctx.header("Accept")).orElse("");
        if (accept.contains("application/json") && !accept.contains("text/html")) {
            json(ctx, 200, SourcesPage.json(rows, started));
        } else {
            ctx.html(SourcesPage.html(rows, started));
        }
    }

    /** The configured public URL, else what the request came to (through a proxy, what it says it forwarded). */
    private String baseUrl(Context ctx) {
        if (publicUrl != null) {
            String u = publicUrl.toString();
            return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        }
        String scheme = Optional.ofNullable(ctx.header("X-Forwarded-Proto")).map(p -> p.split(",")[0].trim())
                .filter(p -> p.equals("http") || p.equals("https")).orElse(ctx.scheme());
        String host = Optional.ofNullable(ctx.header("X-Forwarded-Host")).map(h -> h.split(",")[0].trim())
                .filter(h -> !h.isEmpty()).orElse(ctx.host());
        return scheme + "://" + (host == null ? "localhost" : host);
    }

    /** What {@code GET /sources} shows of each source's last delivery. */
    public LastDeliveries deliveries() {
        return deliveries;
    }

    /** Adds {@code /healthz}, {@code /readyz} and {@code /metrics}. */
    public static void registerOps(JavalinConfig config, Supplier<String> readinessProblem, Supplier<String> scrape) {
        config.routes.get("/healthz", ctx -> json(ctx, 200, Map.of("status", "ok")));
        config.routes.get("/readyz", ctx -> {
            String problem = readinessProblem.get();
            if (problem == null) {
                json(ctx, 200, Map.of("status", "ready"));
            } else {
                json(ctx, 503, Map.of("status", "not ready", "reason", problem));
            }
        });
        config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                .result(scrape.get()));
    }

    private void receive(Context ctx, String source) {
        Instant receivedAt = clock.instant();
        Optional<Normalizer> normalizer = processor.normalizers().find(source);
        if (normalizer.isEmpty()) {
            json(ctx, 404, Map.of("error", "unknown source '" + source + "'", "known", processor.normalizers().sources()));
            return;
        }
        String vendorTokenHeader = WebhookAuth.vendorTokenHeader(source);
        WebhookAuth.Refusal refusal = auth.checkToken(source, ctx.header("Authorization"), ctx.queryParam("token"),
                vendorTokenHeader == null ? null : ctx.header(vendorTokenHeader));
        if (refusal != null) {
            refuse(ctx, source, refusal, receivedAt);
            return;
        }
        long declared = ctx.req().getContentLengthLong();
        int limit = declared > MAX_BODY ? KEPT_OF_OVERSIZED : MAX_BODY + 1;
        // Everything from here on runs without a server thread waiting: first for the body, then for Kafka.
        ctx.future(() -> {
            AsyncContext async = ctx.req().getAsyncContext();
            Executor onServer = task -> {
                try {
                    async.start(task);
                } catch (RuntimeException e) {
                    // The pool refused (the server is stopping): go on from here rather than never.
                    task.run();
                }
            };
            CompletableFuture<Void> answered = new CompletableFuture<>();
            CompletableFuture<BodyReader.Body> body;
            try {
                body = BodyReader.read(ctx.req(), limit, bodyDeadline);
            } catch (IOException | RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
            // The body completes on a server thread, or on the deadline's; either way the delivery is handled on
            // Jetty's pool, as a blocking read handled it before.
            body.whenComplete((b, failure) -> onServer.execute(() -> {
                if (answered.isDone()) {
                    return;
                }
                if (failure != null) {
                    // The sender went away mid-body: nobody to answer.
                    answered.completeExceptionally(failure);
                    return;
                }
                try {
                    Reply reply = afterBody(ctx, source, normalizer.get(), receivedAt, declared, b);
                    answerWhenDone(ctx, onServer, reply, answered, source, receivedAt);
                } catch (RuntimeException e) {
                    answered.completeExceptionally(e);
                }
            }));
            return answered;
        });
    }

    /**
     * What answers a delivery: an outcome still to come from Kafka, what to do before answering
     * with it, and the vendor's own answer when it needs one (Slack's challenge); or an answer
     * written already (a refused signature).
     */
    private record Reply(CompletableFuture<Outcome> outcome, Consumer<Outcome> beforeAnswer,
            Function<Outcome, VendorAnswer> vendorAnswer) {
        static final Reply WRITTEN = new Reply(null, null, null);

        static Reply of(CompletableFuture<Outcome> outcome) {
            return new Reply(outcome, o -> {}, o -> null);
        }
    }

    private Reply afterBody(Context ctx, String source, Normalizer normalizer, Instant receivedAt, long declared,
            BodyReader.Body read) {
        Map<String, String> lowerCaseHeaders = lowerCaseHeaders(ctx);
        Map<String, String> headers = keptHeaders(lowerCaseHeaders);
        byte[] body = read.bytes();
        if (read.ending() == BodyReader.Ending.TIMED_OUT) {
            // The rest of the body will not be read: this connection cannot carry another request.
            ctx.header("Connection", "close");
            String arrived = body.length + (declared >= 0 ? " of " + declared : "") + " bytes arrived";
            return Reply.of(processor.rejectAsync(new RawDelivery(receivedAt, source, headers,
                    RejectedCopy.cut(new String(body, StandardCharsets.UTF_8), KEPT_OF_OVERSIZED, arrived), null),
                    Rejection.BODY_TIMEOUT, "body not received within " + bodyDeadline + " (" + arrived + ")"));
        }
        if (declared > MAX_BODY || body.length > MAX_BODY) {
            ctx.header("Connection", "close");
            String size = declared > MAX_BODY ? "a body of " + declared + " bytes" : "a body over " + MAX_BODY + " bytes";
            TextNode kept = RejectedCopy.cut(new String(body, 0, Math.min(body.length, KEPT_OF_OVERSIZED),
                    StandardCharsets.UTF_8), KEPT_OF_OVERSIZED, size);
            return Reply.of(processor.rejectAsync(new RawDelivery(receivedAt, source, headers, kept, null),
                    Rejection.BODY_TOO_LARGE, "body over " + MAX_BODY + " bytes (" + size.substring(2)
                            + "; the first " + KEPT_OF_OVERSIZED + " bytes are kept)"));
        }
        WebhookAuth.Refusal refusal = auth.checkSignature(source, lowerCaseHeaders, body, receivedAt);
        if (refusal != null) {
            refuse(ctx, source, refusal, receivedAt);
            return Reply.WRITTEN;
        }
        boolean textSource = normalizer.acceptsText();
        if (!textSource && !isJson(ctx.contentType())) {
            return Reply.of(processor.rejectAsync(new RawDelivery(receivedAt, source, headers, text(body), null),
                    Rejection.UNSUPPORTED_CONTENT_TYPE, "content type must be application/json, was "
                            + Optional.ofNullable(ctx.contentType()).orElse("none")));
        }
        JsonNode json;
        if (textSource && !isJson(ctx.contentType())) {
            json = text(body);
        } else {
            try {
                json = Payload.parse(body);
            } catch (JsonProcessingException e) {
                return Reply.of(processor.rejectAsync(new RawDelivery(receivedAt, source, headers, text(body), null),
                        Rejection.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage()));
            }
            if (json == null || json.isMissingNode()) {
                return Reply.of(processor.rejectAsync(new RawDelivery(receivedAt, source, headers, text(body), null),
                        Rejection.EMPTY_BODY, "empty body"));
            }
        }
        RawDelivery delivery = new RawDelivery(receivedAt, source, headers, json, null);
        return new Reply(processor.processAsync(delivery), outcome -> {
            if (outcome.kind() == Outcome.Kind.IGNORED && CloudWatchNormalizer.SOURCE.equals(source)) {
                sns.onDelivery(delivery);
            }
        }, outcome -> normalizer.answer(delivery, outcome));
    }

    /**
     * Answers once the outcome is known, without holding a thread while Kafka acknowledges. The
     * outcome completes on the producer's I/O thread, which must not write HTTP answers (or confirm
     * SNS subscriptions), so the answer is written from Jetty's pool again, after the reply's
     * {@code beforeAnswer}.
     */
    private void answerWhenDone(Context ctx, Executor onServer, Reply reply, CompletableFuture<Void> answered,
            String source, Instant receivedAt) {
        if (reply == Reply.WRITTEN) {
            answered.complete(null);
            return;
        }
        // Called on Jetty's pool: an outcome known already (a rejection kept, say) is answered from here.
        CompletableFuture<Outcome> pending = reply.outcome();
        if (pending.isDone()) {
            write(ctx, reply, pending, answered, source, receivedAt);
        } else {
            pending.whenComplete((outcome, failure) -> onServer.execute(
                    () -> write(ctx, reply, pending, answered, source, receivedAt)));
        }
    }

    private void write(Context ctx, Reply reply, CompletableFuture<Outcome> done, CompletableFuture<Void> answered,
            String source, Instant receivedAt) {
        if (answered.isDone()) {
            // Javalin gave up on the request (the client went away): nothing to answer.
            return;
        }
        try {
            Outcome outcome = done.join();
            reply.beforeAnswer().accept(outcome);
            VendorAnswer vendor = reply.vendorAnswer().apply(outcome);
            if (vendor != null) {
                ctx.status(vendor.status()).contentType(vendor.contentType())
                        .result(vendor.body().getBytes(StandardCharsets.UTF_8));
            } else {
                answer(ctx, outcome);
            }
            deliveries.record(source, receivedAt, result(outcome.kind()), vendor != null ? vendor.status()
                    : outcome.status(), outcome.reason());
            answered.complete(null);
        } catch (RuntimeException e) {
            answered.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                    ? e.getCause() : e);
        }
    }

    private void refuse(Context ctx, String source, WebhookAuth.Refusal refusal, Instant receivedAt) {
        authFailures(source, refusal).increment();
        ctx.header("WWW-Authenticate", "Bearer");
        String reason = switch (refusal) {
            case MISSING_TOKEN -> "a token is needed: Authorization: Bearer <token>, or ?token=<token>";
            case WRONG_TOKEN -> "wrong token";
            case MISSING_SIGNATURE -> "the delivery is not signed, and a signing secret is configured for " + source;
            case BAD_SIGNATURE -> "bad signature";
            case STALE_SIGNATURE -> "the signed timestamp is more than 5 minutes from ingest's clock (a request "
                    + "played again, or a clock that is off)";
        };
        json(ctx, 401, Map.of("error", reason));
        deliveries.record(source, receivedAt, LastDeliveries.Result.REJECTED, 401, reason);
    }

    private static LastDeliveries.Result result(Outcome.Kind kind) {
        return switch (kind) {
            case ACCEPTED -> LastDeliveries.Result.ACCEPTED;
            case IGNORED -> LastDeliveries.Result.IGNORED;
            case REJECTED -> LastDeliveries.Result.REJECTED;
            case UNAVAILABLE -> LastDeliveries.Result.UNAVAILABLE;
        };
    }

    private static Map<String, String> lowerCaseHeaders(Context ctx) {
        Map<String, String> out = new LinkedHashMap<>();
        ctx.headerMap().forEach((k, v) -> out.put(k.toLowerCase(Locale.ROOT), v));
        return out;
    }

    private static void answer(Context ctx, Outcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        int status = outcome.status();
        switch (outcome.kind()) {
            case ACCEPTED -> {
                body.put("accepted", outcome.ids().size());
                body.put("ids", outcome.ids());
            }
            case IGNORED -> body.put("ignored", outcome.reason());
            case REJECTED -> body.put("error", outcome.reason());
            case UNAVAILABLE -> {
                body.put("error", outcome.reason());
                ctx.header("Retry-After", "10");
            }
        }
        json(ctx, status, body);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.endsWith("+json");
    }

    private static Map<String, String> keptHeaders(Map<String, String> lowerCaseHeaders) {
        Map<String, String> kept = new LinkedHashMap<>();
        lowerCaseHeaders.forEach((name, value) -> {
            if (KEPT_HEADERS.contains(name)) {
                kept.put(name, value);
            }
        });
        return kept;
    }

    /** The body as text, made only for the deliveries that are kept as text. */
    private static TextNode text(byte[] body) {
        return TextNode.valueOf(new String(body, StandardCharsets.UTF_8));
    }

    static void json(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(Json.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
