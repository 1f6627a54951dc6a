package io.eventcore;

import java.util.Map;
import java.util.Objects;

/**
 * An event a command decides to write, with the stream it goes to.
 *
 * <p>The target stream must be one the command read; the executor rejects anything else with an
 * {@link UndeclaredStreamException} and writes nothing.
 *
 * @param stream the stream the event is appended to
 * @param payload the event itself, an instance of the user's own event type
 * @param attributes free-form metadata for this event only, merged over the execution's
 *     attributes
 * @param <E> the command's event type
 */
public record NewEvent<E>(StreamId stream, E payload, Map<String, String> attributes) {

    /** Validates and copies the arguments. */
    public NewEvent {
        Objects.requireNonNull(stream, "stream must not be null");
        Objects.requireNonNull(payload, "payload must not be null");
        attributes = Map.copyOf(attributes);
    }

    /**
     * Creates an event without attributes of its own.
     *
     * @param stream the target stream
     * @param payload the event
     * @param <E> the event type
     * @return the new event
     */
    public static <E> NewEvent<E> of(StreamId stream, E payload) {
        return new NewEvent<>(stream, payload, Map.of());
    }
}
