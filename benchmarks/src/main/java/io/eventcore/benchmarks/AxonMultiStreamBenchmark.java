package io.eventcore.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.openjdk.jmh.annotations.Benchmark;

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
public class AxonMultiStreamBenchmark extends AxonWorkload {

    private final String[] accounts = AxonAccounts.ids("account-", MultiStreamBenchmark.ACCOUNTS);

    @Override
    String schema() {
        return "bench_axon_multi_stream";
    }

    /** Gives every account an opening deposit through Axon itself, so that no transfer is rejected. */
    @Override
    void seed(AxonFixture axon) throws Exception {
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

    @Benchmark
    public void multiStream(Outcomes outcomes) {
        String from = AxonAccounts.random(accounts);
        String to;
        do {
            to = AxonAccounts.random(accounts);
        } while (to.equals(from));
        axon().send(new AxonAccount.TransferMoney(from, to, Accounts.randomAmount()), outcomes);
    }
}
