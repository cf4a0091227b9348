package timelines.ingest.delivery;

import java.util.List;
import timelines.contracts.Record;
import timelines.contracts.Signal;

/**
 * What a normalizer made of one delivery: signals and records, or a deliberate ignore (answered
 * 202 with the reason), or a rejection (answered 400 and kept on {@code signals.rejected.v1}).
 */
public record Normalization(List<Signal> signals, List<Record> records, String ignoredReason, String rejectedReason) {

    public Normalization {
        signals = signals == null ? List.of() : List.copyOf(signals);
        records = records == null ? List.of() : List.copyOf(records);
    }

    public static Normalization signals(List<Signal> signals) {
        return new Normalization(signals, List.of(), null, null);
    }

    public static Normalization records(List<Record> records) {
        return new Normalization(List.of(), records, null, null);
    }

    public static Normalization ignored(String reason) {
        return new Normalization(List.of(), List.of(), reason, null);
    }

    public static Normalization rejected(String reason) {
        return new Normalization(List.of(), List.of(), null, reason);
    }

    public boolean isRejected() {
        return rejectedReason != null;
    }
}
