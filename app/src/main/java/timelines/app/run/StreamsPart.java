package timelines.app.run;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import timelines.streams.CorrelationSettings;
import timelines.streams.StreamsRunner;

/**
 * The topology, as one instance of its consumer group. It takes no catalog: the topology reads
 * the versions on {@code catalog.v1} (published by {@link Catalogs} before it starts).
 */
final class StreamsPart implements Part {
    private final StreamsRunner runner;

    StreamsPart(String bootstrap, Map<String, String> client, String applicationId, Path stateDir,
            CorrelationSettings settings, MeterRegistry meters, Set<String> knownEnvs) {
        this.runner = new StreamsRunner(bootstrap, applicationId, stateDir, settings, meters, client, knownEnvs);
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
