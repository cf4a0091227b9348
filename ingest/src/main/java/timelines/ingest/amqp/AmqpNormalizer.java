package timelines.ingest.amqp;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import timelines.contracts.Ids;
import timelines.contracts.RawDelivery;
import timelines.contracts.Severity;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.ingest.delivery.Normalization;
import timelines.ingest.delivery.Normalizer;

/**
 * AMQP channel and connection errors from plain-text logs: RabbitMQ broker logs (Amazon MQ for
 * RabbitMQ ships the same lines to CloudWatch Logs) and client logs of the RabbitMQ Java client and
 * Spring AMQP. The body is the text itself (a JSON string, or a text body), or a JSON array of
 * strings. Each log entry (see {@link LogEntries}) that holds an AMQP error (see {@link AmqpErrors})
 * becomes one ERROR signal: service {@code amqp:<host>} or {@code amqp:<host>/<vhost>}, check the
 * error class and reply code, observed at the entry's own time (else at receipt), not alerting (a
 * log line notifies nobody). An error entry that names no broker takes the AMQP URI an earlier
 * entry of the same delivery named. Entries logged below warning level and entries without such an error
 * are skipped; a delivery with none at all is ignored.
 *
 * <p>Severity (DESIGN 5a): an AMQP channel or connection error is {@code error}, whatever level it
 * was logged at; the entry's log level, when it has one, is kept as label {@code severity.raw}.
 */
public final class AmqpNormalizer implements Normalizer {
    public static final String SOURCE = "amqp";

    /** Levels at which an entry is only information, even when it mentions an error. */
    private static final Set<String> QUIET_LEVELS = Set.of("trace", "debug", "info", "notice");

    private final String defaultEnv;

    public AmqpNormalizer(String defaultEnv) {
        this.defaultEnv = defaultEnv;
    }

    /**
     * The log text with the time of every entry header moved by {@code seconds}, each written as
     * it was; nothing else changes. For moving a capture in time (see {@code TimeFields}).
     */
    public static String shiftLogTimes(String text, long seconds) {
        return LogEntries.shiftTimes(text, seconds);
    }

    @Override
    public String source() {
        return SOURCE;
    }

    @Override
    public boolean acceptsText() {
        return true;
    }

    @Override
    public Normalization normalize(RawDelivery delivery) {
        JsonNode body = delivery.body();
        String text;
        if (body != null && body.isTextual()) {
            text = body.asText();
        } else if (body != null && body.isArray()) {
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < body.size(); i++) {
                if (!body.get(i).isTextual()) {
                    return Normalization.rejected("item " + i + " is not a string: expected an array of log lines");
                }
                lines.add(body.get(i).asText());
            }
            text = String.join("\n", lines);
        } else {
            return Normalization.rejected("expected AMQP log text: a string, or an array of log lines as strings");
        }
        List<Signal> signals = new ArrayList<>();
        AmqpErrors.Place context = null;
        for (LogEntries.Entry entry : LogEntries.split(text)) {
            boolean quiet = entry.level() != null && QUIET_LEVELS.contains(entry.level());
            AmqpErrors.Classified error = quiet ? null : AmqpErrors.classify(entry.lines());
            if (error != null) {
                signals.add(signal(entry, error, context, delivery.receivedAt()));
            }
            AmqpErrors.Place uri = AmqpErrors.uri(List.of(entry.raw()));
            if (uri != null) {
                context = uri;
            }
        }
        if (signals.isEmpty()) {
            return Normalization.ignored("no AMQP error lines");
        }
        return Normalization.signals(signals);
    }

    private Signal signal(LogEntries.Entry entry, AmqpErrors.Classified error, AmqpErrors.Place context,
            Instant receivedAt) {
        // The raw lines: a logback header holds the connection thread's name, which may name the host.
        AmqpErrors.Place place = AmqpErrors.place(List.of(entry.raw()), context);
        Instant observedAt = entry.time() != null ? entry.time() : receivedAt;
        Map<String, String> labels = new LinkedHashMap<>();
        if (place.host() != null) {
            labels.put("host", place.host());
        }
        if (place.vhost() != null) {
            labels.put("vhost", place.vhost());
        }
        if (error.replyCode() != null) {
            labels.put("replyCode", error.replyCode().toString());
        }
        if (error.replyText() != null) {
            labels.put("replyText", error.replyText());
        }
        String exception = AmqpErrors.exception(entry.lines());
        if (exception != null) {
            labels.put("exception", exception);
        }
        if (entry.origin() != LogEntries.Origin.UNKNOWN) {
            labels.put("origin", entry.origin() == LogEntries.Origin.BROKER ? "broker" : "client");
        }
        if (entry.time() == null) {
            labels.put("timeFrom", "receipt");
        }
        if (entry.level() != null) {
            labels.put(Signal.RAW_SEVERITY_LABEL, entry.level());
        }
        // The entry as logged is the event's identity: a resent delivery yields the same signal.
        String id = Ids.of(SOURCE, entry.raw(), SignalType.ERROR.name(), observedAt.toString());
        return new Signal(id, SOURCE, SignalType.ERROR, defaultEnv, place.service(), error.check(), observedAt,
                receivedAt, false, Severity.ERROR.wire(), summary(entry.lines(), error.matchedLine()), null, labels, false);
    }

    /** The entry's first message line, and the line naming the error when that is another one. */
    private static String summary(List<String> lines, int matchedLine) {
        int first = 0;
        while (first < lines.size() - 1 && lines.get(first).isBlank()) {
            first++;
        }
        String head = lines.get(first);
        if (matchedLine > first && matchedLine < lines.size()) {
            return head + " | " + lines.get(matchedLine);
        }
        return head;
    }
}
