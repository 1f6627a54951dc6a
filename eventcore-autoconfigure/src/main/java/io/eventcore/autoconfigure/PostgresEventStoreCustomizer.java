package io.eventcore.autoconfigure;

import io.eventcore.store.postgres.PostgresEventStore;

/**
 * Adjusts the auto-configured {@link PostgresEventStore} beyond what {@code eventcore.postgres.*}
 * properties express. Called, in bean order, after the properties have been applied to the builder.
 */
@FunctionalInterface
public interface PostgresEventStoreCustomizer {

    /**
     * Customizes the builder.
     *
     * @param builder the builder, with properties already applied
     */
    void customize(PostgresEventStore.Builder builder);
}
