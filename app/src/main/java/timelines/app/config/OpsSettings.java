package timelines.app.config;

/** The address the ops ports of streams and sink listen on ({@code streams.port}, {@code sink.port}). */
public record OpsSettings(String host) {
    static OpsSettings read(Values v) {
        return new OpsSettings(v.text("ops.host"));
    }
}
