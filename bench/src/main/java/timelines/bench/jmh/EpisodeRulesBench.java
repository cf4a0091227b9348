package timelines.bench.jmh;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import timelines.contracts.Signal;
import timelines.contracts.SignalType;
import timelines.streams.episodes.EpisodeRules;
import timelines.streams.episodes.EpisodeState;

/**
 * Stage 1's decision per signal ({@link EpisodeRules#apply}) against the state of a service in
 * the middle of an outage (two checks failing, 200 errors folded into five lines, 256 recent ids
 * for the duplicate check): a repeated ERROR, a new FAILING check, a vendor's retry.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EpisodeRulesBench {
    EpisodeState open;
    Signal error;
    Signal failing;
    Signal retry;
    Instant now;

    @Setup
    public void setUp() {
        open = Fixtures.state("svc-0042", Fixtures.T0, 200, false);
        now = Fixtures.T0.plusSeconds(300);
        error = Fixtures.signal(SignalType.ERROR, "svc-0042", null, now, "svc-0042: " + Fixtures.ERRORS[1]);
        failing = Fixtures.signal(SignalType.FAILING, "svc-0042", "svc-0042-db", now, "svc-0042 database check failing");
        retry = Fixtures.outage("svc-0042", Fixtures.T0, 200, false).get(150);
        if (EpisodeRules.apply(open, retry, now, Fixtures.SETTINGS).changed().size() != 0) {
            throw new IllegalStateException("the retry should be a duplicate");
        }
    }

    @Benchmark
    public EpisodeRules.Step repeatedError() {
        return EpisodeRules.apply(open, error, now, Fixtures.SETTINGS);
    }

    @Benchmark
    public EpisodeRules.Step newFailingCheck() {
        return EpisodeRules.apply(open, failing, now, Fixtures.SETTINGS);
    }

    @Benchmark
    public EpisodeRules.Step vendorRetry() {
        return EpisodeRules.apply(open, retry, now, Fixtures.SETTINGS);
    }
}
