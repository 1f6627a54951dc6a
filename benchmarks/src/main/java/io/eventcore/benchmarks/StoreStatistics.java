package io.eventcore.benchmarks;

import io.eventcore.store.EventStoreListener;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what the store did over a whole trial, warmup included, and prints it after the run: how
 * many appends each group commit carried and how often commands still had to read.
 */
final class StoreStatistics implements EventStoreListener {

    private final LongAdder appends = new LongAdder();
    private final LongAdder appendNanos = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchedAppends = new LongAdder();
    private final LongAdder reads = new LongAdder();
    private final LongAdder eventsRead = new LongAdder();

    @Override
    public void appended(Duration duration, int events, boolean success) {
        appends.increment();
        appendNanos.add(duration.toNanos());
    }

    @Override
    public void read(Duration duration, int events) {
        reads.increment();
        eventsRead.add(events);
    }

    @Override
    public void batchCommitted(int appendsInBatch) {
        batches.increment();
        batchedAppends.add(appendsInBatch);
    }

    void print(String schema) {
        long appendCount = appends.sum();
        long batchCount = batches.sum();
        long readCount = reads.sum();
        System.out.printf("%n# %s store: %,d appends (mean %.2f ms), %,d commits carrying %.1f appends each,"
                + " %,d reads of %.1f events each%n", schema, appendCount,
                appendCount == 0 ? 0 : appendNanos.sum() / 1e6 / appendCount, batchCount,
                batchCount == 0 ? 0 : (double) batchedAppends.sum() / batchCount, readCount,
                readCount == 0 ? 0 : (double) eventsRead.sum() / readCount);
    }
}
