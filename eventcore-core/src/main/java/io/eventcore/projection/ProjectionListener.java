package io.eventcore.projection;

import io.eventcore.store.EventEnvelope;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Observes projections, for metrics and logs. Every method does nothing by default. Methods are
 * called on the projection's thread and must return quickly; a listener that throws is logged and
 * ignored. Lag is read from {@link ProjectionManager#status(String)}, which gauges can poll.
 */
public interface ProjectionListener {

    /** Listener that does nothing. */
    ProjectionListener NONE = new ProjectionListener() {};

    /**
     * An event was handled; for the transactional kind, called after its transaction committed.
     *
     * @param projection the projection's name
     * @param event the event
     * @param duration time spent in the handler for this event
     */
    default void eventHandled(String projection, EventEnvelope event, Duration duration) {}

    /**
     * Handling or decoding an event failed; the failure policy decides what follows.
     *
     * @param projection the projection's name
     * @param position the event's global position
     * @param eventType the stored type name, if known
     * @param error the failure
     * @param attempts attempts at this position so far
     */
    default void eventFailed(String projection, long position, @Nullable String eventType, Throwable error, int attempts) {}

    /**
     * An event was skipped under the failure policy.
     *
     * @param skipped the record that was saved
     */
    default void eventSkipped(SkippedEvent skipped) {}

    /**
     * A checkpoint was saved.
     *
     * @param projection the projection's name
     * @param position the saved position
     */
    default void checkpointSaved(String projection, long position) {}

    /**
     * The runner changed state, leadership changes included.
     *
     * @param projection the projection's name
     * @param from the previous state
     * @param to the new state
     */
    default void stateChanged(String projection, ProjectionState from, ProjectionState to) {}
}
