package io.eventcore.projection;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes a runner: "data" when the store may have new events, "control" when an operator or the
 * manager wants something. Flags are sticky, so a signal sent just before a wait is never lost.
 */
final class Signal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean data;
    private boolean control;

    void data() {
        lock.lock();
        try {
            data = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void control() {
        lock.lock();
        try {
            control = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for either signal or the timeout, and clears both.
     *
     * @return {@code false} if the thread was interrupted
     */
    boolean awaitData(Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!data && !control && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            data = false;
            control = false;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a control signal or the timeout, ignoring data signals; used for backoffs, which
     * a busy store must not cut short.
     *
     * @return {@code true} if a control signal (or an interrupt) ended the wait
     */
    boolean awaitControl(Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!control && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            boolean signalled = control;
            control = false;
            return signalled;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } finally {
            lock.unlock();
        }
    }
}
