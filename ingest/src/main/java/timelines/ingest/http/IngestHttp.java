package timelines.ingest.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
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
import timelines.ingest.generic.GenericSignalNormalizer;
import timelines.ingest.generic.RecordNormalizer;

/**
 * Ingest's HTTP surface: {@code POST /v1/signals}, {@code POST /v1/records},
 * {@code POST /v1/webhooks/{source}}. Bad input is answered at once with a JSON error and kept on
 * {@code signals.rejected.v1}; 202 only once Kafka acknowledged.
 */
public final class IngestHttp {
    public static final int MAX_BODY = 1024 * 1024;
    /** How much of an oversized body is kept on the rejected topic (Kafka's own limit is 1 MiB). */
    static final int KEPT_OF_OVERSIZED = 64 * 1024;
    /** Headers worth keeping with a delivery; credentials and signatures never are. */
    static final Set<String> KEPT_HEADERS = Set.of("content-type", "user-agent", "sentry-hook-resource",
            "sentry-hook-timestamp", "x-amz-sns-message-type", "x-amz-sns-topic-arn", "x-amz-sns-message-id",
            "x-pagerduty-webhook-id", "x-grafana-alerting-signature-version", "x-request-id");

    private final DeliveryProcessor processor;
    private final Clock clock;
    private final WebhookAuth auth;
    private final MeterRegistry meters;
    private final SnsConfirmer sns;

    public IngestHttp(DeliveryProcessor processor, Clock clock, WebhookAuth auth, MeterRegistry meters) {
        this(processor, clock, auth, meters, new SnsConfirmer(false));
    }

    public IngestHttp(DeliveryProcessor processor, Clock clock, WebhookAuth auth, MeterRegistry meters,
            SnsConfirmer sns) {
        this.processor = processor;
        this.clock = clock;
        this.auth = auth;
        this.meters = meters;
        this.sns = sns;
    }

    public void register(JavalinConfig config) {
        config.http.maxRequestSize = 16L * MAX_BODY;
        config.routes.post("/v1/signals", ctx -> receive(ctx, GenericSignalNormalizer.SOURCE));
        config.routes.post("/v1/records", ctx -> receive(ctx, RecordNormalizer.SOURCE));
        config.routes.post("/v1/webhooks/{source}", ctx -> receive(ctx, ctx.pathParam("source")));
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

    private void receive(Context ctx, String source) throws IOException {
        var receivedAt = clock.instant();
        Optional<Normalizer> normalizer = processor.normalizers().find(source);
        if (normalizer.isEmpty()) {
            json(ctx, 404, Map.of("error", "unknown source '" + source + "'", "known", processor.normalizers().sources()));
            return;
        }
        WebhookAuth.Refusal refusal = auth.checkToken(source, ctx.header("Authorization"), ctx.queryParam("token"));
        if (refusal != null) {
            refuse(ctx, source, refusal);
            return;
        }
        Map<String, String> lowerCaseHeaders = lowerCaseHeaders(ctx);
        Map<String, String> headers = keptHeaders(lowerCaseHeaders);
        long declared = ctx.req().getContentLengthLong();
        InputStream in = ctx.req().getInputStream();
        byte[] body = in.readNBytes(declared > MAX_BODY ? KEPT_OF_OVERSIZED : MAX_BODY + 1);
        if (declared > MAX_BODY || body.length > MAX_BODY) {
            String size = declared > MAX_BODY ? "a body of " + declared + " bytes" : "a body over " + MAX_BODY + " bytes";
            TextNode kept = RejectedCopy.cut(new String(body, 0, Math.min(body.length, KEPT_OF_OVERSIZED),
                    StandardCharsets.UTF_8), KEPT_OF_OVERSIZED, size);
            respond(ctx, processor.rejectAsync(new RawDelivery(receivedAt, source, headers, kept, null),
                    Rejection.BODY_TOO_LARGE, "body over " + MAX_BODY + " bytes (" + size.substring(2)
                            + "; the first " + KEPT_OF_OVERSIZED + " bytes are kept)"));
            return;
        }
        refusal = auth.checkSignature(source, lowerCaseHeaders, body);
        if (refusal != null) {
            refuse(ctx, source, refusal);
            return;
        }
        boolean textSource = normalizer.get().acceptsText();
        if (!textSource && !isJson(ctx.contentType())) {
            respond(ctx, processor.rejectAsync(new RawDelivery(receivedAt, source, headers, text(body), null),
                    Rejection.UNSUPPORTED_CONTENT_TYPE, "content type must be application/json, was "
                            + Optional.ofNullable(ctx.contentType()).orElse("none")));
            return;
        }
        JsonNode json;
        if (textSource && !isJson(ctx.contentType())) {
            json = text(body);
        } else {
            try {
                json = Payload.parse(body);
            } catch (JsonProcessingException e) {
                respond(ctx, processor.rejectAsync(new RawDelivery(receivedAt, source, headers, text(body), null),
                        Rejection.MALFORMED_JSON, "malformed JSON: " + e.getOriginalMessage()));
                return;
            }
            if (json == null || json.isMissingNode()) {
                respond(ctx, processor.rejectAsync(new RawDelivery(receivedAt, source, headers, text(body), null),
                        Rejection.EMPTY_BODY, "empty body"));
                return;
            }
        }
        RawDelivery delivery = new RawDelivery(receivedAt, source, headers, json, null);
        respond(ctx, processor.processAsync(delivery), outcome -> {
            if (outcome.kind() == Outcome.Kind.IGNORED && CloudWatchNormalizer.SOURCE.equals(source)) {
                sns.onDelivery(delivery);
            }
        });
    }

    private static void respond(Context ctx, CompletableFuture<Outcome> pending) {
        respond(ctx, pending, outcome -> {});
    }

    /**
     * Answers once the outcome is known, without holding a thread while Kafka acknowledges: the
     * request goes async and Jetty's thread returns to the pool. The outcome completes on the
     * producer's I/O thread, which must not write HTTP answers (or confirm SNS subscriptions), so
     * the answer is written from Jetty's pool again, after {@code beforeAnswer}.
     */
    private static void respond(Context ctx, CompletableFuture<Outcome> pending, Consumer<Outcome> beforeAnswer) {
        if (pending.isDone()) {
            Outcome outcome = pending.join();
            beforeAnswer.accept(outcome);
            answer(ctx, outcome);
            return;
        }
        ctx.future(() -> {
            AsyncContext async = ctx.req().getAsyncContext();
            CompletableFuture<Void> answered = new CompletableFuture<>();
            pending.whenComplete((outcome, failure) -> {
                Runnable write = () -> {
                    if (answered.isDone()) {
                        // Javalin gave up on the request (the client went away): nothing to answer.
                        return;
                    }
                    try {
                        if (failure != null) {
                            answered.completeExceptionally(failure);
                            return;
                        }
                        beforeAnswer.accept(outcome);
                        answer(ctx, outcome);
                        answered.complete(null);
                    } catch (RuntimeException e) {
                        answered.completeExceptionally(e);
                    }
                };
                try {
                    async.start(write);
                } catch (RuntimeException e) {
                    // The pool refused (the server is stopping): answer from here rather than never.
                    write.run();
                }
            });
            return answered;
        });
    }

    private void refuse(Context ctx, String source, WebhookAuth.Refusal refusal) {
        meters.counter("timelines_ingest_auth_failures_total", "source", source, "reason", refusal.name()).increment();
        ctx.header("WWW-Authenticate", "Bearer");
        json(ctx, 401, Map.of("error", switch (refusal) {
            case MISSING_TOKEN -> "a token is needed: Authorization: Bearer <token>, or ?token=<token>";
            case WRONG_TOKEN -> "wrong token";
            case MISSING_SIGNATURE -> "the delivery is not signed, and a signing secret is configured for " + source;
            case BAD_SIGNATURE -> "bad signature";
        }));
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
