package io.eventcore.serialization;

/**
 * Turns event payloads into stored text and back. Implementations are thread-safe.
 */
public interface EventSerializer {

    /**
     * Stored type name of a payload.
     *
     * @param payload the event
     * @return the type name
     * @throws io.eventcore.EventSerializationException if the payload's class has no name
     */
    String typeName(Object payload);

    /**
     * Serializes a payload to JSON.
     *
     * @param payload the event
     * @return the JSON text
     * @throws io.eventcore.EventSerializationException if it cannot be serialized
     */
    String serialize(Object payload);

    /**
     * Deserializes a stored payload.
     *
     * @param type the stored type name
     * @param json the stored JSON text
     * @param position the event's global position, named in errors
     * @return the event
     * @throws io.eventcore.EventSerializationException if the type is unknown or the JSON does not
     *     fit it
     */
    Object deserialize(String type, String json, long position);
}
