package io.eventcore.store;

import io.eventcore.EventTypeMismatchException;
import io.eventcore.StreamId;
import java.time.Instant;
import java.util.UUID;

/**
 * A stored event with everything the store knows about it.
 *
 * @param eventId the event's id (UUIDv7, time-ordered)
 * @param streamId the stream the event belongs to
 * @param version the event's 1-based, gap-free version within its stream
 * @param position the event's global position; readers of the global log see events in this order
 * @param type the stable stored type name
 * @param recordedAt when the store recorded the event
 * @param metadata correlation, causation and free-form metadata
 * @param payload the event, decoded into the user's type
 */
public record EventEnvelope(
        UUID eventId,
        StreamId streamId,
        long version,
        long position,
        String type,
        Instant recordedAt,
        EventMetadata metadata,
        Object payload) {

    /**
     * The payload as the given type.
     *
     * @param type the type to read the payload as
     * @param <T> the type
     * @return the payload
     * @throws EventTypeMismatchException if the payload is not an instance of {@code type}
     */
    public <T> T payloadAs(Class<T> type) {
        if (!type.isInstance(payload)) {
            throw new EventTypeMismatchException(streamId, version, this.type, type);
        }
        return type.cast(payload);
    }
}
