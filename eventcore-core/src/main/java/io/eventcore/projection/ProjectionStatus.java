package io.eventcore.projection;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of one projection as seen by this application instance. Immutable.
 *
 * @param name the projection's name
 * @param delivery transactional or at-least-once
 * @param state what the runner is doing
 * @param leader whether this instance runs the projection; a standby reports the position of the
 *     last checkpoint it read
 * @param position last position handled (or passed over, for events the filter excludes)
 * @param checkpoint last position saved in the checkpoint store
 * @param headPosition head of the global log when last observed
 * @param lagEvents positions between {@code position} and the head; events the filter excludes
 *     count too, until the projection next reads. Positions of the PostgreSQL store with parallel
 *     commits have large gaps, so there this is a distance, not a count: use {@code lagTime}
 * @param lagTime age of the oldest event not handled yet; zero when caught up
 * @param eventsHandled events handled by this instance since start
 * @param eventsSkipped events skipped by this instance since start
 * @param lastError the most recent failure (of an event, a read or a checkpoint save), kept until
 *     a reset or a resume, so a recovered or skipped failure stays visible with its time
 */
public record ProjectionStatus(
        String name,
        Projection.Delivery delivery,
        ProjectionState state,
        boolean leader,
        long position,
        long checkpoint,
        long headPosition,
        long lagEvents,
        Duration lagTime,
        long eventsHandled,
        long eventsSkipped,
        @Nullable ProjectionError lastError) {

    /** Validates the record. */
    public ProjectionStatus {
        Objects.requireNonNull(name, "name must not be null");
        Objects.requireNonNull(delivery, "delivery must not be null");
        Objects.requireNonNull(state, "state must not be null");
        Objects.requireNonNull(lagTime, "lagTime must not be null");
    }
}
