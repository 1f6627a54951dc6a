package io.eventcore.autoconfigure;

import io.eventcore.EventStoreUnavailableException;
import io.eventcore.autoconfigure.EventCoreProperties.InitializeSchema;
import io.eventcore.serialization.EventSerializer;
import io.eventcore.store.EventStore;
import io.eventcore.store.EventStoreListener;
import io.eventcore.store.postgres.PostgresEventStore;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.jdbc.EmbeddedDatabaseConnection;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * The PostgreSQL store, on the {@code @EventCoreDataSource} or the single (or primary) DataSource.
 * Created after the DataSource, so it is closed (draining queued appends) before the DataSource.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({DataSource.class, EmbeddedDatabaseConnection.class})
@Conditional(PostgresStoreCondition.class)
final class PostgresStoreConfiguration {

    @Bean
    @ConditionalOnMissingBean(EventStore.class)
    @DependsOnDatabaseInitialization
    PostgresEventStore eventStore(@EventCoreDataSource ObjectProvider<DataSource> eventCoreDataSource,
            ObjectProvider<DataSource> dataSource, EventSerializer eventSerializer, EventCoreProperties properties,
            ObjectProvider<EventStoreListener> listeners, ObjectProvider<PostgresEventStoreCustomizer> customizers) {
        DataSource source = eventCoreDataSource.getIfAvailable(dataSource::getObject);
        requirePostgres(source);
        EventCoreProperties.Postgres postgres = properties.getPostgres();
        PostgresEventStore.Builder builder = PostgresEventStore.builder(source, eventSerializer)
                .schema(postgres.getSchema())
                .tablePrefix(postgres.getTablePrefix())
                .fetchSize(postgres.getFetchSize())
                .groupCommit(postgres.getGroupCommit().isEnabled())
                .maxBatchSize(postgres.getGroupCommit().getMaxBatchSize())
                .maxBatchDelay(postgres.getGroupCommit().getMaxBatchDelay())
                .parallelCommits(postgres.isParallelCommits())
                .listener(CompositeEventStoreListener.of(listeners.orderedStream().toList()));
        Integer writerThreads = postgres.getGroupCommit().getWriterThreads();
        if (writerThreads != null) {
            builder.writerThreads(writerThreads);
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        PostgresEventStore store = builder.build();
        try {
            initialize(store, source, postgres.getInitializeSchema());
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static void initialize(PostgresEventStore store, DataSource source, InitializeSchema mode) {
        boolean create = switch (mode) {
            case ALWAYS -> true;
            case EMBEDDED -> EmbeddedDatabaseConnection.isEmbedded(source);
            case NEVER -> false;
        };
        if (create) {
            store.initializeSchema();
        } else if (!store.isSchemaPresent()) {
            throw new SchemaMissingException(store.schema(), store.tablePrefix(), mode);
        }
    }

    private static void requirePostgres(DataSource source) {
        try (Connection connection = source.getConnection()) {
            DatabaseMetaData metaData = connection.getMetaData();
            String product = metaData.getDatabaseProductName();
            if (!"PostgreSQL".equalsIgnoreCase(product)) {
                throw new DatabaseNotPostgresException(product + " " + metaData.getDatabaseProductVersion(),
                        String.valueOf(metaData.getURL()));
            }
        } catch (SQLException e) {
            throw new EventStoreUnavailableException("EventCore cannot connect to its database to check that it is"
                    + " PostgreSQL: " + e.getMessage(), e);
        }
    }
}
