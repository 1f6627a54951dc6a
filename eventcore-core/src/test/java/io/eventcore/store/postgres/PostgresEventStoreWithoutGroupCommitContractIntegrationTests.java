package io.eventcore.store.postgres;

/**
 * The event store contract on {@link PostgresEventStore} with group commit off: every append its
 * own transaction on the caller's thread.
 */
class PostgresEventStoreWithoutGroupCommitContractIntegrationTests extends AbstractPostgresEventStoreContractTests {

    @Override
    PostgresEventStore.Builder configure(PostgresEventStore.Builder builder) {
        return builder.groupCommit(false);
    }
}
