package io.eventcore.benchmarks;

import io.eventcore.ExecutionResult;
import io.eventcore.StreamId;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;

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
public class MultiStreamBenchmark extends EventCoreWorkload {

    static final int ACCOUNTS = 10_000;

    static final long OPENING_BALANCE = 1_000_000_000L;

    private final Accounts accounts = new Accounts("account-", ACCOUNTS);

    @Override
    EventCoreFixture open() {
        EventCoreFixture fixture = EventCoreFixture.fresh("bench_multi_stream");
        Preload.deposits(fixture.dataSource, fixture.schema, "account-", ACCOUNTS, 1, OPENING_BALANCE, false);
        return fixture;
    }

    @Benchmark
    public @Nullable ExecutionResult multiStream(Outcomes outcomes) {
        StreamId from = accounts.random();
        return Workloads.transfer(executor(), from, accounts.randomOtherThan(from), outcomes);
    }
}
