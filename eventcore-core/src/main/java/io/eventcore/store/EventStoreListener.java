package io.eventcore.store;

import java.time.Duration;

/**
 * Observes a store's work, for metrics. Methods are called on the store's threads and must be
 * quick; every method does nothing by default.
 */
public interface EventStoreListener {

    /** Listener that does nothing. */
    EventStoreListener NONE = new EventStoreListener() {};

    /**
     * An append finished.
     *
     * @param duration time from the call to its result, queueing included
     * @param events events written, 0 if it failed
     * @param success whether it wrote
     */
    default void appended(Duration duration, int events, boolean success) {}

    /**
     * A read finished.
     *
     * @param duration time the read took
     * @param events events returned
     */
    default void read(Duration duration, int events) {}

    /**
     * A group commit wrote a batch of appends in one transaction.
     *
     * @param appends number of appends in the batch
     */
    default void batchCommitted(int appends) {}
}
