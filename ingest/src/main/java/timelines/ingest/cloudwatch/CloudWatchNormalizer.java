package timelines.ingest.cloudwatch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;
import timelines.ingest.delivery.Payload;

/**
 * CloudWatch alarm state changes, as delivered to an HTTP endpoint by
 * <ul>
 *   <li>an Amazon SNS HTTP/HTTPS subscription: {@code Type} {@code Notification} whose
 *       {@code Message} is the alarm as a JSON string ({@code AlarmName}, {@code NewStateValue},
 *       {@code StateChangeTime}, {@code AWSAccountId}, {@code Trigger} with {@code Dimensions} or,
 *       for metric math alarms, {@code Metrics[].MetricStat.Metric.Dimensions}); a
 *       {@code SubscriptionConfirmation} or {@code UnsubscribeConfirmation} is ignored, naming the
 *       URL to confirm with;</li>
 *   <li>an EventBridge rule with an API destination: the {@code CloudWatch Alarm State Change}
 *       event ({@code account}, {@code detail.alarmName}, {@code detail.state},
 *       {@code detail.configuration.metrics[].metricStat.metric.dimensions});</li>
 *   <li>a Lambda function subscribed to the topic that forwards its event as it came: the same SNS
 *       message inside {@code Records[].Sns}.</li>
 * </ul>
 * SNS posts with {@code Content-Type: text/plain}, so this source also takes text bodies and reads
 * them as JSON. ALARM becomes FAILING and OK RECOVERED; INSUFFICIENT_DATA is ignored.
 *
 * <p>Severity (DESIGN 5a): an alarm says nothing of it, so it is absent, except for an alarm on a
 * load balancer's host health or a Route 53 health check ({@link #severity}): those are checks
 * that are down, so {@code critical}, FAILING and RECOVERED alike.
 */
public final class CloudWatchNormalizer implements Normalizer {
    public static final String SOURCE = "cloudwatch";
    static final String EVENT_DETAIL_TYPE = "CloudWatch Alarm State Change";
    /**
     * Dimensions that name the failing resource, in order of preference. DESIGN section 4 lists
     * {@code LoadBalancer} first; the target group comes first here because an ALB's
     * {@code UnHealthyHostCount} is reported per target group and one load balancer fronts many
     * services, whose health alarms would otherwise all land on one service.
     */
    static final List<String> SERVICE_DIMENSIONS = List.of("TargetGroup", "LoadBalancer", "LoadBalancerName", "Broker",
            "QueueName");

    /** CloudWatch writes offsets without a colon ({@code 2015-06-03T17:43:27.123+0000}). */
    private static final DateTimeFormatter CLOUDWATCH_TIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .toFormatter();

    /** The namespaces of Elastic Load Balancing: classic, application, network, gateway. */
    static final Set<String> LOAD_BALANCER_NAMESPACES = Set.of("AWS/ELB", "AWS/ApplicationELB", "AWS/NetworkELB",
            "AWS/GatewayELB");
    /** A load balancer's view of its targets' health checks. */
    static final Set<String> HOST_HEALTH_METRICS = Set.of("UnHealthyHostCount", "HealthyHostCount");

    private final String defaultEnv;

    public CloudWatchNormalizer(String defaultEnv) {
        this.defaultEnv = defaultEnv;
    }

    @Override
    public String source() {
        return SOURCE;
    }

    /** SNS sends its JSON as {@code text/plain}. */
    @Override
    public boolean acceptsText() {
        return true;
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        try {
            JsonNode body = delivery.body();
            if (body != null && body.isTextual()) {
                body = parse(body.asText(), "body");
            }
            if (body == null || !body.isObject()) {
                throw new Payload.Invalid("expected an SNS message ('Type') or an EventBridge event ('detail-type') "
                        + "of a CloudWatch alarm");
            }
            if (body.has("Type")) {
                return sns(body, delivery.receivedAt());
            }
            if (body.has("Records")) {
                return lambdaRecords(body.get("Records"), delivery.receivedAt());
            }
            if (body.has("detail-type")) {
                return eventBridge(body, delivery.receivedAt());
            }
            if (body.has("AlarmName")) {
                return alarm(body, null, delivery.receivedAt());
            }
            throw new Payload.Invalid("missing required field 'Type' (SNS) or 'detail-type' (EventBridge): "
                    + "not a CloudWatch alarm notification");
        } catch (Payload.Invalid e) {
            return Normalization.rejected(e.getMessage());
        }
    }

    private Normalization sns(JsonNode body, Instant receivedAt) {
        String type = Payload.requiredText(body, "Type", " (SNS message)");
        switch (type) {
            case "SubscriptionConfirmation", "UnsubscribeConfirmation" -> {
                String url = Payload.optionalText(body, "SubscribeURL");
                return Normalization.ignored("SNS " + type + " for topic " + Payload.optionalText(body, "TopicArn")
                        + "; to confirm the subscription visit SubscribeURL " + url
                        + " (ingest confirms it itself only when enabled)");
            }
            case "Notification" -> {
                String message = Payload.requiredText(body, "Message", " (SNS notification)");
                JsonNode alarm = parse(message, "SNS 'Message'");
                if (!alarm.isObject() || !alarm.has("AlarmName")) {
                    throw new Payload.Invalid(
                            "SNS 'Message' is not a CloudWatch alarm: missing required field 'AlarmName'");
                }
                return alarm(alarm, Payload.optionalText(body, "TopicArn"), receivedAt);
            }
            default -> throw new Payload.Invalid("field 'Type' must be Notification, SubscriptionConfirmation or "
                    + "UnsubscribeConfirmation (SNS); was '" + type + "'");
        }
    }

    /**
     * A Lambda function's SNS event forwarded as it came ({@code {"Records": [{"EventSource": "aws:sns",
     * "Sns": {...}}]}}): each record's {@code Sns} is the SNS message an HTTP subscription would have
     * received, so it is read as one. A record that is not SNS is ignored with the rest.
     */
    private Normalization lambdaRecords(JsonNode records, Instant receivedAt) {
        if (records == null || !records.isArray() || records.isEmpty()) {
            throw new Payload.Invalid("field 'Records' must be a non-empty array of Lambda event records");
        }
        List<timelines.contracts.Signal> signals = new java.util.ArrayList<>();
        List<String> ignored = new java.util.ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode sns = records.get(i).get("Sns");
            if (sns == null || !sns.isObject()) {
                ignored.add("record " + i + " is not an SNS record ('Sns')");
                continue;
            }
            Normalization n;
            try {
                n = sns(sns, receivedAt);
            } catch (Payload.Invalid e) {
                throw new Payload.Invalid("in 'Records[" + i + "].Sns': " + e.getMessage());
            }
            signals.addAll(n.signals());
            if (n.ignoredReason() != null) {
                ignored.add(n.ignoredReason());
            }
        }
        return signals.isEmpty() ? Normalization.ignored(String.join("; ", ignored)) : Normalization.signals(signals);
    }

    /** The alarm as SNS carries it in {@code Message}. */
    private Normalization alarm(JsonNode alarm, String topicArn, Instant receivedAt) {
        String where = " in the alarm message";
        String name = Payload.requiredText(alarm, "AlarmName", where);
        String state = Payload.requiredText(alarm, "NewStateValue", where);
        SignalType type = type(state);
        if (type == null) {
            return Normalization.ignored("alarm " + name + " went to " + state + ", which is neither ALARM nor OK");
        }
        Instant observedAt = time(Payload.requiredText(alarm, "StateChangeTime", where), "StateChangeTime");
        String account = Payload.optionalText(alarm, "AWSAccountId");
        JsonNode trigger = alarm.get("Trigger");
        Map<String, String> dimensions = new LinkedHashMap<>();
        String namespace = Payload.optionalText(trigger, "Namespace");
        String metric = Payload.optionalText(trigger, "MetricName");
        readNameValueDimensions(trigger == null ? null : trigger.get("Dimensions"), dimensions);
        JsonNode metrics = trigger == null ? null : trigger.get("Metrics");
        if (metrics != null && metrics.isArray()) {
            for (JsonNode m : metrics) {
                JsonNode stat = m.path("MetricStat").path("Metric");
                readNameValueDimensions(stat.get("Dimensions"), dimensions);
                namespace = namespace != null ? namespace : Payload.optionalText(stat, "Namespace");
                metric = metric != null ? metric : Payload.optionalText(stat, "MetricName");
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "account", account);
        Payload.putIfPresent(labels, "region", Payload.optionalText(alarm, "Region"));
        Payload.putIfPresent(labels, "namespace", namespace);
        Payload.putIfPresent(labels, "metric", metric);
        Payload.putIfPresent(labels, "topic", topicArn);
        String reason = Payload.optionalText(alarm, "NewStateReason");
        String arn = Payload.optionalText(alarm, "AlarmArn");
        return signal(type, name, arn, account, state, reason, observedAt, receivedAt, dimensions, labels);
    }

    private Normalization eventBridge(JsonNode event, Instant receivedAt) {
        String detailType = Payload.requiredText(event, "detail-type", " (EventBridge event)");
        if (!EVENT_DETAIL_TYPE.equals(detailType)) {
            return Normalization.ignored("EventBridge event '" + detailType + "' is not a '" + EVENT_DETAIL_TYPE + "'");
        }
        JsonNode detail = event.get("detail");
        if (detail == null || !detail.isObject()) {
            throw new Payload.Invalid("missing required field 'detail' (EventBridge event)");
        }
        String name = Payload.requiredText(detail, "alarmName", " in 'detail'");
        JsonNode stateNode = detail.get("state");
        if (stateNode == null || !stateNode.isObject()) {
            throw new Payload.Invalid("missing required field 'state' in 'detail'");
        }
        String state = Payload.requiredText(stateNode, "value", " in 'detail.state'");
        SignalType type = type(state);
        if (type == null) {
            return Normalization.ignored("alarm " + name + " went to " + state + ", which is neither ALARM nor OK");
        }
        String timestamp = Payload.optionalText(stateNode, "timestamp");
        if (timestamp == null) {
            timestamp = Payload.requiredText(event, "time",
                    " (EventBridge event, as 'detail.state.timestamp' is missing)");
        }
        Instant observedAt = time(timestamp, "detail.state.timestamp");
        Map<String, String> dimensions = new LinkedHashMap<>();
        String namespace = null;
        String metricName = null;
        JsonNode metrics = detail.path("configuration").get("metrics");
        if (metrics != null && metrics.isArray()) {
            for (JsonNode m : metrics) {
                JsonNode metric = m.path("metricStat").path("metric");
                dimensions.putAll(Payload.stringMap(metric.get("dimensions")));
                namespace = namespace != null ? namespace : Payload.optionalText(metric, "namespace");
                metricName = metricName != null ? metricName : Payload.optionalText(metric, "name");
            }
        }
        String account = Payload.optionalText(event, "account");
        Map<String, String> labels = new LinkedHashMap<>();
        Payload.putIfPresent(labels, "account", account);
        Payload.putIfPresent(labels, "region", Payload.optionalText(event, "region"));
        Payload.putIfPresent(labels, "namespace", namespace);
        Payload.putIfPresent(labels, "metric", metricName);
        JsonNode resources = event.get("resources");
        String arn = resources != null && resources.isArray() && !resources.isEmpty() && resources.get(0).isTextual()
                ? resources.get(0).asText() : null;
        return signal(type, name, arn, account, state, Payload.optionalText(stateNode, "reason"), observedAt,
                receivedAt, dimensions, labels);
    }

    private Normalization signal(SignalType type, String alarmName, String arn, String account, String state,
            String reason, Instant observedAt, Instant receivedAt, Map<String, String> dimensions,
            Map<String, String> labels) {
        String service = alarmName;
        for (String key : SERVICE_DIMENSIONS) {
            String value = dimensions.get(key);
            if (value != null && !value.isBlank()) {
                service = value;
                break;
            }
        }
        dimensions.forEach((k, v) -> labels.putIfAbsent("dimension." + k, v));
        // The alarm's ARN names it across SNS and EventBridge alike, so both deliveries of one state
        // change get one id.
        String identity = arn != null ? arn : account + ":" + alarmName;
        String id = Ids.of(SOURCE, identity, type.name(), observedAt.toString());
        String summary = alarmName + " is " + state + (reason != null ? ": " + reason : "");
        Severity severity = severity(labels.get("namespace"), labels.get("metric"));
        return Normalization.signals(List.of(new Signal(id, SOURCE, type, defaultEnv, service, alarmName, observedAt,
                receivedAt, true, severity == null ? null : severity.wire(), summary, null, labels, false)));
    }

    /**
     * {@code critical} for the alarms that are up/down checks: a load balancer's healthy or unhealthy
     * host count, a Route 53 health check; null (the alarm says nothing) for any other metric.
     */
    static Severity severity(String namespace, String metric) {
        if (namespace == null || metric == null) {
            return null;
        }
        boolean hostHealth = LOAD_BALANCER_NAMESPACES.contains(namespace) && HOST_HEALTH_METRICS.contains(metric);
        boolean healthCheck = namespace.equals("AWS/Route53") && metric.equals("HealthCheckStatus");
        return hostHealth || healthCheck ? Severity.CRITICAL : null;
    }

    private static SignalType type(String state) {
        return switch (state) {
            case "ALARM" -> SignalType.FAILING;
            case "OK" -> SignalType.RECOVERED;
            default -> null;
        };
    }

    private static void readNameValueDimensions(JsonNode dims, Map<String, String> into) {
        if (dims == null || !dims.isArray()) {
            return;
        }
        for (JsonNode d : dims) {
            String name = Payload.optionalText(d, "name");
            String value = Payload.optionalText(d, "value");
            if (name != null && value != null) {
                into.putIfAbsent(name, value);
            }
        }
    }

    static Instant time(String text, String field) {
        try {
            return OffsetDateTime.parse(text.trim(), CLOUDWATCH_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new Payload.Invalid(
                    "field '" + field + "' is not a time like '2015-06-03T17:43:27.123+0000': " + text);
        }
    }

    private static JsonNode parse(String text, String what) {
        try {
            JsonNode node = Payload.parse(text);
            if (node == null || node.isMissingNode()) {
                throw new Payload.Invalid(what + " is empty");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Payload.Invalid(what + " is not JSON: " + e.getOriginalMessage());
        }
    }

}
