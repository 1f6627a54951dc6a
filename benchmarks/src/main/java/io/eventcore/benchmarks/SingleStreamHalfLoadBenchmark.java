package io.eventcore.benchmarks;

import io.eventcore.CommandExecutor;
import io.eventcore.ExecutionResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code singleStream} at half of its peak throughput, for the latency target (p99 at half load).
 * The trial's setup first measures the peak itself: 16 threads run the unthrottled {@link
 * SingleStreamBenchmark} workload for 8 seconds to warm up, then 8 seconds more to measure
 * ({@code -Deventcore.bench.calibration-seconds} changes both). Then each of the 16 benchmark
 * threads is paced to its share of half that rate, on a fixed schedule with a random phase. The
 * pacing wait happens in an invocation-level setup, which JMH keeps out of the measured time, so
 * the latencies are those of the commands alone (a command that starts late because the one
 * before it was slow is not charged for the wait). The operations counter shows the rate actually
 * reached. Schema {@code bench_single_stream_half}, dropped after the run.
 *
 * <p>Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'SingleStreamHalfLoadBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(SingleStreamHalfLoadBenchmark.THREADS)
@Fork(value = 1, jvmArgsAppend = {RunSettings.HEAP_MIN, RunSettings.HEAP_MAX, RunSettings.PRE_TOUCH})
@Warmup(iterations = 1, time = 5)
@Measurement(iterations = 3, time = 8)
public class SingleStreamHalfLoadBenchmark {

    static final int THREADS = 16;

    /** Seconds of unthrottled load to find the peak; system property {@code eventcore.bench.calibration-seconds}. */
    static final int CALIBRATION_SECONDS = Integer.getInteger("eventcore.bench.calibration-seconds", 8);

    private @Nullable EventCoreFixture fixture;
    private @Nullable CommandExecutor executor;
    private final Accounts accounts = new Accounts("account-", SingleStreamBenchmark.ACCOUNTS);

    /** Nanoseconds between two commands of one thread at half of the peak rate. */
    long intervalNanos;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        fixture = EventCoreFixture.fresh("bench_single_stream_half");
        CommandExecutor commands = fixture.executor();
        executor = commands;
        measurePeak(commands); // warms the JIT, the pool and the stream cache
        double peak = measurePeak(commands);
        intervalNanos = (long) (THREADS * 1e9 / (peak / 2));
        System.out.printf("%n# peak %,.0f ops/s over %d s; pacing each of %d threads to one command every %d us"
                + " (%,.0f ops/s in total)%n", peak, CALIBRATION_SECONDS, THREADS, intervalNanos / 1000, peak / 2);
    }

    private double measurePeak(CommandExecutor commands) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(CALIBRATION_SECONDS);
            long start = System.nanoTime();
            List<Future<Long>> counts = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                counts.add(threads.submit(() -> {
                    Outcomes ignored = new Outcomes();
                    long done = 0;
                    while (System.nanoTime() - end < 0) {
                        Workloads.deposit(commands, accounts.random(), ignored);
                        done++;
                    }
                    return done;
                }));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total / ((System.nanoTime() - start) / 1e9);
        } finally {
            threads.shutdown();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** One thread's schedule. */
    @State(Scope.Thread)
    public static class Pacer {

        private long next;

        @Setup(Level.Invocation)
        public void awaitSlot(SingleStreamHalfLoadBenchmark benchmark) {
            long interval = benchmark.intervalNanos;
            long now = System.nanoTime();
            if (next == 0 || now - next > interval * 10) {
                // First call, or far behind (after an iteration boundary): restart the schedule
                // with a random phase instead of firing a burst to catch up.
                next = now + ThreadLocalRandom.current().nextLong(interval);
            }
            for (long wait = next - now; wait > 0; wait = next - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
            next += interval;
        }
    }

    @Benchmark
    public @Nullable ExecutionResult singleStreamAtHalfPeak(Pacer pacer, Outcomes outcomes) {
        return Workloads.deposit(Objects.requireNonNull(executor), accounts.random(), outcomes);
    }
}
