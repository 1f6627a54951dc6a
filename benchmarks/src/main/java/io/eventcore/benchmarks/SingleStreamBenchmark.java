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
 * {@code singleStream}: 16 threads each deposit into a random one of 10,000 accounts through
 * {@link CommandExecutor#execute}: read the account's state (from the stream cache once warm),
 * decide, append one event with the expected version. PostgreSQL store with group commit, default
 * executor, schema {@code bench_single_stream} created empty for the run and dropped after it.
 *
 * <p>Measures per-command latency (p50, p99) and, through {@link Outcomes}, commands per second
 * and conflicts and retries per command. Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'SingleStreamBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 8)
public class SingleStreamBenchmark {

    static final int ACCOUNTS = 10_000;

    private @Nullable EventCoreFixture fixture;
    private @Nullable CommandExecutor executor;
    private final Accounts accounts = new Accounts("account-", ACCOUNTS);

    @Setup(Level.Trial)
    public void setUp() {
        fixture = EventCoreFixture.fresh("bench_single_stream");
        executor = fixture.executor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    public @Nullable ExecutionResult singleStream(Outcomes outcomes) {
        return Workloads.deposit(executor, accounts.random(), outcomes);
    }
}
