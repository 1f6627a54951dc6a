package io.eventcore.benchmarks;

import io.eventcore.CommandExecutor;
import io.eventcore.ExecutionResult;
import java.util.concurrent.TimeUnit;
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
 * {@code hotStream}: 16 threads deposit into only 10 accounts, so commands on the same stream
 * constantly overlap: the contention case. The default executor queues same-stream commands in
 * the JVM; conflicts and retries per command show what is left of the contention. Schema
 * {@code bench_hot_stream}, dropped after the run.
 *
 * <p>Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'HotStreamBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 8)
public class HotStreamBenchmark {

    static final int ACCOUNTS = 10;

    private @Nullable EventCoreFixture fixture;
    private @Nullable CommandExecutor executor;
    private final Accounts accounts = new Accounts("hot-account-", ACCOUNTS);

    @Setup(Level.Trial)
    public void setUp() {
        fixture = EventCoreFixture.fresh("bench_hot_stream");
        executor = fixture.executor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    public @Nullable ExecutionResult hotStream(Outcomes outcomes) {
        return Workloads.deposit(executor, accounts.random(), outcomes);
    }
}
