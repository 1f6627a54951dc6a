package io.eventcore.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * Axon Framework's {@code multiStream}: 16 threads each transfer between two random accounts of
 * 10,000. Axon has no atomic multi-aggregate command, so {@link AxonTransferHandler} loads both
 * aggregates in one unit of work and one transaction. Each account is first given an opening
 * deposit through Axon itself, so no transfer is rejected. Schema {@code bench_axon_multi_stream},
 * dropped after the run. Compare with {@link MultiStreamBenchmark}.
 *
 * <p>Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'AxonMultiStreamBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(16)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Daxoniq.update-checker.disabled=true"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 8)
public class AxonMultiStreamBenchmark {

    private @Nullable AxonFixture fixture;
    private final String[] accounts = AxonAccounts.ids("account-", MultiStreamBenchmark.ACCOUNTS);

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        AxonFixture axon = new AxonFixture("bench_axon_multi_stream");
        fixture = axon;
        ExecutorService seeders = Executors.newFixedThreadPool(BenchmarkDatabase.POOL_SIZE);
        try {
            List<Future<?>> seeded = new ArrayList<>(accounts.length);
            for (String account : accounts) {
                seeded.add(seeders.submit(() -> axon.gateway.sendAndWait(
                        new AxonAccount.DepositMoney(account, MultiStreamBenchmark.OPENING_BALANCE))));
            }
            for (Future<?> future : seeded) {
                future.get();
            }
        } finally {
            seeders.shutdown();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Benchmark
    public void multiStream(Outcomes outcomes) {
        String from = AxonAccounts.random(accounts);
        String to;
        do {
            to = AxonAccounts.random(accounts);
        } while (to.equals(from));
        Objects.requireNonNull(fixture)
                .send(new AxonAccount.TransferMoney(from, to, Accounts.randomAmount()), outcomes);
    }
}
