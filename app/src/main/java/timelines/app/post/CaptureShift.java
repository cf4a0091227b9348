package timelines.app.post;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import timelines.contracts.RawDelivery;
import timelines.ingest.times.TimeFields;

/**
 * How far each delivery of a capture moves in time so that the capture ends at a chosen instant:
 * one offset for all, keeping every gap, or with {@code maxGap} one offset per run of deliveries,
 * where a run ends at a gap longer than {@code maxGap} and that gap is shortened to it (stories
 * years apart land days apart; inside a run every gap is kept). Offsets are whole seconds, so every
 * vendor's form (some only have seconds) moves exactly; the latest delivery lands at the target or
 * less than a second before it, never after.
 */
public final class CaptureShift {
    private final long[] seconds;
    private final int runs;
    private final Instant target;

    private CaptureShift(long[] seconds, int runs, Instant target) {
        this.seconds = seconds;
        this.runs = runs;
        this.target = target;
    }

    /**
     * @param receivedAt each delivery's receipt in capture order; null for a line that is not a
     *     delivery (it takes the offset of the run it is in)
     * @param maxGap the longest gap kept, or null to keep every gap
     */
    public static CaptureShift plan(List<Instant> receivedAt, Instant target, Duration maxGap) {
        if (maxGap != null && (maxGap.isNegative() || maxGap.isZero())) {
            throw new IllegalArgumentException("the longest gap kept must be positive, was " + maxGap);
        }
        long[] taken = new long[receivedAt.size()];
        long cut = 0;
        int runs = 0;
        Instant previous = null;
        Instant latest = null;
        for (int i = 0; i < receivedAt.size(); i++) {
            Instant t = receivedAt.get(i);
            if (t != null) {
                if (previous == null) {
                    runs = 1;
                } else if (maxGap != null && Duration.between(previous, t).compareTo(maxGap) > 0) {
                    cut += Duration.between(previous, t).minus(maxGap).getSeconds();
                    runs++;
                }
                previous = t;
                Instant landed = t.minusSeconds(cut);
                latest = latest == null || landed.isAfter(latest) ? landed : latest;
            }
            taken[i] = cut;
        }
        // getSeconds() floors, so the latest delivery lands at the target or up to a second before it.
        long base = latest == null ? 0 : Duration.between(latest, target).getSeconds();
        long[] seconds = new long[taken.length];
        for (int i = 0; i < taken.length; i++) {
            seconds[i] = base - taken[i];
        }
        return new CaptureShift(seconds, runs, target);
    }

    /** How far the delivery at {@code index} (in the order given to {@link #plan}) moves, in seconds. */
    public long seconds(int index) {
        return seconds[index];
    }

    /** Runs of deliveries that move together: 1 unless gaps were shortened. */
    public int runs() {
        return runs;
    }

    public Instant target() {
        return target;
    }

    /**
     * The delivery moved by {@code seconds}: its receipt and every time its body holds, each in its
     * vendor's form (see {@link TimeFields}). A source ingest does not know is moved in receipt
     * only; ingest refuses it anyway.
     */
    public static RawDelivery move(RawDelivery d, long seconds) {
        Instant receipt = d.receivedAt() == null ? null : d.receivedAt().plusSeconds(seconds);
        if (!TimeFields.sources().contains(d.source())) {
            return new RawDelivery(receipt, d.source(), d.headers(), d.body(), d.reason());
        }
        return new RawDelivery(receipt, d.source(), d.headers(),
                TimeFields.shift(d.source(), d.body(), seconds, receipt).body(), d.reason());
    }

    /** {@code +2373d 04:29:58}: how an offset is shown. */
    public static String describe(long seconds) {
        long s = Math.abs(seconds);
        return String.format("%s%dd %02d:%02d:%02d", seconds < 0 ? "-" : "+", s / 86_400, s / 3600 % 24, s / 60 % 60,
                s % 60);
    }
}
