package io.eventcore.benchmarks;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.common.jdbc.DataSourceConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.PostgresEventTableFactory;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * Axon Framework 4 configured with its plain Java {@code Configurer}, as a non-Spring user would:
 * {@code JdbcEventStorageEngine} with the PostgreSQL table factory and the Jackson serializer, in a
 * schema of its own, on a HikariCP pool of the same size as EventCore's. The pool does not
 * auto-commit: each command's unit of work holds one connection and commits it when the unit of
 * work commits, so every command is one transaction. The simple command bus runs each command on
 * the calling thread; the aggregate repository caches aggregates ({@link WeakReferenceCache}) and
 * locks each one in the JVM for the duration of a command, Axon's default.
 */
final class AxonFixture implements AutoCloseable {

    static final int MAX_ATTEMPTS = 5;

    final String schema;
    final HikariDataSource dataSource;
    final Configuration configuration;
    final CommandGateway gateway;

    AxonFixture(String schema) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        this.schema = schema;
        this.dataSource = BenchmarkDatabase.pool("axon-" + schema, BenchmarkDatabase.POOL_SIZE, false);
        EventSchema tables = EventSchema.builder()
                .eventTable(schema + ".domain_event_entry")
                .snapshotTable(schema + ".snapshot_event_entry")
                .build();
        createTables(tables);
        JacksonSerializer serializer = JacksonSerializer.defaultSerializer();
        JdbcEventStorageEngine engine = JdbcEventStorageEngine.builder()
                .connectionProvider(
                        new UnitOfWorkAwareConnectionProviderWrapper(new DataSourceConnectionProvider(dataSource)))
                .transactionManager(NoTransactionManager.INSTANCE)
                .schema(tables)
                .eventSerializer(serializer)
                .snapshotSerializer(serializer)
                .build();
        configuration = DefaultConfigurer.defaultConfiguration()
                .configureSerializer(c -> serializer)
                .configureEventSerializer(c -> serializer)
                .configureMessageSerializer(c -> serializer)
                .configureEmbeddedEventStore(c -> engine)
                .configureAggregate(AggregateConfigurer.defaultConfiguration(AxonAccount.class)
                        .configureCache(c -> new WeakReferenceCache()))
                .registerCommandHandler(c -> new AxonTransferHandler(c.repository(AxonAccount.class)))
                .buildConfiguration();
        configuration.start();
        gateway = configuration.commandGateway();
    }

    private void createTables(EventSchema tables) {
        try (Connection connection = dataSource.getConnection()) {
            try (var drop = connection.createStatement()) {
                drop.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                drop.execute("CREATE SCHEMA " + schema);
            }
            PostgresEventTableFactory.INSTANCE.createDomainEventTable(connection, tables).execute();
            PostgresEventTableFactory.INSTANCE.createSnapshotEventTable(connection, tables).execute();
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create Axon's tables in " + schema + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sends a command and waits, retrying concurrency failures at once, up to 5 attempts (the
     * EventCore executor's count, without its backoff).
     */
    void send(Object command, Outcomes outcomes) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            try {
                gateway.sendAndWait(command);
                outcomes.wrote(command instanceof AxonAccount.TransferMoney ? 2 : 1, attempt);
                return;
            } catch (ConcurrencyException | AggregateStreamCreationException e) {
                // Axon's version conflict: another writer appended (or created the account) first
            }
        }
        outcomes.gaveUp(MAX_ATTEMPTS);
    }

    @Override
    public void close() {
        try {
            configuration.shutdown();
        } finally {
            try {
                BenchmarkDatabase.reportStored(dataSource, schema + ".domain_event_entry");
                BenchmarkDatabase.dropSchema(dataSource, schema);
            } finally {
                dataSource.close();
            }
        }
    }
}
