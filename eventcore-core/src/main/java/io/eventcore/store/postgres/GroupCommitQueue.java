package io.eventcore.store.postgres;

import io.eventcore.EventStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Queues concurrent appends and lets dedicated writer threads drain them into batches, each batch
 * one transaction.
 */
final class GroupCommitQueue {

    /** Tells one writer thread to stop; queued after every real append once the queue is closed. */
    private static final Object STOP = new Object();

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AppendWriter writer;
    private final int maxBatchSize;
    private final int maxBatchEvents;
    private final Thread[] threads;
    private final Object lock = new Object();
    private boolean closed;

    GroupCommitQueue(AppendWriter writer, int writerThreads, int maxBatchSize, int maxBatchEvents, String name) {
        this.writer = writer;
        this.maxBatchSize = maxBatchSize;
        this.maxBatchEvents = maxBatchEvents;
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
                while (batch.size() < maxBatchSize) {
                    Object next = queue.poll();
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
