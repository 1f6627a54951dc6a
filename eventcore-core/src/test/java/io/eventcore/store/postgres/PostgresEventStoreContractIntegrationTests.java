package io.eventcore.store.postgres;

/** The event store contract on {@link PostgresEventStore} as configured by default: group commit on. */
class PostgresEventStoreContractIntegrationTests extends AbstractPostgresEventStoreContractTests {

    @Override
    PostgresEventStore.Builder configure(PostgresEventStore.Builder builder) {
        return builder;
    }
}
