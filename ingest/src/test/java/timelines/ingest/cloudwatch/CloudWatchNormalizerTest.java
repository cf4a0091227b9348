package timelines.ingest.cloudwatch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class CloudWatchNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2023-03-06T07:26:11Z");
    private static final String ALB_TARGET_GROUP = "targetgroup/tis-generic-upload/73e2d6bc24d8a067";
    private static final String ALB_ALARM = "tis-generic-upload-unhealthy-hosts";

    private final CloudWatchNormalizer normalizer = new CloudWatchNormalizer("prod");

    private static String fixture(String name) {
        return Fixtures.text("cloudwatch/" + name);
    }

    private static JsonNode json(String text) {
        return Fixtures.parse(text);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, CloudWatchNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization normalize(String fixture) {
        return normalize(json(fixture(fixture)), RECEIVED);
    }

    @Test
    void readsAnAlbUnhealthyHostAlarmFromSnsAsFailingOfTheTargetGroup() {
        Normalization n = normalize("sns-alb-unhealthy-alarm.json");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.source()).isEqualTo("cloudwatch");
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo(ALB_TARGET_GROUP);
            assertThat(s.check()).isEqualTo(ALB_ALARM);
            assertThat(s.observedAt()).as("StateChangeTime, offset without a colon")
                    .isEqualTo(Instant.parse("2023-03-06T07:26:10.512Z"));
            assertThat(s.receivedAt()).isEqualTo(RECEIVED);
            assertThat(s.alerting()).isTrue();
            assertThat(s.summary()).startsWith(ALB_ALARM + " is ALARM: Threshold Crossed");
            assertThat(s.labels())
                    .containsEntry("account", "123456789012")
                    .containsEntry("namespace", "AWS/ApplicationELB")
                    .containsEntry("metric", "UnHealthyHostCount")
                    .containsEntry("dimension.LoadBalancer", "app/tis-prod/50dc6c495c0c9188")
                    .containsEntry("dimension.TargetGroup", ALB_TARGET_GROUP)
                    .containsEntry("topic", "arn:aws:sns:eu-west-2:123456789012:tis-alarms");
        });
    }

    @Test
    void readsTheOkOfTheSameAlarmAsRecoveredOfTheSameCheck() {
        Normalization n = normalize("sns-alb-unhealthy-ok.json");

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo(ALB_TARGET_GROUP);
            assertThat(s.check()).isEqualTo(ALB_ALARM);
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-03-06T07:55:10.204Z"));
            assertThat(s.alerting()).isTrue();
        });
    }

    @Test
    void namesAClassicElbByItsLoadBalancerName() {
        assertThat(normalize("sns-elb-classic-alarm.json").signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.service()).isEqualTo("tis-legacy-elb");
            assertThat(s.check()).isEqualTo("tis-legacy-elb-unhealthy-hosts");
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-03-06T07:26:40Z"));
            assertThat(s.labels()).containsEntry("namespace", "AWS/ELB");
        });
    }

    @Test
    void namesAnAmazonMqAlarmByItsBroker() {
        Signal alarm = normalize("sns-amazonmq-alarm.json").signals().get(0);
        Signal ok = normalize("sns-amazonmq-ok.json").signals().get(0);

        assertThat(alarm.type()).isEqualTo(SignalType.FAILING);
        assertThat(alarm.service()).isEqualTo("tis-prod-mq");
        assertThat(alarm.check()).isEqualTo("tis-prod-mq-no-connections");
        assertThat(alarm.observedAt()).isEqualTo(Instant.parse("2023-03-06T07:36:05.789Z"));
        assertThat(alarm.labels()).containsEntry("namespace", "AWS/AmazonMQ").containsEntry("metric", "ConnectionCount");
        assertThat(ok.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(ok.observedAt()).isEqualTo(Instant.parse("2023-03-06T14:40:05.321Z"));
        assertThat(ok.key()).isEqualTo(alarm.key()).isEqualTo("prod|tis-prod-mq");
        assertThat(ok.check()).isEqualTo(alarm.check());
    }

    @Test
    void namesAnAlarmWithoutAServiceDimensionByTheAlarmName() {
        Signal single = normalize("aws-lambda-go-single-metric.json").signals().get(0);
        Signal multi = normalize("aws-lambda-go-multiple-metrics.json").signals().get(0);

        assertThat(single.service()).isEqualTo("EXAMPLE");
        assertThat(single.check()).isEqualTo("EXAMPLE");
        assertThat(single.observedAt()).isEqualTo(Instant.parse("2015-06-03T17:43:27.123Z"));
        assertThat(single.labels()).containsEntry("dimension.InstanceId", "TestInstance").containsEntry("metric", "NetworkOut");
        assertThat(multi.service()).isEqualTo("EXAMPLE");
        assertThat(multi.labels()).as("metric math alarms carry dimensions under Trigger.Metrics")
                .containsEntry("dimension.InstanceId", "TestInstance").containsEntry("namespace", "AWS/EC2");
    }

    @Test
    void readsTheDocumentedEventBridgeAlarmStateChange() {
        Normalization n = normalize("aws-docs-eventbridge-single-metric-alarm.json");

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("ServerCpuTooHigh");
            assertThat(s.check()).isEqualTo("ServerCpuTooHigh");
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2019-10-02T17:04:40.989Z"));
            assertThat(s.alerting()).isTrue();
            assertThat(s.labels()).containsEntry("account", "123456789012").containsEntry("region", "us-east-1")
                    .containsEntry("dimension.InstanceId", "i-12345678901234567");
        });
        assertThat(normalize("aws-docs-eventbridge-metric-math-alarm.json").signals()).singleElement()
                .satisfies(s -> assertThat(s.labels()).containsEntry("metric", "NetworkIn"));
    }

    @Test
    void readsEventBridgeAlbAlarmAndOkForTheTargetGroup() {
        Signal alarm = normalize("eventbridge-alb-alarm.json").signals().get(0);
        Signal ok = normalize("eventbridge-alb-ok.json").signals().get(0);

        assertThat(alarm.type()).isEqualTo(SignalType.FAILING);
        assertThat(alarm.service()).isEqualTo(ALB_TARGET_GROUP);
        assertThat(alarm.check()).isEqualTo(ALB_ALARM);
        assertThat(alarm.observedAt()).isEqualTo(Instant.parse("2023-03-06T07:26:10.512Z"));
        assertThat(ok.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(ok.observedAt()).isEqualTo(Instant.parse("2023-03-06T07:55:10.204Z"));
    }

    @Test
    void givesOneStateChangeDeliveredBySnsAndByEventBridgeOneId() {
        Signal sns = normalize("sns-alb-unhealthy-alarm.json").signals().get(0);
        Signal eventBridge = normalize("eventbridge-alb-alarm.json").signals().get(0);

        assertThat(eventBridge.id()).isEqualTo(sns.id());
    }

    /** A Lambda subscribed to the topic that forwards its SNS event as it came: the alarm in Records[].Sns. */
    @Test
    void readsAnAlarmForwardedThroughLambdaAsTheSameSnsMessage() {
        Normalization lambda = normalize("lambda-sns-single-metric.json");
        Normalization http = normalize("aws-lambda-go-single-metric.json");

        assertThat(lambda.isRejected()).as(lambda.rejectedReason()).isFalse();
        assertThat(lambda.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.check()).isEqualTo("EXAMPLE");
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2015-06-03T17:43:27.123Z"));
        });
        assertThat(lambda.signals().get(0).id()).as("the same alarm change as over HTTP")
                .isEqualTo(http.signals().get(0).id());
        assertThat(normalize("lambda-sns-multiple-metrics.json").signals()).singleElement()
                .extracting(Signal::type).isEqualTo(SignalType.FAILING);
    }

    @Test
    void rejectsLambdaRecordsThatCarryNoAlarm() {
        assertThat(normalize(json("{\"Records\":[]}"), RECEIVED).rejectedReason()).contains("'Records'");
        assertThat(normalize(json("{\"Records\":[{\"Sns\":{\"Type\":\"Notification\",\"Message\":\"{}\"}}]}"),
                RECEIVED).rejectedReason()).contains("Records[0].Sns").contains("'AlarmName'");
        assertThat(normalize(json("{\"Records\":[{\"s3\":{}}]}"), RECEIVED).ignoredReason()).contains("not an SNS record");
    }

    @Test
    void givesTheSameIdWhenSnsRetriesTheDelivery() {
        JsonNode body = json(fixture("sns-amazonmq-alarm.json"));

        String first = normalize(body, RECEIVED).signals().get(0).id();
        String retry = normalize(body, RECEIVED.plusSeconds(20)).signals().get(0).id();

        assertThat(retry).isEqualTo(first);
    }

    @Test
    void readsTheTextPlainBodySnsPosts() {
        Normalization fromText = normalize(TextNode.valueOf(fixture("sns-alb-unhealthy-alarm.json")), RECEIVED);

        assertThat(normalizer.acceptsText()).isTrue();
        assertThat(fromText.signals()).isEqualTo(normalize("sns-alb-unhealthy-alarm.json").signals());
    }

    @Test
    void ignoresInsufficientData() {
        Normalization n = normalize("sns-insufficient-data.json");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("INSUFFICIENT_DATA");
    }

    @Test
    void ignoresTheSubscriptionConfirmationNamingTheUrlToConfirmWith() {
        Normalization n = normalize("aws-docs-sns-subscription-confirmation.json");

        assertThat(n.isRejected()).isFalse();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).contains("SubscriptionConfirmation")
                .contains("https://sns.us-west-2.amazonaws.com/?Action=ConfirmSubscription&TopicArn=");
    }

    @Test
    void ignoresOtherEventBridgeEvents() {
        ObjectNode body = (ObjectNode) json(fixture("aws-docs-eventbridge-single-metric-alarm.json"));
        body.put("detail-type", "CloudWatch Alarm Configuration Change");

        Normalization n = normalize(body, RECEIVED);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.ignoredReason()).contains("CloudWatch Alarm Configuration Change");
    }

    @Test
    void rejectsAnSnsNotificationThatIsNotAnAlarm() {
        Normalization n = normalize("aws-docs-sns-notification-hello-world.json");

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("'Message'").contains("not JSON");
    }

    @Test
    void rejectsAnAlarmMessageWithoutAnAlarmName() {
        ObjectNode body = (ObjectNode) json(fixture("sns-alb-unhealthy-alarm.json"));
        body.put("Message", "{\"NewStateValue\":\"ALARM\"}");

        assertThat(normalize(body, RECEIVED).rejectedReason()).contains("missing required field 'AlarmName'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NewStateValue", "StateChangeTime"})
    void rejectsAnAlarmMessageMissingARequiredField(String field) {
        ObjectNode body = (ObjectNode) json(fixture("sns-alb-unhealthy-alarm.json"));
        ObjectNode alarm = (ObjectNode) json(body.get("Message").asText());
        alarm.remove(field);
        body.put("Message", alarm.toString());

        Normalization n = normalize(body, RECEIVED);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).contains("missing required field '" + field + "'");
    }

    @Test
    void rejectsAnEventBridgeEventWithoutAnAlarmName() {
        ObjectNode body = (ObjectNode) json(fixture("eventbridge-alb-alarm.json"));
        ((ObjectNode) body.get("detail")).remove("alarmName");

        assertThat(normalize(body, RECEIVED).rejectedReason()).contains("missing required field 'alarmName'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "[]", "{\"check_id\":1}", "\"not json at all\""})
    void rejectsABodyThatIsNeitherSnsNorEventBridge(String body) {
        Normalization n = normalize(json(body), RECEIVED);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).isNotBlank();
    }

    /** DESIGN 5a: an alarm says nothing of severity, but a load balancer's host health is an up/down check. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "absent", textBlock = """
            sns-alb-unhealthy-alarm.json,               critical
            sns-alb-unhealthy-ok.json,                  critical
            sns-elb-classic-alarm.json,                 critical
            eventbridge-alb-alarm.json,                 critical
            eventbridge-alb-ok.json,                    critical
            sns-amazonmq-alarm.json,                    absent
            sns-amazonmq-ok.json,                       absent
            aws-docs-eventbridge-single-metric-alarm.json, absent
            aws-lambda-go-single-metric.json,           absent
            """)
    void onlyHostHealthAlarmsSayCritical(String fixture, String severity) {
        assertThat(normalize(fixture).signals()).isNotEmpty().allSatisfy(s -> {
            assertThat(s.severity()).isEqualTo(severity);
            assertThat(s.labels()).doesNotContainKey("severity.raw");
        });
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            AWS/ApplicationELB, UnHealthyHostCount,  critical
            AWS/ApplicationELB, HealthyHostCount,    critical
            AWS/NetworkELB,     UnHealthyHostCount,  critical
            AWS/GatewayELB,     UnHealthyHostCount,  critical
            AWS/ELB,            UnHealthyHostCount,  critical
            AWS/Route53,        HealthCheckStatus,   critical
            AWS/ApplicationELB, HTTPCode_ELB_5XX_Count, absent
            AWS/EC2,            UnHealthyHostCount,  absent
            AWS/AmazonMQ,       ConnectionCount,     absent
            absent,             UnHealthyHostCount,  absent
            """)
    void theMetricsThatAreUpDownChecks(String namespace, String metric, String severity) {
        assertThat(CloudWatchNormalizer.severity(namespace, metric))
                .isEqualTo(severity == null ? null : timelines.contracts.Severity.ofWire(severity));
    }
}
