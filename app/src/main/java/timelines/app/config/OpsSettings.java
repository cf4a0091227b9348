package timelines.app.config;

/**
 * The ops side of a process: the address the ops ports of streams and sink listen on ({@code
 * streams.port}, {@code sink.port}), and what {@code /metrics} shows.
 *
 * @param kafkaClientMetrics whether {@code /metrics} shows Kafka's client metrics ({@code kafka_*}) too
 */
public record OpsSettings(String host, boolean kafkaClientMetrics) {
    static OpsSettings read(Values v) {
        return new OpsSettings(v.text("ops.host"), v.bool("metrics.kafkaClients"));
    }
}
