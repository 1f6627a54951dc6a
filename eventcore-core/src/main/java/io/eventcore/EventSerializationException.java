package io.eventcore;

import org.jspecify.annotations.Nullable;

/**
 * An event could not be serialized, deserialized or named: an unregistered event class, an
 * unknown stored type name, or a payload the serializer cannot read. Never retried; stored data is
 * never dropped because of it.
 */
public final class EventSerializationException extends EventCoreException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String eventType;
    private final long position;

    /**
     * Creates the exception.
     *
     * @param message what failed, naming the type and position
     * @param eventType stored type name, if known
     * @param position global position of a stored event, or 0 for an event not yet stored
     * @param cause the serializer's failure, if any
     */
    public EventSerializationException(String message, @Nullable String eventType, long position,
            @Nullable Throwable cause) {
        super(message, cause);
        this.eventType = eventType;
        this.position = position;
    }

    /** @return stored type name, if known */
    public @Nullable String eventType() {
        return eventType;
    }

    /** @return global position of the stored event, or 0 for an event not yet stored */
    public long position() {
        return position;
    }
}
