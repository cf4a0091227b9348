package timelines.sink.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import timelines.contracts.Alert;
import timelines.contracts.AlertType;

/**
 * Alerts built by hand, seed-001-shaped: generic-upload (and the keycloak it depends on) fail in
 * prod at 19:05; nobody records an incident, so at 19:20 (BEGIN + 15 min grace) an alert is
 * raised; someone records the incident at 19:47, which clears it, 42 min after BEGIN.
 */
final class Alerts {
    static final String ID = "6f1e0c2a9b3d4e5f6a7b8c9d0e1f2a3b";
    static final Instant BEGIN = Instant.parse("2021-07-20T19:05:00Z");
    static final Instant RAISED_AT = Instant.parse("2021-07-20T19:20:00Z");
    static final Instant CLEARED_AT = Instant.parse("2021-07-20T19:47:00Z");
    static final List<String> SERVICES = List.of("generic-upload", "keycloak");
    static final String RAISE_REASON = "no incident recorded within 15 min of BEGIN";

    /** Backoffs kept tiny: the tests wait for real. */
    static final AlertTargets FAST = AlertTargets.defaults()
            .withRetries(3, Duration.ofMillis(5), Duration.ofMillis(20))
            .withRequestTimeout(Duration.ofSeconds(5))
            .withDraftLinkBase("https://timelines.example/incidents/{id}");

    private Alerts() {}

    static Alert raised() {
        return new Alert(AlertType.RAISED, ID, "prod", SERVICES, RAISED_AT, BEGIN, RAISE_REASON);
    }

    static Alert cleared() {
        return new Alert(AlertType.CLEARED, ID, "prod", SERVICES, CLEARED_AT, BEGIN,
                "incident recorded at 2021-07-20T19:47:00Z");
    }

    /** The env's Watchdog last arrived at 19:00; silent by 19:15 (its 15 min timeout); back at 19:31. */
    static final Instant WATCHDOG_LAST = Instant.parse("2021-07-20T19:00:00Z");
    static final Instant SILENT_AT = Instant.parse("2021-07-20T19:15:00Z");
    static final Instant BACK_AT = Instant.parse("2021-07-20T19:31:00Z");
    /** The id the topology gives that silence: env, heartbeat, source and last arrival, hashed. */
    static final String SILENCE_ID = timelines.contracts.Ids.of("silence", "prod", "Watchdog", "alertmanager",
            WATCHDOG_LAST.toString());

    /** As the topology words it (IncidentAssembler): a heartbeat that stopped. */
    static Alert silent() {
        return new Alert(AlertType.SILENT, SILENCE_ID, "prod", List.of(), SILENT_AT, WATCHDOG_LAST,
                "heartbeat Watchdog from alertmanager has not arrived since 2021-07-20T19:00:00Z: the monitoring of "
                        + "prod may be blind");
    }

    /** The CLEARED that ends {@link #silent()}: same id, the heartbeat came back. */
    static Alert back() {
        return new Alert(AlertType.CLEARED, SILENCE_ID, "prod", List.of(), BACK_AT, WATCHDOG_LAST,
                "heartbeat Watchdog from alertmanager arrived again at 2021-07-20T19:31:00Z");
    }

    static Alert raised(String id, String env, List<String> services, String reason) {
        return new Alert(AlertType.RAISED, id, env, services, RAISED_AT, BEGIN, reason);
    }
}
