package io.eventcore.autoconfigure;

import io.eventcore.serialization.EventTypeRegistry;

/**
 * Registers event types the package scan cannot find, for example classes from a library or
 * classes named with {@link EventTypeRegistry#register(String, Class)} instead of
 * {@link io.eventcore.EventType @EventType}. Called, in bean order, after the scan.
 */
@FunctionalInterface
public interface EventTypeRegistryCustomizer {

    /**
     * Customizes the registry.
     *
     * @param registry the registry, holding the scanned types
     */
    void customize(EventTypeRegistry registry);
}
