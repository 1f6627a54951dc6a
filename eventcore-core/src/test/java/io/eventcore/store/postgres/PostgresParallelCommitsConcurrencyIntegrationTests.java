package io.eventcore.store.postgres;

/** The concurrency cases again, with every store taking positions from the transaction id. */
class PostgresParallelCommitsConcurrencyIntegrationTests extends PostgresConcurrencyIntegrationTests {

    @Override
    boolean parallelCommits() {
        return true;
    }
}
