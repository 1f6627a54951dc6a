package io.eventcore.projection;

import io.eventcore.store.EventStore;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** The store's head position, shared by a manager's runners and refreshed at most every few hundred ms for status calls. */
final class HeadTracker {

    private static final long REFRESH_NANOS = Duration.ofMillis(250).toNanos();

    private final EventStore store;
    private final AtomicLong head = new AtomicLong();
    private volatile long observedAt = System.nanoTime() - REFRESH_NANOS;

    HeadTracker(EventStore store) {
        this.store = store;
    }

    void observe(long position) {
        head.accumulateAndGet(position, Math::max);
        observedAt = System.nanoTime();
    }

    long head() {
        if (System.nanoTime() - observedAt >= REFRESH_NANOS) {
            try {
                observe(store.headPosition());
            } catch (RuntimeException e) {
                // Status must not fail while the store is down; the last known head is reported.
            }
        }
        return head.get();
    }
}
