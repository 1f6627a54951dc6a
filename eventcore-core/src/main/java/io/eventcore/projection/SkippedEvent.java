package io.eventcore.projection;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An event a projection skipped under {@link FailurePolicy#skip()}: kept so that an operator can
 * find it, fix the cause and rebuild.
 *
 * @param projection the projection's name
 * @param position the event's global position
 * @param streamId the event's stream, if it could be read
 * @param eventType the stored type name, if known
 * @param error class name and message of the failure
 * @param skippedAt when it was skipped
 */
public record SkippedEvent(
        String projection, long position, @Nullable String streamId, @Nullable String eventType, String error,
        Instant skippedAt) {

    /** Validates the record. */
    public SkippedEvent {
        Objects.requireNonNull(projection, "projection must not be null");
        Objects.requireNonNull(error, "error must not be null");
        Objects.requireNonNull(skippedAt, "skippedAt must not be null");
        if (position < 1) {
            throw new IllegalArgumentException("position must be at least 1, was " + position);
        }
    }
}
