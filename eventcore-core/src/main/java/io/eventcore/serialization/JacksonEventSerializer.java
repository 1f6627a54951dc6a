package io.eventcore.serialization;

import io.eventcore.EventSerializationException;
import java.util.Objects;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link EventSerializer} on a Jackson 3 {@link JsonMapper}. Payload classes are plain records or
 * classes Jackson can bind; their names come from an {@link EventTypeRegistry}.
 */
public final class JacksonEventSerializer implements EventSerializer {

    private final JsonMapper mapper;
    private final EventTypeRegistry types;

    /**
     * Creates a serializer.
     *
     * @param mapper the mapper to use, for example Spring Boot's
     * @param types the registry of event type names
     */
    public JacksonEventSerializer(JsonMapper mapper, EventTypeRegistry types) {
        this.mapper = Objects.requireNonNull(mapper, "mapper must not be null");
        this.types = Objects.requireNonNull(types, "types must not be null");
    }

    /**
     * Creates a serializer with a default mapper.
     *
     * @param types the registry of event type names
     */
    public JacksonEventSerializer(EventTypeRegistry types) {
        this(JsonMapper.builder().build(), types);
    }

    /** @return the registry of event type names */
    public EventTypeRegistry types() {
        return types;
    }

    @Override
    public String typeName(Object payload) {
        return types.nameOf(payload.getClass());
    }

    @Override
    public String serialize(Object payload) {
        try {
            return mapper.writeValueAsString(payload);
        } catch (JacksonException e) {
            throw new EventSerializationException("cannot serialize %s: %s"
                    .formatted(payload.getClass().getName(), e.getOriginalMessage()), null, 0, e);
        }
    }

    @Override
    public Object deserialize(String type, String json, long position) {
        Class<?> target = types.classOf(type, position);
        try {
            return mapper.readValue(json, target);
        } catch (JacksonException e) {
            throw new EventSerializationException("cannot decode event at position %d of type '%s' as %s: %s"
                    .formatted(position, type, target.getName(), e.getOriginalMessage()), type, position, e);
        }
    }
}
