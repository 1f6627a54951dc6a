package io.eventcore.store.postgres;

import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.store.AbstractEventStoreContractTests;
import io.eventcore.store.EventStore;
import io.eventcore.testing.TestDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the {@link EventStore} contract against {@link PostgresEventStore} with group commit (the
 * default), each case in fresh tables (its own prefix) of a schema owned by this class.
 */
class PostgresEventStoreContractIntegrationTests extends AbstractEventStoreContractTests {

    private static final AtomicInteger CASES = new AtomicInteger();
    private static String schema = "";

    @BeforeAll
    static void createSchema() {
        schema = TestDatabase.get().createSchema(PostgresEventStoreContractIntegrationTests.class);
    }

    @AfterAll
    static void dropSchema() {
        TestDatabase.get().dropSchema(schema);
    }

    @Override
    protected EventStore createStore() {
        PostgresEventStore store = PostgresEventStore
                .builder(TestDatabase.get().dataSource(), new JacksonEventSerializer(eventTypes()))
                .schema(schema)
                .tablePrefix("c" + CASES.incrementAndGet() + "_")
                .build();
        store.initializeSchema();
        return store;
    }

    @Override
    protected void releaseStore(EventStore store) {
        PostgresEventStore postgres = (PostgresEventStore) store;
        postgres.close();
        postgres.dropSchema();
    }
}
