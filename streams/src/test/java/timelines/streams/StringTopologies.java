package timelines.streams;

import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/** A one-processor topology of strings, "in" to "out", with one store: for testing a store layer. */
final class StringTopologies {
    private StringTopologies() {}

    static TopologyTestDriver driver(String applicationId, Path stateDir,
            ProcessorSupplier<String, String, String, String> processor, StoreBuilder<?> store) {
        Topology topology = new Topology();
        topology.addSource("in", "in");
        topology.addProcessor("processor", processor, "in");
        topology.addStateStore(store, "processor");
        topology.addSink("out", "out", "processor");
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        return new TopologyTestDriver(topology, p);
    }
}
