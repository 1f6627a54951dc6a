package io.eventcore.projection.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.projection.AbstractCheckpointStoreContractTests;
import io.eventcore.projection.CheckpointStore;
import io.eventcore.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresCheckpointStoreIntegrationTests extends AbstractCheckpointStoreContractTests {

    private static String schema;
    private static PostgresCheckpointStore store;

    @BeforeAll
    static void createSchema() {
        schema = TestDatabase.get().createSchema(PostgresCheckpointStoreIntegrationTests.class);
        store = PostgresCheckpointStore.builder(TestDatabase.get().dataSource()).schema(schema).tablePrefix("pc_").build();
        store.initializeSchema();
    }

    @AfterAll
    static void dropSchema() {
        store.dropSchema();
        TestDatabase.get().dropSchema(schema);
    }

    @Override
    protected CheckpointStore store() {
        return store;
    }

    @Test
    void initializingTheSchemaAgainKeepsEveryCheckpoint() {
        store.save("kept", 12);
        store.initializeSchema();
        assertThat(store.load("kept")).hasValue(12);
        assertThat(store.schemaScript()).contains("\"" + schema + "\".pc_checkpoints").doesNotContain("${");
    }
}
