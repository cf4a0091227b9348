package timelines.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;

/**
 * Kafka Streams' own log-and-continue handler (which, with a dead-letter topic configured, puts
 * the unreadable record there: KIP-1034), plus a count by reason so a poison record shows on a
 * dashboard and never crash-loops the application.
 */
public final class DeadLetterCounter extends LogAndContinueExceptionHandler {
    /** The config key through which the runner hands over its meter registry. */
    public static final String METERS_CONFIG = "timelines.meter.registry";

    private MeterRegistry meters = Metrics.globalRegistry;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        Object registry = configs.get(METERS_CONFIG);
        if (registry instanceof MeterRegistry m) {
            meters = m;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        meters.counter("timelines_records_dead_lettered_total", "reason", reason(exception), "topic", record.topic())
                .increment();
        return super.handleError(context, record, exception);
    }

    static String reason(Exception e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName();
    }
}
