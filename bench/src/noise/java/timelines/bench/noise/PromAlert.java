package timelines.bench.noise;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;

/**
 * One firing of an alert as Prometheus sends it to Alertmanager: from {@code startsAt} (when the
 * rule's {@code for:} was met, Prometheus' {@code FiredAt}) to {@code endsAt} (the evaluation that
 * found the condition gone), or still firing when the capture ends ({@code endsAt} null). A rule
 * that fires again for the same label set is a new firing with the same fingerprint.
 *
 * @param service the service the catalog is meant to give its signal (what the test expects)
 */
record PromAlert(SortedMap<String, String> labels, SortedMap<String, String> annotations, Instant startsAt,
        Instant endsAt, String generatorURL, String service, String fingerprint) {

    static PromAlert of(SortedMap<String, String> labels, SortedMap<String, String> annotations, Instant startsAt,
            Instant endsAt, String generatorURL, String service) {
        return new PromAlert(labels, annotations, startsAt, endsAt, generatorURL, service, fingerprint(labels));
    }

    String alertname() {
        return labels.get("alertname");
    }

    String severity() {
        return labels.get("severity");
    }

    /**
     * Alertmanager's fingerprint of a label set, as prometheus/common {@code model.LabelSet.Fingerprint}
     * computes it: FNV-1a (64 bit) over the label names in order, each name and value followed by
     * the separator byte 0xff; printed as 16 hex digits.
     */
    static String fingerprint(Map<String, String> sortedLabels) {
        long hash = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : sortedLabels.entrySet()) {
            hash = add(hash, e.getKey());
            hash = addByte(hash, (byte) 0xff);
            hash = add(hash, e.getValue());
            hash = addByte(hash, (byte) 0xff);
        }
        return String.format("%016x", hash);
    }

    private static long add(long hash, String s) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            hash = addByte(hash, b);
        }
        return hash;
    }

    private static long addByte(long hash, byte b) {
        hash ^= (b & 0xff);
        return hash * 0x100000001b3L;
    }
}
