package timelines.app.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import timelines.contracts.catalog.Catalog;
import timelines.streams.CorrelationSettings;
import timelines.streams.StreamsRunner;
import timelines.streams.incidents.ServiceGraph;

/** The topology, as one instance of its consumer group. */
final class StreamsPart implements Part {
    private final StreamsRunner runner;

    StreamsPart(String bootstrap, Map<String, String> client, String applicationId, Path stateDir,
            CorrelationSettings settings, Supplier<Catalog> catalog, MeterRegistry meters) {
        this.runner = new StreamsRunner(bootstrap, applicationId, stateDir, settings, ServiceGraph.of(catalog), meters,
                client);
        runner.start();
    }

    @Override
    public String problem() {
        return runner.problem();
    }

    @Override
    public void close() {
        runner.close();
    }
}
