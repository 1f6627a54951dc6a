package io.eventcore.store.postgres;

import io.eventcore.EventStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Queues concurrent appends and lets dedicated writer threads drain them into batches, each batch
 * one transaction.
 *
 * <p>A batch's commit costs about the same whether it carries one append or twenty (the WAL flush
 * dominates), so a writer whose queue holds fewer appends than its previous batch carried waits up
 * to {@code maxDelayNanos} for more before it sends: under load, callers that the previous commit
 * released are usually about to append again. A writer that carried at most one append last time
 * never waits, so a lone caller gets no added latency, and neither does a batch that already
 * carries {@link #GATHER_EVENTS} events, whose commit's fixed cost is small beside its events.
 */
final class GroupCommitQueue {

    /** Events from which a batch goes without waiting for more: bulk appends gain nothing by it. */
    static final int GATHER_EVENTS = 64;

    /** What the writer threads hand their batches to. */
    interface BatchWriter {

        /** Writes the batch and completes every append in it, whatever happens; never throws. */
        void write(List<PendingAppend> batch);

        /** Completes an append that will not be written. */
        void fail(PendingAppend append, RuntimeException failure);
    }

    /** Tells one writer thread to stop; queued after every real append once the queue is closed. */
    private static final Object STOP = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final BatchWriter writer;
    private final int maxBatchSize;
    private final int maxBatchEvents;
    private final long maxDelayNanos;
    private final Thread[] threads;
    private final Object lock = new Object();
    private boolean closed;

    /**
     * @param maxDelayNanos how long a writer may wait for its batch to grow to the size of its
     *     previous one; 0 to send what is queued at once
     */
    GroupCommitQueue(BatchWriter writer, int writerThreads, int maxBatchSize, int maxBatchEvents, long maxDelayNanos,
            String name) {
        this.writer = writer;
        this.maxBatchSize = maxBatchSize;
        this.maxBatchEvents = maxBatchEvents;
        this.maxDelayNanos = maxDelayNanos;
        this.threads = new Thread[writerThreads];
        for (int i = 0; i < writerThreads; i++) {
            Thread thread = new Thread(this::run, name + "-writer-" + (i + 1));
            thread.setDaemon(true);
            threads[i] = thread;
        }
        for (Thread thread : threads) {
            thread.start();
        }
    }

    /**
     * Queues an append.
     *
     * @throws EventStoreException if the queue is closed
     */
    void submit(PendingAppend append) {
        synchronized (lock) {
            if (closed) {
                throw new EventStoreException("the event store is closed", new IllegalStateException("closed"));
            }
            queue.add(append);
        }
    }

    /** Number of appends waiting for a writer. */
    int queued() {
        return (int) queue.stream().filter(PendingAppend.class::isInstance).count();
    }

    private void run() {
        List<PendingAppend> batch = new ArrayList<>(maxBatchSize);
        @Nullable PendingAppend carried = null;
        boolean stop = false;
        int previousSize = 0;
        while (!stop) {
            try {
                Object first = carried != null ? carried : queue.take();
                carried = null;
                if (first == STOP) {
                    return;
                }
                PendingAppend head = (PendingAppend) first;
                batch.add(head);
                int events = head.eventCount();
                long deadline = System.nanoTime() + maxDelayNanos;
                while (batch.size() < maxBatchSize) {
                    Object next = queue.poll();
                    if (next == null && batch.size() < previousSize && events < GATHER_EVENTS) {
                        next = pollUntil(deadline);
                    }
                    if (next == null) {
                        break;
                    }
                    if (next == STOP) {
                        stop = true;
                        break;
                    }
                    PendingAppend append = (PendingAppend) next;
                    if (events + append.eventCount() > maxBatchEvents) {
                        carried = append;
                        break;
                    }
                    batch.add(append);
                    events += append.eventCount();
                }
                previousSize = batch.size();
                writer.write(batch);
            } catch (InterruptedException e) {
                // only close() could want this thread gone, and it asks with STOP instead
                Thread.currentThread().interrupt();
                stop = true;
            } finally {
                batch.clear();
            }
        }
        if (carried != null) {
            writer.write(List.of(carried));
        }
    }

    /**
     * Waits for the next queued item until the deadline.
     *
     * @return {@code null} once the deadline has passed, or if the thread is interrupted (its
     *     status kept, so that the batch taken so far is still written before the thread stops)
     */
    private @Nullable Object pollUntil(long deadline) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return null;
        }
        try {
            return queue.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /**
     * Stops taking appends, lets the writers finish every append already queued, and waits for them.
     *
     * @param timeoutMillis how long to wait for each writer
     */
    void close(long timeoutMillis) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (int i = 0; i < threads.length; i++) {
                queue.add(STOP);
            }
        }
        boolean interrupted = false;
        for (Thread thread : threads) {
            try {
                thread.join(timeoutMillis);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        // anything left (a writer stuck past the timeout) fails clearly rather than hanging its caller
        Object left;
        while ((left = queue.poll()) != null) {
            if (left instanceof PendingAppend append) {
                writer.fail(append, new EventStoreException("the event store closed before this append was written",
                        new IllegalStateException("closed")));
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
