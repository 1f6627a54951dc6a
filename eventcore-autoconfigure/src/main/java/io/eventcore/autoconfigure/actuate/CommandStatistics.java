package io.eventcore.autoconfigure.actuate;

import io.eventcore.CommandListener;
import io.eventcore.CommandRejectedException;
import io.eventcore.ExecutionResult;
import io.eventcore.RetriesExhaustedException;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.autoconfigure.actuate.EventCoreEndpoint.CommandsDescriptor;
import io.eventcore.autoconfigure.actuate.EventCoreEndpoint.LatencyDescriptor;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Live command statistics over a sliding window, for the endpoint: throughput and latency
 * percentiles of single-stream and multi-stream commands, conflicts and retries. Needs no
 * Micrometer. Recording is lock-free and allocation-free; per-second buckets give the counts, and a
 * ring of the most recent latencies per kind gives the percentiles.
 */
final class CommandStatistics implements CommandListener {

    static final Duration WINDOW = Duration.ofSeconds(60);

    private static final int BUCKETS = 60;
    private static final long BUCKET_NANOS = WINDOW.toNanos() / BUCKETS;
    private static final int SAMPLES = 4096;

    private static final int SINGLE = 0;
    private static final int MULTI = 1;
    private static final int REJECTED = 2;
    private static final int CONFLICTS = 3;
    private static final int ERRORS = 4;
    private static final int RETRIES = 5;
    private static final int COUNTERS = 6;

    private final LongSupplier nanoClock;
    private final long origin;
    private final Bucket[] buckets = new Bucket[BUCKETS];
    private final Reservoir single = new Reservoir();
    private final Reservoir multi = new Reservoir();

    CommandStatistics() {
        this(System::nanoTime);
    }

    CommandStatistics(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
        for (int i = 0; i < BUCKETS; i++) {
            buckets[i] = new Bucket();
        }
    }

    @Override
    public void succeeded(String command, ExecutionResult result, int streams, Duration duration) {
        long now = elapsed();
        boolean isSingle = streams <= 1;
        count(now, isSingle ? SINGLE : MULTI);
        (isSingle ? single : multi).record(now, duration.toNanos());
    }

    @Override
    public void rejected(String command, CommandRejectedException rejection, Duration duration) {
        count(elapsed(), REJECTED);
    }

    @Override
    public void failed(String command, Throwable error, Duration duration) {
        count(elapsed(), error instanceof RetriesExhaustedException ? CONFLICTS : ERRORS);
    }

    @Override
    public void retrying(String command, int attempt, StreamVersionConflictException conflict, Duration delay) {
        count(elapsed(), RETRIES);
    }

    CommandsDescriptor snapshot() {
        long now = elapsed();
        long current = now / BUCKET_NANOS;
        long[] totals = new long[COUNTERS];
        for (Bucket bucket : buckets) {
            long index = bucket.index.get();
            if (index > current - BUCKETS && index <= current) {
                for (int c = 0; c < COUNTERS; c++) {
                    totals[c] += bucket.counts.get(c);
                }
            }
        }
        // Before a full window has passed, rates are over the time since start.
        double seconds = Math.max(1, Math.min(now, WINDOW.toNanos()) / 1e9);
        long commands = totals[SINGLE] + totals[MULTI] + totals[REJECTED] + totals[CONFLICTS] + totals[ERRORS];
        return new CommandsDescriptor(WINDOW,
                single.describe(now, totals[SINGLE], seconds),
                multi.describe(now, totals[MULTI], seconds),
                totals[REJECTED], totals[CONFLICTS], totals[ERRORS], totals[RETRIES],
                commands == 0 ? 0 : (double) totals[CONFLICTS] / commands,
                commands == 0 ? 0 : (double) totals[RETRIES] / commands);
    }

    private long elapsed() {
        return nanoClock.getAsLong() - origin;
    }

    private void count(long now, int counter) {
        long index = now / BUCKET_NANOS;
        Bucket bucket = buckets[(int) (index % BUCKETS)];
        long seen = bucket.index.get();
        if (seen != index) {
            synchronized (bucket) {
                if (bucket.index.get() != index) {
                    for (int c = 0; c < COUNTERS; c++) {
                        bucket.counts.set(c, 0);
                    }
                    bucket.index.set(index);
                }
            }
        }
        bucket.counts.incrementAndGet(counter);
    }

    /** Counts of one second; reused when the window moves past it. */
    private static final class Bucket {

        final AtomicLong index = new AtomicLong(-1);
        final AtomicLongArray counts = new AtomicLongArray(COUNTERS);
    }

    /** The most recent latencies of one kind of command, with the time each was recorded. */
    private static final class Reservoir {

        private final AtomicLong next = new AtomicLong();
        private final AtomicLongArray times = new AtomicLongArray(SAMPLES);
        private final AtomicLongArray latencies = new AtomicLongArray(SAMPLES);

        void record(long now, long latency) {
            int slot = (int) (next.getAndIncrement() & (SAMPLES - 1));
            // Writing the latency first: a reader that sees the new time also sees its latency.
            latencies.set(slot, latency);
            times.set(slot, now);
        }

        LatencyDescriptor describe(long now, long count, double seconds) {
            long filled = Math.min(next.get(), SAMPLES);
            long[] recent = new long[(int) filled];
            int n = 0;
            for (int i = 0; i < filled; i++) {
                long time = times.get(i);
                if (now - time < WINDOW.toNanos()) {
                    recent[n++] = latencies.get(i);
                }
            }
            Arrays.sort(recent, 0, n);
            return new LatencyDescriptor(count, count / seconds, millis(recent, n, 0.50), millis(recent, n, 0.95),
                    millis(recent, n, 0.99));
        }

        private static double millis(long[] sorted, int n, double quantile) {
            if (n == 0) {
                return 0;
            }
            int rank = (int) Math.ceil(quantile * n) - 1;
            return sorted[Math.max(0, rank)] / 1e6;
        }
    }
}
