package io.eventcore.benchmarks;

import io.eventcore.ExecutionResult;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;

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
public class HotStreamBenchmark extends EventCoreWorkload {

    static final int ACCOUNTS = 10;

    private final Accounts accounts = new Accounts("hot-account-", ACCOUNTS);

    @Override
    EventCoreFixture open() {
        return EventCoreFixture.fresh("bench_hot_stream");
    }

    @Benchmark
    public @Nullable ExecutionResult hotStream(Outcomes outcomes) {
        return Workloads.deposit(executor(), accounts.random(), outcomes);
    }
}
