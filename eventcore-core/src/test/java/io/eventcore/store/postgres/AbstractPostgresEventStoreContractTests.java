package io.eventcore.store.postgres;

import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.store.AbstractEventStoreContractTests;
import io.eventcore.store.EventStore;
import io.eventcore.testing.TestDatabase;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Runs the {@link EventStore} contract against {@link PostgresEventStore}, each case in fresh
 * tables (its own prefix) of a schema created for the test class. Subclasses choose the settings.
 */
abstract class AbstractPostgresEventStoreContractTests extends AbstractEventStoreContractTests {

    private static final AtomicInteger CASES = new AtomicInteger();
    private static String schema = "";

    @BeforeAll
    static void createSchema() {
        schema = TestDatabase.get().createSchema(AbstractPostgresEventStoreContractTests.class);
    }

    @AfterAll
    static void dropSchema() {
        TestDatabase.get().dropSchema(schema);
    }

    /**
     * @param builder a builder on the test database, schema and a fresh prefix already set
     * @return the builder with this variant's settings
     */
    abstract PostgresEventStore.Builder configure(PostgresEventStore.Builder builder);

    @Override
    protected EventStore createStore() {
        PostgresEventStore store = configure(PostgresEventStore
                .builder(TestDatabase.get().dataSource(), new JacksonEventSerializer(eventTypes()))
                .schema(schema)
                .tablePrefix("c" + CASES.incrementAndGet() + "_"))
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
