package timelines.bench.noise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SortedMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What Alertmanager sends a webhook receiver for a stream of alerts, after prometheus/alertmanager's
 * {@code dispatch} and {@code notify} packages: alerts are grouped per route by {@code group_by}
 * labels; a new group waits {@code group_wait} before its first notification, then is flushed
 * every {@code group_interval}; at a flush the inhibited alerts are left out, and the dedup stage
 * (its {@code needsUpdate}) sends only when an alert fired that the last notification did not
 * hold, a resolved one is new, all are resolved, or the last notification is older than
 * {@code repeat_interval} (strictly, measured from when it was sent, so a repeat interval that is
 * a multiple of the group interval comes one flush later: alertmanager issue #917). Every
 * notification holds all the group's alerts, firing ones re-sent with their unchanged
 * {@code startsAt} and fingerprint; resolved alerts are dropped from the group after each flush
 * (sent or not), and an empty group is removed by the next maintenance pass (every 30 s).
 *
 * <p>The configuration is one webhook receiver for everything, grouped by namespace as
 * kube-prometheus groups, the heartbeat on its own route, and kube-prometheus's inhibit rules
 * ({@code manifests/alertmanager-secret.yaml}) without its null route for {@code InfoInhibitor}:
 *
 * <pre>
 * route:
 *   receiver: timelines
 *   group_by: [namespace]
 *   group_wait: 30s
 *   group_interval: 5m
 *   repeat_interval: 4h          # Alertmanager's default
 *   routes:
 *     - receiver: timelines
 *       matchers: [alertname = "Watchdog"]
 *       repeat_interval: 5m
 * inhibit_rules:
 *   - source_matchers: [severity = critical]
 *     target_matchers: [severity =~ warning|info]
 *     equal: [namespace, alertname]
 *   - source_matchers: [severity = warning]
 *     target_matchers: [severity = info]
 *     equal: [namespace, alertname]
 *   - source_matchers: [alertname = InfoInhibitor]
 *     target_matchers: [severity = info]
 *     equal: [namespace]
 * </pre>
 *
 * The body is the version-4 webhook payload with Alertmanager 0.32's {@code notification_reason}.
 */
final class AlertmanagerDispatch {
    static final Duration GROUP_WAIT = Duration.ofSeconds(30);
    static final Duration GROUP_INTERVAL = Duration.ofMinutes(5);
    static final Duration REPEAT_INTERVAL = Duration.ofHours(4);
    static final Duration HEARTBEAT_REPEAT_INTERVAL = Duration.ofMinutes(5);
    static final Duration MAINTENANCE = Duration.ofSeconds(30);
    /** Prometheus sends right after its evaluation; Alertmanager has it this much later. */
    static final Duration ARRIVAL = Duration.ofMillis(15);

    static final String RECEIVER = "timelines";
    static final String EXTERNAL_URL = "http://kube-prometheus-stack-alertmanager.monitoring:9093";
    static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";

    /**
     * One webhook notification: when it was sent, why, and which alerts it carried in which
     * state. Its body is built when asked for, so a long capture is written without holding them all.
     */
    record Notification(Instant sentAt, String groupKey, SortedMap<String, String> groupLabels, String reason,
            List<Carried> alerts) {
        ObjectNode body() {
            return AlertmanagerDispatch.body(this);
        }
    }

    record Carried(PromAlert alert, boolean resolved) {}

    private final SplittableRandom random;

    AlertmanagerDispatch(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The nflog entry of a group: what its last notification held, and when it was sent. */
    private record Entry(Set<String> firing, Set<String> resolved, Instant sentAt) {}

    private static final class Group {
        final String key;
        final boolean heartbeat;
        final SortedMap<String, String> groupLabels;
        final Map<String, PromAlert> alerts = new LinkedHashMap<>();
        boolean removed;

        Group(String key, boolean heartbeat, SortedMap<String, String> groupLabels) {
            this.key = key;
            this.heartbeat = heartbeat;
            this.groupLabels = groupLabels;
        }
    }

    private enum Kind { ARRIVE, FLUSH, MAINTAIN }

    private record Event(Instant at, long seq, Kind kind, PromAlert alert, Group group) {}

    /**
     * The notifications for {@code alerts}, in the order they were sent; only those sent from
     * {@code from} on are kept (alerts may start earlier, as an always-firing heartbeat does).
     */
    List<Notification> run(List<PromAlert> alerts, Instant from, Instant until) {
        PriorityQueue<Event> queue = new PriorityQueue<>(Comparator.comparing(Event::at).thenComparingLong(Event::seq));
        long[] seq = {0};
        for (PromAlert a : alerts) {
            Instant arrive = a.startsAt().isBefore(from) ? from.minus(GROUP_INTERVAL.multipliedBy(3)) : a.startsAt();
            queue.add(new Event(arrive.plus(ARRIVAL), seq[0]++, Kind.ARRIVE, a, null));
        }
        Map<String, Group> groups = new HashMap<>();
        Map<String, Entry> nflog = new HashMap<>();
        Map<String, PromAlert> store = new HashMap<>();
        List<Notification> out = new ArrayList<>();
        while (!queue.isEmpty()) {
            Event e = queue.poll();
            if (e.at().isAfter(until)) {
                break;
            }
            switch (e.kind()) {
                case ARRIVE -> {
                    PromAlert a = e.alert();
                    store.put(a.fingerprint(), a);
                    boolean heartbeat = "Watchdog".equals(a.alertname());
                    SortedMap<String, String> groupLabels = new TreeMap<>();
                    if (!heartbeat && a.labels().containsKey("namespace")) {
                        groupLabels.put("namespace", a.labels().get("namespace"));
                    }
                    String key = (heartbeat ? "{}/{alertname=\"Watchdog\"}" : "{}") + ":" + labelString(groupLabels);
                    Group g = groups.get(key);
                    if (g == null) {
                        g = new Group(key, heartbeat, groupLabels);
                        groups.put(key, g);
                        // A group whose first alert began more than group_wait ago is flushed at once (dispatch.insert).
                        Instant first = a.startsAt().plus(GROUP_WAIT).isBefore(e.at()) ? e.at() : e.at().plus(GROUP_WAIT);
                        queue.add(new Event(first, seq[0]++, Kind.FLUSH, null, g));
                    }
                    g.alerts.put(a.fingerprint(), a);
                }
                case FLUSH -> {
                    Group g = e.group();
                    if (g.removed) {
                        continue;
                    }
                    flush(g, e.at(), store, nflog, from, out);
                    if (g.alerts.isEmpty()) {
                        queue.add(new Event(nextMaintenance(e.at()), seq[0]++, Kind.MAINTAIN, null, g));
                    }
                    queue.add(new Event(e.at().plus(GROUP_INTERVAL), seq[0]++, Kind.FLUSH, null, g));
                }
                case MAINTAIN -> {
                    Group g = e.group();
                    if (!g.removed && g.alerts.isEmpty() && groups.get(g.key) == g) {
                        g.removed = true;
                        groups.remove(g.key);
                    }
                }
            }
        }
        return out;
    }

    private static Instant nextMaintenance(Instant t) {
        long period = MAINTENANCE.toMillis();
        long ms = t.toEpochMilli();
        return Instant.ofEpochMilli((ms / period + 1) * period);
    }

    private void flush(Group g, Instant now, Map<String, PromAlert> store, Map<String, Entry> nflog, Instant from,
            List<Notification> out) {
        List<PromAlert> all = new ArrayList<>(g.alerts.values());
        List<PromAlert> resolvedNow = all.stream().filter(a -> resolved(a, now)).toList();
        List<PromAlert> unmuted = new ArrayList<>(all.stream().filter(a -> !inhibited(a, now, store)).toList());
        unmuted.sort(AlertmanagerDispatch::alertSliceOrder);
        Set<String> firing = new TreeSet<>();
        Set<String> resolved = new TreeSet<>();
        for (PromAlert a : unmuted) {
            (resolved(a, now) ? resolved : firing).add(a.fingerprint());
        }
        Duration repeat = g.heartbeat ? HEARTBEAT_REPEAT_INTERVAL : REPEAT_INTERVAL;
        String reason = needsUpdate(nflog.get(g.key), firing, resolved, repeat, now);
        if (reason != null) {
            Instant sentAt = now.plusMillis(8 + random.nextInt(140));
            nflog.put(g.key, new Entry(firing, resolved, sentAt));
            if (!sentAt.isBefore(from)) {
                List<Carried> carried = unmuted.stream().map(a -> new Carried(a, resolved(a, now))).toList();
                out.add(new Notification(sentAt, g.key, g.groupLabels, reason, carried));
            }
        }
        for (PromAlert a : resolvedNow) {
            g.alerts.remove(a.fingerprint(), a);
        }
    }

    /** notify.DedupStage.needsUpdate: the reason to send, or null for none. */
    static String needsUpdate(Entry entry, Set<String> firing, Set<String> resolved, Duration repeat, Instant now) {
        if (entry == null) {
            return firing.isEmpty() ? null : "first notification";
        }
        if (!entry.firing().containsAll(firing)) {
            return entry.firing().isEmpty() ? "first notification" : "new alerts added";
        }
        if (firing.isEmpty()) {
            return entry.firing().isEmpty() ? null : "all alerts resolved";
        }
        if (!entry.resolved().containsAll(resolved)) {
            return "some alerts resolved";
        }
        return entry.sentAt().isBefore(now.minus(repeat)) ? "repeat interval elapsed" : null;
    }

    /** Alertmanager has the alert's resolution: Prometheus sent it at its {@code endsAt}. */
    private static boolean resolved(PromAlert a, Instant now) {
        return a.endsAt() != null && !now.isBefore(a.endsAt().plus(ARRIVAL));
    }

    private static boolean firingAt(PromAlert a, Instant now) {
        return !now.isBefore(a.startsAt().plus(ARRIVAL)) && !resolved(a, now);
    }

    /** Whether kube-prometheus's inhibit rules mute {@code target} at {@code now}. */
    static boolean inhibited(PromAlert target, Instant now, Map<String, PromAlert> store) {
        String sev = target.severity();
        if (!"warning".equals(sev) && !"info".equals(sev)) {
            return false;
        }
        for (var it = store.values().iterator(); it.hasNext(); ) {
            PromAlert source = it.next();
            if (resolved(source, now)) {
                // Only firing alerts inhibit; a resolved one comes back only as a new firing, which is put again.
                it.remove();
                continue;
            }
            if (source == target || !firingAt(source, now)) {
                continue;
            }
            String ssev = source.severity();
            boolean sameNamespace = Objects.equals(source.labels().get("namespace"), target.labels().get("namespace"));
            boolean sameName = Objects.equals(source.alertname(), target.alertname());
            if ("critical".equals(ssev) && ("warning".equals(sev) || "info".equals(sev)) && sameNamespace && sameName) {
                return true;
            }
            if ("warning".equals(ssev) && "info".equals(sev) && sameNamespace && sameName) {
                return true;
            }
            if ("InfoInhibitor".equals(source.alertname()) && "info".equals(sev) && sameNamespace) {
                return true;
            }
        }
        return false;
    }

    /** types.AlertSlice: by label job, then instance (an alert without comes after), then the label sets. */
    static int alertSliceOrder(PromAlert a, PromAlert b) {
        for (String key : List.of("job", "instance")) {
            String x = a.labels().get(key);
            String y = b.labels().get(key);
            if (x == null && y == null) {
                continue;
            }
            if (x == null) {
                return 1;
            }
            if (y == null) {
                return -1;
            }
            if (!x.equals(y)) {
                return x.compareTo(y);
            }
        }
        return before(a.labels(), b.labels()) ? -1 : before(b.labels(), a.labels()) ? 1 : 0;
    }

    /** model.LabelSet.Before. */
    private static boolean before(SortedMap<String, String> ls, SortedMap<String, String> o) {
        if (ls.size() != o.size()) {
            return ls.size() < o.size();
        }
        TreeSet<String> names = new TreeSet<>(ls.keySet());
        names.addAll(o.keySet());
        for (String n : names) {
            String a = ls.get(n);
            if (a == null) {
                return true;
            }
            String b = o.get(n);
            if (b == null) {
                return false;
            }
            int c = a.compareTo(b);
            if (c != 0) {
                return c < 0;
            }
        }
        return false;
    }

    /** model.LabelSet.String: {@code {a="x", b="y"}}. */
    static String labelString(SortedMap<String, String> labels) {
        StringBuilder b = new StringBuilder("{");
        for (var e : labels.entrySet()) {
            if (b.length() > 1) {
                b.append(", ");
            }
            b.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return b.append('}').toString();
    }

    private static ObjectNode body(Notification n) {
        List<Carried> carried = n.alerts();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("receiver", RECEIVER);
        body.put("status", carried.stream().anyMatch(c -> !c.resolved()) ? "firing" : "resolved");
        ArrayNode alerts = body.putArray("alerts");
        for (Carried c : carried) {
            PromAlert a = c.alert();
            ObjectNode item = alerts.addObject();
            item.put("status", c.resolved() ? "resolved" : "firing");
            ObjectNode labels = item.putObject("labels");
            a.labels().forEach(labels::put);
            ObjectNode annotations = item.putObject("annotations");
            a.annotations().forEach(annotations::put);
            item.put("startsAt", goTime(a.startsAt()));
            item.put("endsAt", c.resolved() ? goTime(a.endsAt()) : GO_ZERO_TIME);
            item.put("generatorURL", a.generatorURL());
            item.put("fingerprint", a.fingerprint());
        }
        body.put("notification_reason", n.reason());
        ObjectNode groupLabels = body.putObject("groupLabels");
        n.groupLabels().forEach(groupLabels::put);
        ObjectNode common = body.putObject("commonLabels");
        common(carried.stream().map(c -> c.alert().labels()).toList()).forEach(common::put);
        ObjectNode commonAnnotations = body.putObject("commonAnnotations");
        common(carried.stream().map(c -> c.alert().annotations()).toList()).forEach(commonAnnotations::put);
        body.put("externalURL", EXTERNAL_URL);
        body.put("version", "4");
        body.put("groupKey", n.groupKey());
        body.put("truncatedAlerts", 0);
        return body;
    }

    /** The pairs every map holds (template.Data's commonLabels and commonAnnotations). */
    private static SortedMap<String, String> common(List<SortedMap<String, String>> maps) {
        SortedMap<String, String> out = new TreeMap<>(maps.isEmpty() ? Map.of() : maps.get(0));
        for (SortedMap<String, String> m : maps) {
            out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return out;
    }

    /** Go's RFC 3339 with nanoseconds, as encoding/json writes a time.Time: trailing zeros of the fraction dropped. */
    static String goTime(Instant t) {
        String s = t.toString();
        int dot = s.indexOf('.');
        if (dot < 0) {
            return s;
        }
        String fraction = s.substring(dot + 1, s.length() - 1).replaceAll("0+$", "");
        return s.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
    }
}
