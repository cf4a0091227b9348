package timelines.sink.alerts;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;

/**
 * Hands each alert to every configured notifier, and remembers which partition each firing
 * incident came from, so that when a partition moves to another instance its notifiers stop
 * re-sending those alerts (the new owner restores and re-sends them). Called from the consumer
 * thread only. With no notifier it only logs.
 */
final class AlertRouter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertRouter.class);

    private final List<Notifier> notifiers;
    private final Map<TopicPartition, Set<String>> firingByPartition = new HashMap<>();

    AlertRouter(List<Notifier> notifiers) {
        this.notifiers = List.copyOf(notifiers);
    }

    /** Delivers to every target at once; completes when each has delivered or given up. */
    CompletableFuture<Void> dispatch(TopicPartition from, Alert alert) {
        track(from, alert);
        String targets = notifiers.stream().map(Notifier::target).collect(Collectors.joining(", "));
        String what = AlertSubject.of(alert).silence() ? "monitoring silence" : "unrecorded outage";
        if (notifiers.isEmpty()) {
            log.warn("{} {} {} in {} ({}), began {}: {} (no alert target configured)", alert.type(), what,
                    alert.incidentId(), alert.env(), String.join(", ", alert.services()), alert.begin(),
                    alert.reason());
            return CompletableFuture.completedFuture(null);
        }
        log.info("{} {} {} in {} ({}), began {}: to {}", alert.type(), what, alert.incidentId(), alert.env(),
                String.join(", ", alert.services()), alert.begin(), targets);
        return CompletableFuture.allOf(notifiers.stream().map(n -> n.deliver(alert)).toArray(CompletableFuture[]::new));
    }

    /** Rebuilds state from an alert delivered before; sends nothing. */
    void restore(TopicPartition from, Alert alert) {
        track(from, alert);
        notifiers.forEach(n -> n.restore(alert));
    }

    /** The partitions went to another instance: stop re-sending their alerts here. */
    void revoked(Collection<TopicPartition> partitions) {
        Set<String> ids = new HashSet<>();
        for (TopicPartition tp : partitions) {
            Set<String> firing = firingByPartition.remove(tp);
            if (firing != null) {
                ids.addAll(firing);
            }
        }
        if (!ids.isEmpty()) {
            notifiers.forEach(n -> n.forget(Set.copyOf(ids)));
        }
    }

    void start() {
        notifiers.forEach(Notifier::start);
    }

    /** Firing incident ids by partition (for tests and logs). */
    Map<TopicPartition, Set<String>> firingByPartition() {
        return Map.copyOf(firingByPartition);
    }

    private void track(TopicPartition from, Alert alert) {
        if (alert.incidentId() == null) {
            return;
        }
        if (alert.type() == AlertType.CLEARED) {
            Set<String> firing = firingByPartition.get(from);
            if (firing != null) {
                firing.remove(alert.incidentId());
            }
        } else {
            firingByPartition.computeIfAbsent(from, tp -> new HashSet<>()).add(alert.incidentId());
        }
    }

    @Override
    public void close() {
        for (Notifier n : notifiers) {
            try {
                n.close();
            } catch (RuntimeException e) {
                log.warn("closing {} failed", n.target(), e);
            }
        }
    }
}
