package timelines.sink.alerts;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import timelines.contracts.Alert;

/**
 * One place alerts are delivered to. Deliveries run on the notifier's own thread, in the order
 * they were handed over, so a slow or dead target holds up nobody else, and a CLEARED never
 * overtakes its RAISED. The futures never complete exceptionally.
 */
public interface Notifier extends AutoCloseable {

    /** The {@code target} tag of the delivery metric: {@code slack}, {@code alertmanager}. */
    String target();

    /** Delivers the alert, retrying as configured; completes when the attempts are over. */
    CompletableFuture<DeliveryOutcome> deliver(Alert alert);

    /** Takes in an alert that was delivered before a restart, to rebuild state; sends nothing. */
    default void restore(Alert alert) {}

    /** Drops the state of these incidents: another instance now owns their partition. */
    default void forget(Set<String> incidentIds) {}

    /** Starts background work (periodic re-sends), if any. */
    default void start() {}

    /** Stops, giving queued deliveries a short grace period. */
    @Override
    void close();
}
