package io.eventcore.store.postgres;

/**
 * The event store contract on {@link PostgresEventStore} with parallel commits: positions from the
 * transaction id, two writer threads committing at once.
 */
class PostgresEventStoreParallelCommitsContractIntegrationTests extends AbstractPostgresEventStoreContractTests {

    @Override
    PostgresEventStore.Builder configure(PostgresEventStore.Builder builder) {
        return builder.parallelCommits(true);
    }
}
