package io.eventcore.benchmarks;

import io.eventcore.CommandExecutor;
import io.eventcore.ExecutionResult;
import io.eventcore.StreamCache;
import io.eventcore.StreamId;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code coldRead}: one thread rebuilds the state of one account stream of {@code events} events
 * (1,000 and 10,000) through the executor with the stream cache disabled, so every operation
 * reads the whole stream from PostgreSQL, decodes every event and folds it. Schema
 * {@code bench_cold_read}, filled directly in SQL, dropped after the run.
 *
 * <p>Measures the latency of one full rebuild (p50, p99) and rebuilds per second; events read per
 * second is that times {@code events} (the {@code events} counter). Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'ColdReadBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {RunSettings.HEAP_MIN, RunSettings.HEAP_MAX, RunSettings.PRE_TOUCH})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 8)
public class ColdReadBenchmark {

    @Param({"1000", "10000"})
    public int events;

    private @Nullable EventCoreFixture fixture;
    private @Nullable CommandExecutor executor;
    private final StreamId stream = StreamId.of("cold-account-0");

    @Setup(Level.Trial)
    public void setUp() {
        fixture = EventCoreFixture.fresh("bench_cold_read");
        Preload.deposits(fixture.dataSource, fixture.schema, "cold-account-", 1, events, 1, false);
        executor = fixture.executor(StreamCache.disabled());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    public ExecutionResult coldRead(Outcomes outcomes) {
        ExecutionResult result = Objects.requireNonNull(executor).execute(new ReadBalance(stream, events));
        outcomes.read(events);
        return result;
    }
}
