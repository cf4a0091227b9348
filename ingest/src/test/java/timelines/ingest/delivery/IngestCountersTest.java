package timelines.ingest.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class IngestCountersTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final IngestCounters counters = new IngestCounters(meters, java.util.List.of("pingdom", "sentry"));

    @Test
    void countsUnderTheRegistrysNamesAndTags() {
        counters.deliveries("pingdom", "accepted");
        counters.deliveries("pingdom", "accepted");
        counters.deliveries("sentry", "rejected");
        counters.dropped("pingdom", "catalog_ignore");
        counters.adjusted("pingdom", Adjustment.TRUNCATED_SUMMARY);

        assertThat(meters.counter("timelines_ingest_deliveries_total", "source", "pingdom", "outcome", "accepted")
                .count()).isEqualTo(2.0);
        assertThat(meters.counter("timelines_ingest_deliveries_total", "source", "sentry", "outcome", "rejected")
                .count()).isEqualTo(1.0);
        assertThat(meters.counter("timelines_ingest_dropped_total", "source", "pingdom", "reason", "catalog_ignore")
                .count()).isEqualTo(1.0);
        assertThat(meters.counter("timelines_ingest_adjusted_total", "source", "pingdom", "reason", "TRUNCATED_SUMMARY")
                .count()).isEqualTo(1.0);
    }

    @Test
    void registersEverySeriesOfTheSourcesAtZeroWithAHelpTextBeforeTheFirstDelivery() {
        for (String source : java.util.List.of("pingdom", "sentry", IngestCounters.OTHER)) {
            for (String outcome : IngestCounters.OUTCOMES) {
                assertThat(meters.get("timelines_ingest_deliveries_total").tags("source", source, "outcome", outcome)
                        .counter().count()).as("%s %s", source, outcome).isZero();
            }
            for (Rejection r : Rejection.values()) {
                assertThat(meters.get("timelines_ingest_rejected_total").tags("source", source, "reason", r.name())
                        .counter().count()).isZero();
            }
            for (Adjustment a : Adjustment.values()) {
                assertThat(meters.get("timelines_ingest_adjusted_total").tags("source", source, "reason", a.name())
                        .counter().count()).isZero();
            }
            assertThat(meters.get("timelines_ingest_dropped_total").tags("source", source, "reason", "catalog_ignore")
                    .counter().count()).isZero();
        }
        assertThat(meters.getMeters()).allSatisfy(m -> assertThat(m.getId().getDescription())
                .as("HELP of %s", m.getId().getName()).isNotBlank());

        counters.deliveries("pingdom", "accepted");

        assertThat(meters.find("timelines_ingest_deliveries_total").counters())
                .extracting(Counter::count).containsOnlyOnce(1.0).filteredOn(c -> c != 1.0).containsOnly(0.0);
    }
}
