package timelines.ingest.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import timelines.ingest.Fixtures;
import timelines.contracts.Json;
import timelines.contracts.RawDelivery;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;

class AlertmanagerNormalizerTest {
    private static final Instant RECEIVED = Instant.parse("2024-05-02T09:30:00Z");

    private final AlertmanagerNormalizer normalizer = new AlertmanagerNormalizer("prod");

    private static JsonNode fixture(String name) {
        return Fixtures.json("alertmanager/" + name);
    }

    private Normalization normalize(JsonNode body, Instant receivedAt) {
        return normalizer.normalize(new RawDelivery(receivedAt, AlertmanagerNormalizer.SOURCE, Map.of(), body, null));
    }

    private Normalization normalize(JsonNode body) {
        return normalize(body, RECEIVED);
    }

    private static ObjectNode firstAlert(JsonNode body) {
        return (ObjectNode) body.get("alerts").get(0);
    }

    @Test
    void thePipelinesOwnAlertComingBackIsNeverASignalButItsGroupmatesAre() {
        Normalization n = normalize(fixture("own-unrecorded-outage.json"));

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.labels()).containsEntry("alertname", "ProbeFailure");
            assertThat(s.severity()).isEqualTo("critical");
        });
    }

    @Test
    void thePipelinesOwnAlertAloneIsIgnoredWithTheReason() {
        ObjectNode body = (ObjectNode) fixture("own-unrecorded-outage.json");
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("alerts")).remove(1);

        Normalization n = normalize(body);

        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).isEqualTo("UnrecordedOutage 3f1c0a9e5b7d42e1a6c8f0b2d4e6a8c0: this pipeline's "
                + "own alert coming back, never evidence of an outage");
    }

    /** Found by fuzzing (CaptureLineFuzzTest): the own-alert check threw on an alert without an alertname. */
    @Test
    void anAlertWithoutAnAlertnameIsReadNotThrownOn() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        ((ObjectNode) firstAlert(body).get("labels")).remove("alertname");

        Normalization n = normalize(body);

        assertThat(n.isRejected() || n.ignoredReason() != null || !n.signals().isEmpty())
                .as("signals, an ignore or a rejection: %s", n).isTrue();
    }

    @Test
    void anAlertOfATeamThatHappensToBeNamedLikeOursIsStillASignal() {
        ObjectNode body = (ObjectNode) fixture("own-unrecorded-outage.json");
        ((ObjectNode) firstAlert(body).get("labels")).remove("incident_id");

        assertThat(normalize(body).signals()).hasSize(2);
    }

    @Test
    void firingAlertIsFailingAtStartsAt() {
        Normalization n = normalize(fixture("firing.json"));

        assertThat(n.rejectedReason()).isNull();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.source()).isEqualTo("alertmanager");
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).as("no 'service' label: the job").isEqualTo("http_checks");
            assertThat(s.check()).isEqualTo("1a30ba71cca2921f");
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-02-06T13:08:45.828Z"));
            assertThat(s.receivedAt()).isEqualTo(RECEIVED);
            assertThat(s.alerting()).isTrue();
            assertThat(s.severity()).isEqualTo("critical");
            assertThat(s.summary()).isEqualTo("BlackBox Probe Failure: https://server.example.org");
            assertThat(s.link()).isEqualTo("http://prometheus.example.org:9090/graph?g0.expr=probe_success+%3D%3D+0&g0.tab=1");
            assertThat(s.labels()).containsEntry("alertname", "ProbeFailure").containsEntry("monitor", "master")
                    .containsEntry("severity.raw", "critical").hasSize(6);
        });
    }

    @Test
    void resolvedAlertIsRecoveredAtEndsAtAndPairsWithTheFiring() {
        Signal firing = normalize(fixture("firing.json")).signals().get(0);
        Normalization n = normalize(fixture("resolved.json"));

        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(s.env()).isEqualTo("prod");
            assertThat(s.service()).isEqualTo("http_checks");
            assertThat(s.check()).isEqualTo(firing.check());
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2023-02-06T13:41:15.828Z"));
            assertThat(s.alerting()).isTrue();
            assertThat(s.id()).isNotEqualTo(firing.id());
            // Says what recovered, not the firing summary alone (which would read "... Failure" on a recovery line).
            assertThat(s.summary()).isEqualTo("alert ProbeFailure resolved (was: BlackBox Probe Failure: "
                    + "https://server.example.org)");
            assertThat(firing.summary()).isEqualTo("BlackBox Probe Failure: https://server.example.org");
        });
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
            CheckoutDown | checkout target is down | alert CheckoutDown resolved (was: checkout target is down)
            CheckoutDown | CheckoutDown            | alert CheckoutDown resolved
            NULL         | ledger 5xx above 5%     | the alert resolved (was: ledger 5xx above 5%)
            NULL         | NULL                    | the alert resolved
            """)
    void aResolvedAlertsLineNamesTheAlertThatResolved(String alertname, String firing, String expected) {
        assertThat(AlertSignals.resolvedSummary(alertname, firing)).isEqualTo(expected);
    }

    @Test
    void eachAlertOfAGroupIsJudgedByItsOwnStatus() {
        Normalization n = normalize(fixture("mixed-group.json"));

        assertThat(n.signals()).hasSize(2);
        Signal checkout = n.signals().get(0);
        assertThat(checkout.type()).isEqualTo(SignalType.FAILING);
        assertThat(checkout.env()).isEqualTo("staging");
        assertThat(checkout.service()).isEqualTo("checkout");
        assertThat(checkout.check()).isEqualTo("8f4c2b9a1d3e5f60");
        assertThat(checkout.observedAt()).as("a firing alert's future endsAt is its expiry, not a recovery")
                .isEqualTo(Instant.parse("2024-05-02T09:14:30.101Z"));
        assertThat(checkout.severity()).isEqualTo("critical");
        assertThat(checkout.labels()).containsEntry("severity.raw", "page");

        Signal ledger = n.signals().get(1);
        assertThat(ledger.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(ledger.env()).isEqualTo("prod");
        assertThat(ledger.service()).isEqualTo("ledger-api");
        assertThat(ledger.check()).isEqualTo("3c9d0e7a6b5f4e21");
        assertThat(ledger.observedAt()).isEqualTo(Instant.parse("2024-05-02T09:12:00Z"));
        assertThat(ledger.summary()).as("resolved; no summary annotation: the description, as what it was")
                .isEqualTo("alert HighErrorRate resolved (was: ledger-api 5xx rate above 5%)");
    }

    @Test
    void serviceFallsBackToTheAlertname() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        ((ObjectNode) firstAlert(body).get("labels")).remove("job");

        assertThat(normalize(body).signals().get(0).service()).isEqualTo("ProbeFailure");
    }

    @Test
    void aResolvedAlertWithoutEndsAtRecoversAtReceipt() {
        ObjectNode body = (ObjectNode) fixture("resolved.json");
        firstAlert(body).put("endsAt", "0001-01-01T00:00:00Z");

        assertThat(normalize(body).signals().get(0).observedAt()).isEqualTo(RECEIVED);
    }

    @Test
    void aRetryGivesTheSameIds() {
        for (String name : new String[] {"firing.json", "resolved.json", "mixed-group.json"}) {
            assertThat(normalize(fixture(name), RECEIVED.plusSeconds(300)).signals()).extracting(Signal::id)
                    .as(name).containsExactlyElementsOf(normalize(fixture(name)).signals().stream().map(Signal::id).toList());
        }
    }

    @Test
    void aRepeatNotificationOfTheSameFiringGivesTheSameId() {
        ObjectNode repeat = (ObjectNode) fixture("firing.json");
        firstAlert(repeat).put("endsAt", "2023-02-06T13:20:45.828Z");
        ((ObjectNode) firstAlert(repeat).get("annotations")).put("description", "down for over 10m");

        assertThat(normalize(repeat).signals().get(0).id()).isEqualTo(normalize(fixture("firing.json")).signals().get(0).id());
    }

    @Test
    void anAlertWithoutAFingerprintIsIdentifiedByItsLabelSet() {
        ObjectNode a = (ObjectNode) fixture("firing.json");
        firstAlert(a).remove("fingerprint");
        ObjectNode b = (ObjectNode) fixture("resolved.json");
        firstAlert(b).remove("fingerprint");

        String firingCheck = normalize(a).signals().get(0).check();
        assertThat(firingCheck).startsWith("labels:");
        assertThat(normalize(b).signals().get(0).check()).isEqualTo(firingCheck);
    }

    @Test
    void rejectsAFiringAlertWithoutStartsAtNamingFieldAndAlert() {
        ObjectNode body = (ObjectNode) fixture("mixed-group.json");
        ((ObjectNode) body.get("alerts").get(0)).remove("startsAt");

        Normalization n = normalize(body);

        assertThat(n.isRejected()).isTrue();
        assertThat(n.rejectedReason()).isEqualTo("missing required field 'startsAt' (alert 0)");
    }

    @Test
    void rejectsABodyWithoutAlerts() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        body.remove("alerts");

        assertThat(normalize(body).rejectedReason()).isEqualTo("missing required field 'alerts'");
    }

    /** Alertmanager before 0.7: version "3", a numeric groupKey, no fingerprint (the label set stands in). */
    @Test
    void readsPayloadVersionThreeFromOlderReleases() {
        Signal firing = normalize(fixture("v3-flakyhost-firing.json")).signals().get(0);
        Signal resolved = normalize(fixture("v3-flakyhost-resolved.json")).signals().get(0);
        Normalization executor = normalize(fixture("v3-am-executor-firing.json"));

        assertThat(firing.type()).isEqualTo(SignalType.FAILING);
        assertThat(firing.service()).as("no service label: job").isEqualTo("blackbox");
        assertThat(firing.observedAt()).isEqualTo(Instant.parse("2016-11-19T15:31:27.818Z"));
        assertThat(resolved.type()).isEqualTo(SignalType.RECOVERED);
        assertThat(resolved.observedAt()).isEqualTo(Instant.parse("2016-11-19T15:29:27.818Z"));
        assertThat(resolved.check()).as("the same label set is the same check").isEqualTo(firing.check());
        assertThat(executor.signals()).hasSize(2).allSatisfy(s -> {
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2016-04-07T16:08:52.804Z"));
        });
        assertThat(executor.signals().get(0).check()).isNotEqualTo(executor.signals().get(1).check());
    }

    @Test
    void rejectsAnotherPayloadVersionNamingIt() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        body.put("version", "1");

        assertThat(normalize(body).rejectedReason()).contains("'version'").contains("\"4\"").contains("'1'");
    }

    @Test
    void rejectsAnUnknownAlertStatus() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        firstAlert(body).put("status", "pending");

        assertThat(normalize(body).rejectedReason()).contains("'status' (alert 0)").contains("pending");
    }

    @Test
    void ignoresANotificationWithNoAlerts() {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        body.putArray("alerts");

        Normalization n = normalize(body);

        assertThat(n.isRejected()).isFalse();
        assertThat(n.ignoredReason()).isNotBlank();
    }

    /** DESIGN 5a, first column: every word of it, in any case, and a word it does not know. */
    @ParameterizedTest(name = "severity {0} -> {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            critical,      critical
            CRITICAL,      critical
            page,          critical
            fatal,         critical
            emergency,     critical
            alert,         critical
            high,          critical
            P1,            critical
            error,         error
            major,         error
            p2,            error
            warning,       warning
            Warn,          warning
            medium,        warning
            minor,         warning
            p3,            warning
            info,          info
            informational, info
            notice,        info
            low,           info
            debug,         info
            p4,            info
            p5,            info
            sev2,          absent
            """)
    void theSeverityLabelIsNormalizedAndItsWordKept(String word, String severity) {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        ((ObjectNode) firstAlert(body).get("labels")).put("severity", word);

        Signal s = normalize(body).signals().get(0);

        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.labels()).containsEntry("severity.raw", word).containsEntry("severity", word);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(nullValues = "absent", textBlock = """
            priority=P2,              error,   P2
            level=warning,            warning, warning
            priority=high level=info, critical, high
            team=payments,            absent,  absent
            """)
    void withoutASeverityLabelPriorityThenLevelSayIt(String labels, String severity, String raw) {
        ObjectNode body = (ObjectNode) fixture("firing.json");
        ObjectNode l = (ObjectNode) firstAlert(body).get("labels");
        l.remove("severity");
        for (String kv : labels.split(" ")) {
            l.put(kv.split("=")[0], kv.split("=")[1]);
        }

        Signal s = normalize(body).signals().get(0);

        assertThat(s.severity()).isEqualTo(severity);
        assertThat(s.labels().get("severity.raw")).isEqualTo(raw);
    }

    /** kube-prometheus-stack's alerts as Alertmanager sends them (see SOURCES.md): what each becomes. */
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            watchdog.json,               Watchdog,                       FAILING,   absent,   Watchdog,                                       none
            shop-firing.json,            KubeDeploymentReplicasMismatch, FAILING,   warning,  kube-prometheus-stack-kube-state-metrics,       warning
            shop-firing.json,            KubeHpaMaxedOut,                FAILING,   warning,  kube-prometheus-stack-kube-state-metrics,       warning
            shop-firing.json,            KubePodCrashLooping,            FAILING,   warning,  kube-prometheus-stack-kube-state-metrics,       warning
            shop-firing.json,            CPUThrottlingHigh,              FAILING,   info,     kube-prometheus-stack-kubelet,                  info
            shop-resolved.json,          KubeDeploymentReplicasMismatch, RECOVERED, warning,  kube-prometheus-stack-kube-state-metrics,       warning
            shop-resolved.json,          KubePodCrashLooping,            RECOVERED, warning,  kube-prometheus-stack-kube-state-metrics,       warning
            node-filesystem-warning.json,  NodeFilesystemSpaceFillingUp, FAILING,   warning,  kube-prometheus-stack-prometheus-node-exporter, warning
            node-filesystem-critical.json, NodeFilesystemSpaceFillingUp, FAILING,  critical, kube-prometheus-stack-prometheus-node-exporter, critical
            apiserver-error-budget.json, KubeAPIErrorBudgetBurn,         FAILING,   critical, KubeAPIErrorBudgetBurn,                         critical
            job-failed.json,             KubeJobFailed,                  FAILING,   warning,  kube-prometheus-stack-kube-state-metrics,       warning
            target-down.json,            TargetDown,                     FAILING,   warning,  payments-api,                                   warning
            """)
    void kubePrometheusAlertsCarryTheirSeverity(String file, String alertname, SignalType type, String severity,
            String service, String raw) {
        Normalization n = normalize(fixture("kube-prometheus-stack-" + file));

        assertThat(n.rejectedReason()).isNull();
        assertThat(n.signals()).filteredOn(s -> s.labels().get("alertname").equals(alertname)).singleElement()
                .satisfies(s -> {
                    assertThat(s.type()).isEqualTo(type);
                    assertThat(s.severity()).isEqualTo(severity);
                    assertThat(s.service()).as("before catalog rules: label service, else job, else alertname")
                            .isEqualTo(service);
                    assertThat(s.labels()).containsEntry("severity.raw", raw);
                });
    }

    @Test
    void aResolvedAlertHasTheSeverityAndCheckOfItsFiring() {
        Map<String, Signal> firing = byAlertname(normalize(fixture("kube-prometheus-stack-shop-firing.json")));
        Map<String, Signal> resolved = byAlertname(normalize(fixture("kube-prometheus-stack-shop-resolved.json")));

        for (String alertname : List.of("KubePodCrashLooping", "KubeDeploymentReplicasMismatch")) {
            Signal f = firing.get(alertname);
            Signal r = resolved.get(alertname);
            assertThat(f.type()).isEqualTo(SignalType.FAILING);
            assertThat(r.type()).isEqualTo(SignalType.RECOVERED);
            assertThat(r.check()).isEqualTo(f.check());
            assertThat(r.severity()).isEqualTo(f.severity()).isEqualTo("warning");
        }
        assertThat(resolved.get("KubePodCrashLooping").observedAt()).isEqualTo(Instant.parse("2026-03-02T09:48:25.901Z"));
    }

    @Test
    void theWatchdogIsKeptAsAHeartbeatWithoutASeverity() {
        Normalization n = normalize(fixture("kube-prometheus-stack-watchdog.json"));

        assertThat(n.ignoredReason()).isNull();
        assertThat(n.signals()).singleElement().satisfies(s -> {
            assertThat(s.type()).isEqualTo(SignalType.FAILING);
            assertThat(s.observedAt()).isEqualTo(Instant.parse("2026-02-27T06:12:40.117Z"));
            assertThat(s.severity()).isNull();
            assertThat(s.labels()).containsEntry("alertname", "Watchdog").containsEntry("severity", "none")
                    .containsEntry("severity.raw", "none")
                    .containsEntry("prometheus", "monitoring/kube-prometheus-stack-prometheus");
            assertThat(s.check()).as("its fingerprint, as for any alert").isEqualTo("7da76e02b5888fb5");
            assertThat(s.service()).as("no service or job label: the alertname").isEqualTo("Watchdog");
        });
    }

    @ParameterizedTest(name = "{0} severity {1}")
    @CsvSource(nullValues = "absent", textBlock = """
            DeadMansSwitch, none,     absent
            Watchdog,       NONE,     absent
            Watchdog,       critical, critical
            """)
    void aHeartbeatIsKeptWhateverItsSeverity(String alertname, String word, String severity) {
        ObjectNode body = (ObjectNode) fixture("kube-prometheus-stack-watchdog.json");
        ObjectNode labels = (ObjectNode) firstAlert(body).get("labels");
        labels.put("alertname", alertname);
        labels.put("severity", word);

        assertThat(normalize(body).signals()).singleElement().satisfies(s -> {
            assertThat(s.severity()).isEqualTo(severity);
            assertThat(s.labels()).containsEntry("severity.raw", word);
        });
    }

    @Test
    void anInfoInhibitorAloneIsNotASignalAndTheDeliveryIsIgnored() {
        Normalization n = normalize(fixture("kube-prometheus-stack-info-inhibitor.json"));

        assertThat(n.rejectedReason()).isNull();
        assertThat(n.signals()).isEmpty();
        assertThat(n.ignoredReason()).isEqualTo(
                "InfoInhibitor: severity 'none' and not a heartbeat (DeadMansSwitch, Watchdog), so not a signal");
    }

    @Test
    void anInfoInhibitorInAGroupLeavesTheOtherAlertsTheirSignals() {
        Normalization n = normalize(fixture("kube-prometheus-stack-shop-firing.json"));

        assertThat(n.ignoredReason()).isNull();
        assertThat(n.signals()).extracting(s -> s.labels().get("alertname")).containsExactly(
                "KubeDeploymentReplicasMismatch", "KubeHpaMaxedOut", "KubePodCrashLooping", "CPUThrottlingHigh");
    }

    @Test
    void theHeartbeatNamesAreTheTopologysSetting() {
        AlertmanagerNormalizer custom = new AlertmanagerNormalizer("prod", List.of("PipelineAlive"));
        ObjectNode renamed = (ObjectNode) fixture("kube-prometheus-stack-watchdog.json");
        ((ObjectNode) firstAlert(renamed).get("labels")).put("alertname", "PipelineAlive");

        Normalization watchdog = custom.normalize(new RawDelivery(RECEIVED, AlertmanagerNormalizer.SOURCE, Map.of(),
                fixture("kube-prometheus-stack-watchdog.json"), null));
        Normalization alive = custom.normalize(new RawDelivery(RECEIVED, AlertmanagerNormalizer.SOURCE, Map.of(),
                renamed, null));

        assertThat(watchdog.signals()).isEmpty();
        assertThat(watchdog.ignoredReason()).isEqualTo(
                "Watchdog: severity 'none' and not a heartbeat (PipelineAlive), so not a signal");
        assertThat(alive.signals()).singleElement().satisfies(s -> assertThat(s.severity()).isNull());
    }

    private static Map<String, Signal> byAlertname(Normalization n) {
        Map<String, Signal> out = new java.util.HashMap<>();
        n.signals().forEach(s -> out.put(s.labels().get("alertname"), s));
        return out;
    }
}
