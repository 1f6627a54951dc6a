package io.eventcore.serialization;

import io.eventcore.EventSerializationException;
import io.eventcore.EventType;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Maps event classes to their stable stored type names and back.
 *
 * <p>A class gets its name from {@link EventType @EventType}, or from {@link #register}. A class
 * with neither is an error, never a silent fallback to the class name, so renaming a class can
 * never orphan stored events. Registering a sealed interface registers every permitted subtype
 * that is annotated. Thread-safe.
 */
public final class EventTypeRegistry {

    private final Map<Class<?>, String> namesByClass = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> classesByName = new ConcurrentHashMap<>();

    /**
     * Registers a class under a name.
     *
     * @param name the stable type name
     * @param type the event class
     * @return this registry
     * @throws IllegalArgumentException if the name or the class is already registered differently
     */
    public synchronized EventTypeRegistry register(String name, Class<?> type) {
        Objects.requireNonNull(type, "type must not be null");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("event type name for " + type.getName() + " must not be blank");
        }
        Class<?> existingClass = classesByName.get(name);
        if (existingClass != null && existingClass != type) {
            throw new IllegalArgumentException("event type name '%s' is already registered for %s, cannot register %s"
                    .formatted(name, existingClass.getName(), type.getName()));
        }
        String existingName = namesByClass.get(type);
        if (existingName != null && !existingName.equals(name)) {
            throw new IllegalArgumentException("%s is already registered as '%s', cannot register it as '%s'"
                    .formatted(type.getName(), existingName, name));
        }
        classesByName.put(name, type);
        namesByClass.put(type, name);
        return this;
    }

    /**
     * Registers annotated classes; a sealed type registers its annotated permitted subtypes,
     * recursively.
     *
     * @param types classes annotated with {@link EventType}, or sealed types over them
     * @return this registry
     * @throws IllegalArgumentException if a concrete class has no {@link EventType}
     */
    public EventTypeRegistry register(Class<?>... types) {
        for (Class<?> type : types) {
            registerAnnotated(type);
        }
        return this;
    }

    private void registerAnnotated(Class<?> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        if (annotation != null) {
            register(annotation.value(), type);
        }
        if (type.isSealed()) {
            for (Class<?> permitted : type.getPermittedSubclasses()) {
                registerAnnotated(permitted);
            }
        } else if (annotation == null) {
            throw new IllegalArgumentException(type.getName() + " has no @EventType annotation; annotate it or register"
                    + " it with register(name, type)");
        }
    }

    /**
     * The stored name of an event class, registering annotated classes on first use.
     *
     * @param type the event class
     * @return the stored type name
     * @throws EventSerializationException if the class has no name
     */
    public String nameOf(Class<?> type) {
        String name = namesByClass.get(type);
        if (name != null) {
            return name;
        }
        EventType annotation = type.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new EventSerializationException(type.getName() + " has no stored event type name: annotate it with"
                    + " @EventType or register it with EventTypeRegistry.register(name, type)", null, 0, null);
        }
        register(annotation.value(), type);
        return annotation.value();
    }

    /**
     * The class registered for a stored name.
     *
     * @param name the stored type name
     * @param position global position of the event being decoded, for the error message
     * @return the class
     * @throws EventSerializationException if no class is registered under the name
     */
    public Class<?> classOf(String name, long position) {
        Class<?> type = classesByName.get(name);
        if (type == null) {
            throw new EventSerializationException("no event class is registered for stored type '%s' (event at position %d)"
                    .formatted(name, position), name, position, null);
        }
        return type;
    }
}
