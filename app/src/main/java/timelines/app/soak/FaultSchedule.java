package timelines.app.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When a soak injects its faults: in every {@code period} of the load, the partition leader at a
 * quarter, streams at half, the sink at three quarters, so each fault meets the load running and
 * the pipeline recovered from the one before.
 */
public final class FaultSchedule {
    private FaultSchedule() {}

    /** One fault, {@code at} after the load began. */
    public record Planned(Duration at, Fault fault) {}

    /** The faults of a load of {@code length}: one round per whole {@code period}, at least one round. */
    public static List<Planned> of(Duration length, Duration period) {
        if (period.isZero() || period.isNegative() || length.compareTo(period) < 0) {
            throw new IllegalArgumentException("the load (" + length + ") must last at least one fault round ("
                    + period + ")");
        }
        List<Planned> plan = new ArrayList<>();
        long rounds = length.toMillis() / period.toMillis();
        Fault[] order = {Fault.PARTITION_LEADER_BROKER, Fault.STREAMS, Fault.SINK};
        for (long r = 0; r < rounds; r++) {
            Duration start = period.multipliedBy(r);
            for (int i = 0; i < order.length; i++) {
                plan.add(new Planned(start.plus(period.multipliedBy(i + 1).dividedBy(4)), order[i]));
            }
        }
        return List.copyOf(plan);
    }
}
