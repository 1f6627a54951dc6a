package io.eventcore.autoconfigure.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.store.postgres.PostgresEventStore;
import io.eventcore.testing.TestDatabase;
import io.eventcore.testing.TestEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

class EventCoreHealthIndicatorIntegrationTests {

    private static final TestDatabase DATABASE = TestDatabase.get();
    private static String schema;

    @BeforeAll
    static void createSchema() {
        schema = DATABASE.createSchema(EventCoreHealthIndicatorIntegrationTests.class);
    }

    @AfterAll
    static void dropSchema() {
        DATABASE.dropSchema(schema);
    }

    @Test
    void upWhenTheDatabaseAnswersAndTheTablesExist() {
        try (PostgresEventStore store = store("present_")) {
            store.initializeSchema();
            Health health = new EventCoreHealthIndicator(store).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("schema", schema).containsEntry("tablePrefix", "present_");
        }
    }

    @Test
    void downWhenTheTablesAreMissing() {
        try (PostgresEventStore store = store("absent_")) {
            Health health = new EventCoreHealthIndicator(store).health();
            assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            assertThat(health.getDetails()).containsKey("reason");
        }
    }

    @Test
    void downWhenTheDatabaseCannotBeReached() {
        SimpleDriverDataSource unreachable = new SimpleDriverDataSource(new org.postgresql.Driver(),
                "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=1");
        try (PostgresEventStore store = PostgresEventStore
                .builder(unreachable, new JacksonEventSerializer(TestEvents.registry())).build()) {
            assertThat(new EventCoreHealthIndicator(store).health().getStatus()).isEqualTo(Status.DOWN);
        }
    }

    private static PostgresEventStore store(String prefix) {
        return PostgresEventStore.builder(DATABASE.dataSource(), new JacksonEventSerializer(TestEvents.registry()))
                .schema(schema).tablePrefix(prefix).build();
    }
}
