package timelines.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import timelines.contracts.SignalSources;

class SourcesTest {
    @Test
    void everyRegisteredSourceKeepsItsNameOnTheTopologysMetrics() {
        // The topology labels a source it does not know as "other"; a new vendor must be added there too.
        assertThat(SignalSources.KNOWN).containsAll(Sources.normalizers("prod").sources());
    }
}
