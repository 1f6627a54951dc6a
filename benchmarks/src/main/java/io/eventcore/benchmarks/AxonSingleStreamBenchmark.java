package io.eventcore.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;

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
public class AxonSingleStreamBenchmark extends AxonWorkload {

    private final String[] accounts = AxonAccounts.ids("account-", SingleStreamBenchmark.ACCOUNTS);

    @Override
    String schema() {
        return "bench_axon_single_stream";
    }

    @Benchmark
    public void singleStream(Outcomes outcomes) {
        axon().send(
                new AxonAccount.DepositMoney(AxonAccounts.random(accounts), Accounts.randomAmount()), outcomes);
    }
}
