package io.eventcore.projection;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A failure recorded in a projection's status.
 *
 * @param position global position of the event that failed, or the position the projection was
 *     reading after when a read failed
 * @param eventType stored type name of the failed event, if known
 * @param exceptionType class name of the exception
 * @param message the exception's message, or its class name if it has none
 * @param attempts attempts made at this position so far
 * @param occurredAt when the last attempt failed
 */
public record ProjectionError(
        long position, @Nullable String eventType, String exceptionType, String message, int attempts, Instant occurredAt) {

    /** Validates the record. */
    public ProjectionError {
        Objects.requireNonNull(exceptionType, "exceptionType must not be null");
        Objects.requireNonNull(message, "message must not be null");
        Objects.requireNonNull(occurredAt, "occurredAt must not be null");
    }

    static ProjectionError of(long position, @Nullable String eventType, Throwable error, int attempts, Instant at) {
        String message = error.getMessage();
        return new ProjectionError(position, eventType, error.getClass().getName(),
                message == null ? error.getClass().getName() : message, attempts, at);
    }
}
