package io.eventcore.benchmarks;

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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Axon Framework's {@code singleStream}: 16 threads each send a deposit command for a random one
 * of 10,000 accounts through the command gateway; the aggregate is loaded (from Axon's cache once
 * warm), handles the command and its event is appended in the command's transaction. Setup as in
 * {@link AxonFixture}; schema {@code bench_axon_single_stream}, dropped after the run. Compare with
 * {@link SingleStreamBenchmark}.
 *
 * <p>Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'AxonSingleStreamBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Daxoniq.update-checker.disabled=true"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 8)
public class AxonSingleStreamBenchmark {

    private @Nullable AxonFixture fixture;
    private final String[] accounts = AxonAccounts.ids("account-", SingleStreamBenchmark.ACCOUNTS);

    @Setup(Level.Trial)
    public void setUp() {
        fixture = new AxonFixture("bench_axon_single_stream");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    public void singleStream(Outcomes outcomes) {
        Objects.requireNonNull(fixture).send(
                new AxonAccount.DepositMoney(AxonAccounts.random(accounts), Accounts.randomAmount()), outcomes);
    }
}
