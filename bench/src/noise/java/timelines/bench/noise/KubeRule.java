package timelines.bench.noise;

import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * An alerting rule as the kube-prometheus-stack chart ships it (prometheus-community/helm-charts
 * {@code charts/kube-prometheus-stack/templates/prometheus/rules-1.14/}, generated from
 * prometheus-operator/kube-prometheus {@code manifests/*-prometheusRule.yaml}), or one a team adds
 * beside them: its name, the {@code severity} label it sets (null: none, as a team that labels
 * nothing writes it), its {@code for:}, its {@code summary} and {@code description} annotations
 * (rendered from the alert's labels), the expression its {@code generatorURL} links to, and the
 * rule group that evaluates it (each group has its own phase in Prometheus' 30 s evaluation).
 */
record KubeRule(String name, String severity, Duration pendingFor, String group, String summary,
        Function<Map<String, String>, String> description, String runbook, String expr) {

    static final String RUNBOOKS = "https://runbooks.prometheus-operator.dev/runbooks/";

    private static KubeRule chart(String name, String severity, Duration pendingFor, String group, String runbook,
            String summary, Function<Map<String, String>, String> description, String expr) {
        return new KubeRule(name, severity, pendingFor, group, summary, description, RUNBOOKS + runbook, expr);
    }

    static final KubeRule WATCHDOG = chart("Watchdog", "none", Duration.ZERO, "general.rules", "general/watchdog",
            "An alert that should always be firing to certify that Alertmanager is working properly.",
            l -> "This is an alert meant to ensure that the entire alerting pipeline is functional.\nThis alert is always "
                    + "firing, therefore it should always be firing in Alertmanager\nand always fire against a receiver. "
                    + "There are integrations with various notification\nmechanisms that send a notification when this "
                    + "alert is not firing. For example the\n\"DeadMansSnitch\" integration in PagerDuty.\n",
            "vector(1)");

    static final KubeRule INFO_INHIBITOR = chart("InfoInhibitor", "none", Duration.ZERO, "general.rules",
            "general/infoinhibitor", "Info-level alert inhibition.",
            l -> "This is an alert that is used to inhibit info alerts.\nBy themselves, the info-level alerts are "
                    + "sometimes very noisy, but they are relevant when combined with\nother alerts.\nThis alert fires "
                    + "whenever there's a severity=\"info\" alert, and stops firing when another alert with a\nseverity of "
                    + "'warning' or 'critical' starts firing on the same namespace.\nThis alert should be routed to a null "
                    + "receiver and configured to inhibit alerts with severity=\"info\".\n",
            "group by (namespace) (ALERTS{severity = \"info\"} == 1) unless on (namespace) group by (namespace) "
                    + "(ALERTS{alertname != \"InfoInhibitor\", alertstate = \"firing\", severity =~ \"warning|critical\"} == 1)");

    static final KubeRule TARGET_DOWN = chart("TargetDown", "warning", Duration.ofMinutes(10), "general.rules",
            "general/targetdown", "One or more targets are unreachable.",
            l -> l.get("value") + "% of the " + l.get("job") + "/" + l.get("service") + " targets in " + l.get("namespace")
                    + " namespace are down.",
            "100 * (count(up == 0) BY (cluster, job, namespace, service) / count(up) BY (cluster, job, namespace, service)) > 10");

    static final KubeRule CPU_THROTTLING_HIGH = chart("CPUThrottlingHigh", "info", Duration.ofMinutes(15),
            "kubernetes-resources", "kubernetes/cputhrottlinghigh", "Processes experience elevated CPU throttling.",
            l -> l.get("value") + "% throttling of CPU in namespace " + l.get("namespace") + " for container "
                    + l.get("container") + " in pod " + l.get("pod") + " on cluster .",
            "sum without (id, metrics_path, name, image, endpoint, job, node) (increase(container_cpu_cfs_throttled_periods_total"
                    + "{container!=\"\", job=\"kubelet\", metrics_path=\"/metrics/cadvisor\", }[5m])) / on (cluster, namespace, "
                    + "pod, container, instance) group_left sum without (id, metrics_path, name, image, endpoint, job, node) "
                    + "(increase(container_cpu_cfs_periods_total{job=\"kubelet\", metrics_path=\"/metrics/cadvisor\", }[5m])) "
                    + "> ( 25 / 100 )");

    static final KubeRule CPU_OVERCOMMIT = chart("KubeCPUOvercommit", "warning", Duration.ofMinutes(10),
            "kubernetes-resources", "kubernetes/kubecpuovercommit",
            "Cluster has overcommitted CPU resource requests.",
            l -> "Cluster  has overcommitted CPU resource requests for Pods by " + l.get("value")
                    + " CPU shares and cannot tolerate node failure.",
            "sum by (cluster) (namespace_cpu:kube_pod_container_resource_requests:sum{}) - (sum by (cluster) "
                    + "(kube_node_status_allocatable{job=\"kube-state-metrics\",resource=\"cpu\"}) - max by (cluster) "
                    + "(kube_node_status_allocatable{job=\"kube-state-metrics\",resource=\"cpu\"})) > 0");

    static final KubeRule POD_CRASH_LOOPING = chart("KubePodCrashLooping", "warning", Duration.ofMinutes(15),
            "kubernetes-apps", "kubernetes/kubepodcrashlooping", "Pod is crash looping.",
            l -> "Pod " + l.get("namespace") + "/" + l.get("pod") + " (" + l.get("container")
                    + ") is in waiting state (reason: \"CrashLoopBackOff\") on cluster .",
            "max_over_time(kube_pod_container_status_waiting_reason{reason=\"CrashLoopBackOff\", job=\"kube-state-metrics\", "
                    + "namespace=~\".*\"}[5m]) >= 1");

    static final KubeRule DEPLOYMENT_REPLICAS_MISMATCH = chart("KubeDeploymentReplicasMismatch", "warning",
            Duration.ofMinutes(15), "kubernetes-apps", "kubernetes/kubedeploymentreplicasmismatch",
            "Deployment has not matched the expected number of replicas.",
            l -> "Deployment " + l.get("namespace") + "/" + l.get("deployment")
                    + " has not matched the expected number of replicas for longer than 15 minutes on cluster .",
            "(kube_deployment_spec_replicas{job=\"kube-state-metrics\", namespace=~\".*\"} > "
                    + "kube_deployment_status_replicas_available{job=\"kube-state-metrics\", namespace=~\".*\"}) and "
                    + "(changes(kube_deployment_status_replicas_updated{job=\"kube-state-metrics\", namespace=~\".*\"}[10m]) == 0)");

    static final KubeRule STATEFULSET_REPLICAS_MISMATCH = chart("KubeStatefulSetReplicasMismatch", "warning",
            Duration.ofMinutes(15), "kubernetes-apps", "kubernetes/kubestatefulsetreplicasmismatch",
            "StatefulSet has not matched the expected number of replicas.",
            l -> "StatefulSet " + l.get("namespace") + "/" + l.get("statefulset")
                    + " has not matched the expected number of replicas for longer than 15 minutes on cluster .",
            "(kube_statefulset_status_replicas_ready{job=\"kube-state-metrics\", namespace=~\".*\"} != "
                    + "kube_statefulset_status_replicas{job=\"kube-state-metrics\", namespace=~\".*\"}) and "
                    + "(changes(kube_statefulset_status_replicas_updated{job=\"kube-state-metrics\", namespace=~\".*\"}[10m]) == 0)");

    static final KubeRule CONTAINER_WAITING = chart("KubeContainerWaiting", "warning", Duration.ofHours(1),
            "kubernetes-apps", "kubernetes/kubecontainerwaiting", "Pod container waiting longer than 1 hour",
            l -> "pod/" + l.get("pod") + " in namespace " + l.get("namespace") + " on container " + l.get("container")
                    + " has been in waiting state for longer than 1 hour.",
            "sum by (namespace, pod, container) (kube_pod_container_status_waiting_reason{job=\"kube-state-metrics\", "
                    + "namespace=~\".*\"}) > 0");

    static final KubeRule HPA_MAXED_OUT = chart("KubeHpaMaxedOut", "warning", Duration.ofMinutes(15),
            "kubernetes-apps", "kubernetes/kubehpamaxedout", "HPA is running at max replicas",
            l -> "HPA " + l.get("namespace") + "/" + l.get("horizontalpodautoscaler")
                    + " has been running at max replicas for longer than 15 minutes on cluster .",
            "kube_horizontalpodautoscaler_status_current_replicas{job=\"kube-state-metrics\", namespace=~\".*\"} == "
                    + "kube_horizontalpodautoscaler_spec_max_replicas{job=\"kube-state-metrics\", namespace=~\".*\"}");

    static final KubeRule JOB_FAILED = chart("KubeJobFailed", "warning", Duration.ofMinutes(15), "kubernetes-apps",
            "kubernetes/kubejobfailed", "Job failed to complete.",
            l -> "Job " + l.get("namespace") + "/" + l.get("job_name")
                    + " failed to complete. Removing failed job after investigation should clear this alert on cluster .",
            "kube_job_failed{job=\"kube-state-metrics\", namespace=~\".*\"}  > 0");

    static final KubeRule FS_SPACE_FILLING_UP = chart("NodeFilesystemSpaceFillingUp", "warning", Duration.ofHours(1),
            "node-exporter", "node/nodefilesystemspacefillingup",
            "Filesystem is predicted to run out of space within the next 24 hours.",
            l -> "Filesystem on " + l.get("device") + ", mounted on " + l.get("mountpoint") + ", at " + l.get("instance")
                    + " has only " + l.get("value") + "% available space left and is filling up.",
            "(node_filesystem_avail_bytes{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"} / node_filesystem_size_bytes"
                    + "{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"} * 100 < 15 and predict_linear(node_filesystem_avail_bytes"
                    + "{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"}[6h], 24*60*60) < 0 and node_filesystem_readonly"
                    + "{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"} == 0)");

    static final KubeRule FS_SPACE_FILLING_UP_FAST = chart("NodeFilesystemSpaceFillingUp", "critical", Duration.ofHours(1),
            "node-exporter", "node/nodefilesystemspacefillingup",
            "Filesystem is predicted to run out of space within the next 4 hours.",
            l -> "Filesystem on " + l.get("device") + ", mounted on " + l.get("mountpoint") + ", at " + l.get("instance")
                    + " has only " + l.get("value") + "% available space left and is filling up fast.",
            "(node_filesystem_avail_bytes{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"} / node_filesystem_size_bytes"
                    + "{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"} * 100 < 10 and predict_linear(node_filesystem_avail_bytes"
                    + "{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"}[6h], 4*60*60) < 0 and node_filesystem_readonly"
                    + "{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"} == 0)");

    static final KubeRule FS_ALMOST_OUT_OF_SPACE = chart("NodeFilesystemAlmostOutOfSpace", "warning",
            Duration.ofMinutes(30), "node-exporter", "node/nodefilesystemalmostoutofspace",
            "Filesystem has less than 5% space left.",
            l -> "Filesystem on " + l.get("device") + ", mounted on " + l.get("mountpoint") + ", at " + l.get("instance")
                    + " has only " + l.get("value") + "% available space left.",
            "(node_filesystem_avail_bytes{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"} / node_filesystem_size_bytes"
                    + "{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"} * 100 < 5 and node_filesystem_readonly"
                    + "{job=\"node-exporter\",fstype!=\"\",mountpoint!=\"\"} == 0)");

    static final KubeRule CLOCK_NOT_SYNCHRONISING = chart("NodeClockNotSynchronising", "warning",
            Duration.ofMinutes(10), "node-exporter", "node/nodeclocknotsynchronising",
            "Clock not synchronising.",
            l -> "Clock at " + l.get("instance") + " is not synchronising. Ensure NTP is configured on this host.",
            "min_over_time(node_timex_sync_status{job=\"node-exporter\"}[5m]) == 0 and "
                    + "node_timex_maxerror_seconds{job=\"node-exporter\"} >= 16");

    static final KubeRule API_ERROR_BUDGET_BURN_FAST = chart("KubeAPIErrorBudgetBurn", "critical", Duration.ofMinutes(2),
            "kube-apiserver-slos", "kubernetes/kubeapierrorbudgetburn",
            "The Kube API server is burning too much error budget.",
            l -> "The Kube API server is burning too much error budget on cluster .",
            "sum by (cluster) (apiserver_request:burnrate1h) > (14.40 * 0.01000)\nand on (cluster)\n"
                    + "sum by (cluster) (apiserver_request:burnrate5m) > (14.40 * 0.01000)");

    static final KubeRule API_ERROR_BUDGET_BURN_SLOW = chart("KubeAPIErrorBudgetBurn", "warning", Duration.ofHours(1),
            "kube-apiserver-slos", "kubernetes/kubeapierrorbudgetburn",
            "The Kube API server is burning too much error budget.",
            l -> "The Kube API server is burning too much error budget on cluster .",
            "sum by (cluster) (apiserver_request:burnrate1d) > (3.00 * 0.01000)\nand on (cluster)\n"
                    + "sum by (cluster) (apiserver_request:burnrate2h) > (3.00 * 0.01000)");

    /** The team's blackbox check of an application's public health endpoint (the shape of Alertmanager's own example). */
    static final KubeRule PROBE_FAILURE = new KubeRule("ProbeFailure", "critical", Duration.ofMinutes(2), "blackbox",
            "BlackBox Probe Failure: {instance}",
            l -> "Instance " + l.get("instance") + " has been down for over 2m. Job: " + l.get("job"), null,
            "probe_success == 0");

    /**
     * A team's own error-rate rule written without a severity label: the team pages on everything,
     * so DESIGN 5a takes its alerts for impact.
     */
    static final KubeRule ERROR_RATE_HIGH = new KubeRule("HighErrorRate", null, Duration.ofMinutes(5), "team-slos",
            "{service} 5xx rate above 5% for 5 minutes",
            l -> l.get("service") + " answers " + l.get("value") + "% of requests with 5xx", null,
            "sum by (namespace, service) (rate(http_requests_total{code=~\"5..\"}[5m])) / sum by (namespace, service) "
                    + "(rate(http_requests_total[5m])) > 0.05");

    /** The summary annotation with the labels its template names filled in. */
    String summaryFor(Map<String, String> labels) {
        String s = summary;
        for (var e : labels.entrySet()) {
            s = s.replace("{" + e.getKey() + "}", e.getValue());
        }
        return s;
    }
}
