package io.eventcore.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;

/**
 * Axon Framework's {@code hotStream}: 16 threads each send a deposit command for a random one
 * of only 10 accounts through the command gateway, so commands on the same aggregate queue behind
 * Axon's per-aggregate lock. Setup as in {@link AxonFixture}; schema {@code bench_axon_hot_stream},
 * dropped after the run. Compare with {@link HotStreamBenchmark}.
 *
 * <p>Run alone with:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar 'AxonHotStreamBenchmark' -rf json -rff benchmarks/target/jmh-result.json</pre>
 */
public class AxonHotStreamBenchmark extends AxonWorkload {

    private final String[] accounts = AxonAccounts.ids("hot-account-", HotStreamBenchmark.ACCOUNTS);

    @Override
    String schema() {
        return "bench_axon_hot_stream";
    }

    @Benchmark
    public void hotStream(Outcomes outcomes) {
        axon().send(
                new AxonAccount.DepositMoney(AxonAccounts.random(accounts), Accounts.randomAmount()), outcomes);
    }
}
