package io.eventcore.benchmarks;

import io.eventcore.CommandExecutor;
import io.eventcore.ExecutionResult;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;

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
public class SingleStreamBenchmark extends EventCoreWorkload {

    static final int ACCOUNTS = 10_000;

    private final Accounts accounts = new Accounts("account-", ACCOUNTS);

    @Override
    EventCoreFixture open() {
        return EventCoreFixture.fresh("bench_single_stream");
    }

    @Benchmark
    public @Nullable ExecutionResult singleStream(Outcomes outcomes) {
        return Workloads.deposit(executor(), accounts.random(), outcomes);
    }
}
