package io.eventcore.benchmarks;

import io.eventcore.CommandExecutor;
import io.eventcore.ExecutionResult;
import io.eventcore.StreamId;
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
 * {@code multiStream}: 16 threads each transfer a random amount between two random accounts of
 * 10,000: one command reads both streams, checks the balance, and appends a withdrawal and a
 * deposit atomically with the expected version of both. Every account is seeded with one deposit
 * large enough that no transfer is rejected. Schema {@code bench_multi_stream}, dropped after the
 * run.
 *
 * <p>Measures per-command latency (p50, p99), commands per second, conflicts and retries per
 * command. Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'MultiStreamBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 8)
public class MultiStreamBenchmark {

    static final int ACCOUNTS = 10_000;

    static final long OPENING_BALANCE = 1_000_000_000L;

    private @Nullable EventCoreFixture fixture;
    private @Nullable CommandExecutor executor;
    private final Accounts accounts = new Accounts("account-", ACCOUNTS);

    @Setup(Level.Trial)
    public void setUp() {
        fixture = EventCoreFixture.fresh("bench_multi_stream");
        Preload.deposits(fixture.dataSource, fixture.schema, "account-", ACCOUNTS, 1, OPENING_BALANCE, false);
        executor = fixture.executor();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    public @Nullable ExecutionResult multiStream(Outcomes outcomes) {
        StreamId from = accounts.random();
        return Workloads.transfer(executor, from, accounts.randomOtherThan(from), outcomes);
    }
}
