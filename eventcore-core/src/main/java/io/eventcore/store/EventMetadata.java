package io.eventcore.store;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Metadata stored with every event.
 *
 * @param correlationId id shared by every event caused, directly or not, by one request
 * @param causationId id of the command or event that caused this one
 * @param attributes free-form string metadata
 */
public record EventMetadata(@Nullable UUID correlationId, @Nullable UUID causationId, Map<String, String> attributes) {

    /** Metadata with nothing in it. */
    public static final EventMetadata EMPTY = new EventMetadata(null, null, Map.of());

    /** Validates and copies the attributes. */
    public EventMetadata {
        Objects.requireNonNull(attributes, "attributes must not be null");
        attributes = Map.copyOf(attributes);
    }
}
