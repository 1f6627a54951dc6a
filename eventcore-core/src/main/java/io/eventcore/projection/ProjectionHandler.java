package io.eventcore.projection;

import io.eventcore.store.EventEnvelope;

/**
 * Handles the events of an {@linkplain Projection.Delivery#AT_LEAST_ONCE at-least-once}
 * projection. After a crash or a change of leader, the events handled since the last checkpoint
 * are delivered again, so handlers should be idempotent (an upsert keyed by the event's position
 * or id is the usual way).
 *
 * <p>Called on the projection's own thread, one event at a time, in global position order.
 */
@FunctionalInterface
public interface ProjectionHandler {

    /**
     * Handles one event.
     *
     * @param event the event with its stream, version, position, time and metadata
     * @throws Exception to report a failure; the projection's {@link FailurePolicy} decides what
     *     happens next
     */
    void handle(EventEnvelope event) throws Exception;

    /**
     * Clears the read model before a reset or rebuild replays events after {@code position}. Does
     * nothing by default.
     *
     * @param position the position the projection restarts after; 0 for a full rebuild
     * @throws Exception if the read model cannot be cleared; the reset fails and nothing changes
     */
    default void reset(long position) throws Exception {}
}
