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
 * Growth: exactly {@link SingleStreamBenchmark}'s workload, on an events table that already holds
 * at least {@value #PRELOADED_EVENTS} events (500,000 other streams of 10 events); compare with
 * {@code SingleStreamBenchmark.singleStream}, which starts on an empty table, in the same run.
 *
 * <p>The preloaded schema {@code bench_growth} is kept between runs: the first run fills it
 * directly in SQL (about a minute), later ones reuse it. It is reloaded when the store's schema
 * script changed. Each run deposits into its own fresh set of 10,000 accounts, so only the size of
 * the table and its indexes differs from the empty case. Drop it with {@code DROP SCHEMA
 * bench_growth CASCADE}. Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'GrowthBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 8)
public class GrowthBenchmark {

    static final int PRELOADED_EVENTS = 5_000_000;

    static final String SCHEMA = "bench_growth";

    private @Nullable EventCoreFixture fixture;
    private @Nullable CommandExecutor executor;
    private final Accounts accounts = new Accounts("account-" + System.currentTimeMillis() + "-",
            SingleStreamBenchmark.ACCOUNTS);

    @Setup(Level.Trial)
    public void setUp() {
        fixture = KeptSchema.open(SCHEMA, PRELOADED_EVENTS);
        executor = fixture.executor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    public @Nullable ExecutionResult singleStreamOnLargeTable(Outcomes outcomes) {
        return Workloads.deposit(executor, accounts.random(), outcomes);
    }
}
