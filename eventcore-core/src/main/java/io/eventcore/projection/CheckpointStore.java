package io.eventcore.projection;

import java.util.List;
import java.util.OptionalLong;

/**
 * Where projections keep their position in the global log, and the events they skipped.
 * Implementations are safe for concurrent use; every projection name is independent of the
 * others.
 *
 * <p>A checkpoint is the position of the last event a projection has finished with; the
 * projection restarts after it. A projection without a checkpoint starts at 0. Runners move their
 * checkpoint with {@link #compareAndSet}, so a runner that lost its leadership, or whose
 * projection an operator reset meanwhile, cannot move it back.
 */
public interface CheckpointStore {

    /**
     * Reads a checkpoint.
     *
     * @param projection the projection's name
     * @return the position, or empty if none was saved
     * @throws io.eventcore.EventStoreException if the store fails
     */
    OptionalLong load(String projection);

    /**
     * Saves a checkpoint whatever it was before; operators' resets use it.
     *
     * @param projection the projection's name
     * @param position at least 0
     * @throws io.eventcore.EventStoreException if the store fails
     */
    void save(String projection, long position);

    /**
     * Saves a checkpoint only if it is still at {@code expected}, atomically. A missing
     * checkpoint counts as 0.
     *
     * @param projection the projection's name
     * @param expected the position the caller last saved or loaded
     * @param position the new position, at least 0
     * @return {@code true} if saved; {@code false} if the checkpoint was not at {@code expected}
     * @throws io.eventcore.EventStoreException if the store fails
     */
    boolean compareAndSet(String projection, long expected, long position);

    /**
     * Records an event skipped under {@link FailurePolicy#skip()}. Recording the same projection
     * and position again replaces the earlier record.
     *
     * @param skipped the event
     * @throws io.eventcore.EventStoreException if the store fails
     */
    void recordSkipped(SkippedEvent skipped);

    /**
     * The events a projection skipped, in position order.
     *
     * @param projection the projection's name
     * @return the records; empty if none
     * @throws io.eventcore.EventStoreException if the store fails
     */
    List<SkippedEvent> skipped(String projection);
}
