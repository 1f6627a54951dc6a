/**
 * Spring Boot auto-configuration for EventCore: the {@link io.eventcore.store.EventStore} (PostgreSQL
 * or in-memory), the {@link io.eventcore.serialization.EventTypeRegistry} filled from the
 * application's {@code @EventType} classes, and the {@link io.eventcore.CommandExecutor}.
 *
 * <p>Start with {@link io.eventcore.autoconfigure.EventCoreProperties} for the {@code eventcore.*}
 * settings; adjust what properties cannot express with {@link
 * io.eventcore.autoconfigure.CommandExecutorCustomizer}, {@link
 * io.eventcore.autoconfigure.PostgresEventStoreCustomizer} and {@link
 * io.eventcore.autoconfigure.EventTypeRegistryCustomizer} beans.
 */
@NullMarked
package io.eventcore.autoconfigure;

import org.jspecify.annotations.NullMarked;
