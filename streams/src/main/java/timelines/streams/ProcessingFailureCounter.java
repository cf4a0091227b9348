package timelines.streams;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * What happens to an input that makes a processor throw: Kafka Streams' own log-and-continue
 * handler puts the input as it was read on {@code streams.dead-letter.v1} with the exception in
 * its headers (KIP-1033, KIP-1034), and this counts it by reason. Without it, the stream thread
 * died, was replaced, read the same input again and died again, for ever, while the process
 * looked healthy.
 */
public final class ProcessingFailureCounter extends LogAndContinueProcessingExceptionHandler {
    private MeterRegistry meters = Metrics.globalRegistry;

    @Override
    public void configure(Map<String, ?> configs) {
        super.configure(configs);
        if (configs.get(DeadLetterCounter.METERS_CONFIG) instanceof MeterRegistry m) {
            meters = m;
        }
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        meters.counter("timelines_records_dead_lettered_total", "reason", reason(exception),
                "topic", context.topic() == null ? "none" : context.topic()).increment();
        return super.handleError(context, record, exception);
    }

    /** The signal check's verdict when it refused the input, else the exception's class. */
    static String reason(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InputCheck.UnusableInput u) {
                return u.verdict().name();
            }
        }
        return DeadLetterCounter.reason(e);
    }
}
