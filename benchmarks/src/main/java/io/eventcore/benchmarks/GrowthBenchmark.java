package io.eventcore.benchmarks;

import io.eventcore.ExecutionResult;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;

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
public class GrowthBenchmark extends EventCoreWorkload {

    static final int PRELOADED_EVENTS = 5_000_000;

    static final String SCHEMA = "bench_growth";

    private final Accounts accounts = new Accounts("account-" + System.currentTimeMillis() + "-",
            SingleStreamBenchmark.ACCOUNTS);

    @Override
    EventCoreFixture open() {
        return KeptSchema.open(SCHEMA, PRELOADED_EVENTS);
    }

    @Benchmark
    public @Nullable ExecutionResult singleStreamOnLargeTable(Outcomes outcomes) {
        return Workloads.deposit(executor(), accounts.random(), outcomes);
    }
}
