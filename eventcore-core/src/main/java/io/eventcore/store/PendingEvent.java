package io.eventcore.store;

import io.eventcore.StreamId;
import java.util.Objects;
import java.util.UUID;

/**
 * An event on its way into the store: everything but the version, position and timestamp, which
 * the store assigns.
 *
 * @param eventId the event's id (UUIDv7)
 * @param streamId the target stream
 * @param type the stable stored type name
 * @param payload the event
 * @param metadata the event's metadata
 */
public record PendingEvent(UUID eventId, StreamId streamId, String type, Object payload, EventMetadata metadata) {

    /** Validates the arguments. */
    public PendingEvent {
        Objects.requireNonNull(eventId, "eventId must not be null");
        Objects.requireNonNull(streamId, "streamId must not be null");
        Objects.requireNonNull(type, "type must not be null");
        Objects.requireNonNull(payload, "payload must not be null");
        Objects.requireNonNull(metadata, "metadata must not be null");
    }
}
