package timelines.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import timelines.app.config.TimelinesConfig;

/** The keys {@code run} is given but cannot use in that setup are named at start, never silently dropped. */
class NoEffectTest {
    private static List<String> noEffect(Map<String, String> env) {
        return AllInOne.noEffect(TimelinesConfig.load(null, env));
    }

    @Test
    void nothingIsWastedByDefault() {
        assertThat(noEffect(Map.of())).isEmpty();
    }

    @Test
    void anEmbeddedPortHasNoEffectWhenAKafkaIsGiven() {
        assertThat(noEffect(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "TIMELINES_EMBEDDED_PORT", "19092")))
                .singleElement().asString().startsWith("embedded.port has no effect");
        assertThat(noEffect(Map.of("TIMELINES_EMBEDDED_PORT", "19092"))).isEmpty();
    }

    @Test
    void theDataDirStillHoldsTheTopologyStateWithAGivenKafka() {
        assertThat(noEffect(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "TIMELINES_EMBEDDED_DATA_DIR", "/d")))
                .isEmpty();
        assertThat(noEffect(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092", "TIMELINES_EMBEDDED_DATA_DIR", "/d",
                "TIMELINES_STREAMS_STATE_DIR", "/s"))).singleElement().asString()
                .startsWith("embedded.dataDir has no effect");
    }

    @Test
    void anOpsHostNeedsAnOpsPort() {
        assertThat(noEffect(Map.of("TIMELINES_OPS_HOST", "127.0.0.1"))).singleElement().asString()
                .startsWith("ops.host has no effect");
        assertThat(noEffect(Map.of("TIMELINES_OPS_HOST", "127.0.0.1", "TIMELINES_SINK_PORT", "18082"))).isEmpty();
    }
}
