package timelines.streams.episodes;

import java.time.Duration;
import java.time.Instant;
import timelines.contracts.Signal;
import timelines.streams.CorrelationSettings;

/**
 * When a heartbeat's silence is news, as pure functions (DESIGN 5a, issue 13 item 7). Once it has
 * arrived twice, a heartbeat that does not come again within its timeout means the monitoring
 * itself is blind: by default three times its last interval, at least 15 minutes, or
 * {@code correlation.heartbeatTimeout}. The end of a replay's input is the end of the data, not
 * a silence.
 */
public final class HeartbeatRules {
    static final Duration MIN_TIMEOUT = Duration.ofMinutes(15);

    private HeartbeatRules() {}

    /** What happened to a heartbeat. */
    public enum Verdict {
        FIRST_ARRIVAL,
        ARRIVED,
        ARRIVED_OUT_OF_ORDER,
        CAME_BACK,
        NOT_DUE,
        SILENT,
        END_OF_INPUT
    }

    /** The new state, the silence that started or ended (or null), and why. */
    public record Step(HeartbeatState state, MonitoringSilence silence, Verdict verdict) {}

    public static Step arrive(HeartbeatState h, Signal sig, String name) {
        Instant t = sig.receivedAt();
        if (h == null) {
            return new Step(new HeartbeatState(sig.env(), name, sig.source(), t, null, null), null,
                    Verdict.FIRST_ARRIVAL);
        }
        if (!t.isAfter(h.lastArrival())) {
            return new Step(h, null, Verdict.ARRIVED_OUT_OF_ORDER);
        }
        HeartbeatState next = new HeartbeatState(h.env(), h.name(), h.source(), t,
                Duration.between(h.lastArrival(), t), null);
        if (h.silentSince() != null) {
            return new Step(next, new MonitoringSilence(h.env(), h.name(), h.source(), h.silentSince(), t, null),
                    Verdict.CAME_BACK);
        }
        return new Step(next, null, Verdict.ARRIVED);
    }

    /** When its silence is judged, or null: before its second arrival, and while it is silent already. */
    public static Instant dueAt(HeartbeatState h, CorrelationSettings s) {
        if (h == null || h.interval() == null || h.silentSince() != null) {
            return null;
        }
        return h.lastArrival().plus(timeout(h, s));
    }

    static Duration timeout(HeartbeatState h, CorrelationSettings s) {
        if (s.heartbeatTimeout() != null) {
            return s.heartbeatTimeout();
        }
        Duration thrice = h.interval().multipliedBy(3);
        return thrice.compareTo(MIN_TIMEOUT) < 0 ? MIN_TIMEOUT : thrice;
    }

    /** Judges a heartbeat at stream time {@code now}; {@code endOfInput} when a replay's input ended. */
    public static Step judge(HeartbeatState h, Instant now, boolean endOfInput, CorrelationSettings s) {
        Instant due = dueAt(h, s);
        if (due == null || now.isBefore(due)) {
            return new Step(h, null, Verdict.NOT_DUE);
        }
        if (endOfInput) {
            // Not judged again until it arrives twice more: the data ended, nothing was seen to stop.
            return new Step(new HeartbeatState(h.env(), h.name(), h.source(), h.lastArrival(), null, null), null,
                    Verdict.END_OF_INPUT);
        }
        HeartbeatState silent = new HeartbeatState(h.env(), h.name(), h.source(), h.lastArrival(), h.interval(),
                h.lastArrival());
        return new Step(silent, new MonitoringSilence(h.env(), h.name(), h.source(), h.lastArrival(), null, due),
                Verdict.SILENT);
    }
}
