package timelines.bench.noise;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Alertmanager simulation tells the stories Alertmanager tells a webhook receiver: when the
 * first notification of a group goes, when a firing alert is repeated and with which
 * {@code startsAt}, when a resolution goes, and what inhibition keeps out.
 */
class AlertmanagerDispatchTest {
    static final Instant T = Instant.parse("2026-03-02T09:00:00Z");
    static final Instant END = T.plus(Duration.ofDays(1));

    static PromAlert alert(String name, String severity, String namespace, Instant startsAt, Instant endsAt) {
        SortedMap<String, String> labels = new TreeMap<>(Map.of("alertname", name, "severity", severity,
                "prometheus", "monitoring/kube-prometheus-stack-prometheus"));
        if (namespace != null) {
            labels.put("namespace", namespace);
        }
        return PromAlert.of(labels, new TreeMap<>(Map.of("summary", name + " summary")), startsAt, endsAt,
                "http://prometheus/graph", "svc");
    }

    @Test
    void shouldComputeFingerprintsAsAlertmanagerDoesForTheChartsAlerts() {
        // The fingerprints of ingest's kube-prometheus-stack fixtures (watchdog.json, shop-firing.json).
        assertThat(PromAlert.fingerprint(new TreeMap<>(Map.of("alertname", "Watchdog",
                "prometheus", "monitoring/kube-prometheus-stack-prometheus", "severity", "none"))))
                .isEqualTo("7da76e02b5888fb5");
        SortedMap<String, String> mismatch = new TreeMap<>(Map.of("alertname", "KubeDeploymentReplicasMismatch",
                "container", "kube-state-metrics", "deployment", "checkout-api", "endpoint", "http",
                "instance", "10.42.1.17:8080", "job", "kube-state-metrics", "namespace", "shop",
                "pod", "kube-prometheus-stack-kube-state-metrics-7c8d9f6b5-x4k2m",
                "prometheus", "monitoring/kube-prometheus-stack-prometheus"));
        mismatch.put("service", "kube-prometheus-stack-kube-state-metrics");
        mismatch.put("severity", "warning");
        assertThat(PromAlert.fingerprint(mismatch)).isEqualTo("fba8abb10915b224");
    }

    @Test
    void shouldSendAfterGroupWaitRepeatOneGroupIntervalAfterTheRepeatIntervalAndSendTheResolution() {
        PromAlert crash = alert("KubePodCrashLooping", "warning", "shop", T, T.plus(Duration.ofHours(5)));

        List<AlertmanagerDispatch.Notification> sent = new AlertmanagerDispatch(1).run(List.of(crash), T, END);

        assertThat(sent).extracting(AlertmanagerDispatch.Notification::reason)
                .containsExactly("first notification", "repeat interval elapsed", "all alerts resolved");
        Instant first = T.plus(AlertmanagerDispatch.ARRIVAL).plus(AlertmanagerDispatch.GROUP_WAIT);
        assertThat(sent.get(0).sentAt()).isBetween(first, first.plusMillis(200));
        // A repeat interval that is a multiple of the group interval comes one flush late (alertmanager #917).
        Instant repeat = first.plus(Duration.ofHours(4)).plus(AlertmanagerDispatch.GROUP_INTERVAL);
        assertThat(sent.get(1).sentAt()).isBetween(repeat, repeat.plusMillis(200));
        ObjectNode again = sent.get(1).body();
        assertThat(again.get("alerts").get(0).get("startsAt").asText()).isEqualTo("2026-03-02T09:00:00Z");
        assertThat(again.get("alerts").get(0).get("endsAt").asText()).isEqualTo(AlertmanagerDispatch.GO_ZERO_TIME);
        assertThat(again.get("alerts").get(0).get("fingerprint").asText()).isEqualTo(crash.fingerprint());
        ObjectNode resolved = sent.get(2).body();
        assertThat(resolved.get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.get("alerts").get(0).get("endsAt").asText()).isEqualTo("2026-03-02T14:00:00Z");
        assertThat(resolved.get("groupKey").asText()).isEqualTo("{}:{namespace=\"shop\"}");
        assertThat(resolved.get("version").asText()).isEqualTo("4");
    }

    @Test
    void shouldSendOnlyTheResolutionOfAnAlertThatFiredAndResolvedBetweenTwoFlushes() {
        PromAlert longOne = alert("KubeHpaMaxedOut", "warning", "shop", T, T.plus(Duration.ofHours(2)));
        // Fires 40 s after the group's first flush and resolves 2 minutes later: before the next flush.
        PromAlert blip = alert("KubePodCrashLooping", "warning", "shop", T.plusSeconds(70), T.plusSeconds(190));

        List<AlertmanagerDispatch.Notification> sent = new AlertmanagerDispatch(1).run(List.of(longOne, blip), T, END);

        assertThat(sent).extracting(AlertmanagerDispatch.Notification::reason)
                .containsExactly("first notification", "some alerts resolved", "all alerts resolved");
        assertThat(sent).flatExtracting(AlertmanagerDispatch.Notification::alerts).filteredOn(c -> c.alert() == blip)
                .singleElement().satisfies(c -> assertThat(c.resolved()).isTrue());
    }

    @Test
    void shouldSendAWatchdogOnItsOwnRouteEveryTenMinutes() {
        PromAlert watchdog = alert("Watchdog", "none", null, T.minus(Duration.ofDays(2)), null);

        List<AlertmanagerDispatch.Notification> sent = new AlertmanagerDispatch(1).run(List.of(watchdog), T,
                T.plus(Duration.ofHours(1)));

        assertThat(sent).hasSize(6).allSatisfy(n -> {
            assertThat(n.reason()).isEqualTo("repeat interval elapsed");
            assertThat(n.groupKey()).isEqualTo("{}/{alertname=\"Watchdog\"}:{}");
        });
        for (int i = 1; i < sent.size(); i++) {
            assertThat(Duration.between(sent.get(i - 1).sentAt(), sent.get(i).sentAt()))
                    .isBetween(Duration.ofSeconds(599), Duration.ofSeconds(601));
        }
    }

    @Test
    void shouldKeepAnInfoAlertOutWhileInfoInhibitorFiresInItsNamespaceAndSendItBesideAWarning() {
        PromAlert throttling = alert("CPUThrottlingHigh", "info", "shop", T, T.plus(Duration.ofHours(3)));
        PromAlert inhibitor = alert("InfoInhibitor", "none", "shop", T, T.plus(Duration.ofHours(1)));
        PromAlert warning = alert("KubePodCrashLooping", "warning", "shop", T.plus(Duration.ofHours(1)),
                T.plus(Duration.ofHours(4)));

        List<AlertmanagerDispatch.Notification> sent = new AlertmanagerDispatch(1)
                .run(List.of(throttling, inhibitor, warning), T, END);

        AlertmanagerDispatch.Notification first = sent.get(0);
        assertThat(first.alerts()).extracting(c -> c.alert().alertname()).containsExactly("InfoInhibitor");
        assertThat(sent).filteredOn(n -> n.alerts().stream().anyMatch(c -> c.alert() == throttling)).first()
                .satisfies(n -> assertThat(n.sentAt()).isAfter(T.plus(Duration.ofHours(1))));
    }

    @Test
    void shouldWriteTimesAsGoDoes() {
        assertThat(AlertmanagerDispatch.goTime(Instant.parse("2026-03-02T09:12:25.900Z"))).isEqualTo("2026-03-02T09:12:25.9Z");
        assertThat(AlertmanagerDispatch.goTime(Instant.parse("2026-03-02T09:12:25Z"))).isEqualTo("2026-03-02T09:12:25Z");
    }
}
