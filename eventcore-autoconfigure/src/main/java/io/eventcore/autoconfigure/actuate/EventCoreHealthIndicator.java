package io.eventcore.autoconfigure.actuate;

import io.eventcore.store.EventStore;
import io.eventcore.store.memory.InMemoryEventStore;
import io.eventcore.store.postgres.PostgresEventStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up when the event store can work: for PostgreSQL, the database answers and the tables exist; the
 * in-memory store is always up.
 */
final class EventCoreHealthIndicator extends AbstractHealthIndicator {

    private final EventStore store;

    EventCoreHealthIndicator(EventStore store) {
        super("EventCore health check failed");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (store instanceof PostgresEventStore postgres) {
            builder.withDetail("store", "postgres")
                    .withDetail("schema", postgres.schema())
                    .withDetail("tablePrefix", postgres.tablePrefix());
            // Throws when the database cannot be reached, which AbstractHealthIndicator reports as down.
            if (postgres.isSchemaPresent()) {
                builder.up();
            } else {
                builder.down().withDetail("reason", "the schema is incomplete: tables " + postgres.schema() + "."
                        + postgres.tablePrefix() + "events, streams and position and function "
                        + postgres.tablePrefix() + "expect_versions must all exist");
            }
        } else {
            builder.up().withDetail("store", store instanceof InMemoryEventStore ? "memory" : store.getClass().getName());
        }
    }
}
