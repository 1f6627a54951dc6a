package io.eventcore.autoconfigure.projection;

import io.eventcore.EventStoreUnavailableException;
import io.eventcore.autoconfigure.CommandExecutorAutoConfiguration;
import io.eventcore.autoconfigure.EventCoreProperties;
import io.eventcore.autoconfigure.EventCoreProperties.InitializeSchema;
import io.eventcore.autoconfigure.EventCoreStoreAutoConfiguration;
import io.eventcore.autoconfigure.actuate.ProjectionEndpointContributor;
import io.eventcore.projection.CheckpointStore;
import io.eventcore.projection.InMemoryCheckpointStore;
import io.eventcore.projection.InMemoryProjectionCoordinator;
import io.eventcore.projection.Projection;
import io.eventcore.projection.ProjectionCoordinator;
import io.eventcore.projection.ProjectionListener;
import io.eventcore.projection.ProjectionManager;
import io.eventcore.projection.postgres.PostgresCheckpointStore;
import io.eventcore.projection.postgres.PostgresProjectionCoordinator;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.store.EventStore;
import io.eventcore.store.postgres.PostgresEventStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of projections: declare a {@link Projection} bean and it runs.
 *
 * <pre>{@code
 * @Bean
 * Projection balances(JdbcTemplate jdbc) {
 *     return Projection.atLeastOnce("balances", event -> ...)
 *             .eventTypes(Deposited.class, Withdrawn.class)
 *             .build();
 * }
 * }</pre>
 *
 * <p>Every {@code Projection} bean is registered with one {@link ProjectionManager} when the
 * manager is created, and the manager starts when the application context has been refreshed
 * (a {@link org.springframework.context.SmartLifecycle SmartLifecycle}); it is closed when the
 * context stops, before the DataSource is, each projection saving its checkpoint. With a
 * {@link PostgresEventStore}, checkpoints and skipped events go to a {@link PostgresCheckpointStore}
 * and leadership to a {@link PostgresProjectionCoordinator}, both on the store's own DataSource
 * ({@link PostgresEventStore#dataSource()}, so also a store the application defined), schema and table
 * prefix; the checkpoint tables are created like the store's (see {@code
 * eventcore.projections.initialize-schema}). With any other store they are in memory: a single
 * instance, restarting from position 0. {@linkplain Projection.Delivery#TRANSACTIONAL
 * Transactional} projections need the PostgreSQL checkpoint store; their handler writes through
 * the connection it is given, which belongs to that DataSource.
 *
 * <p>Backs off from a {@link CheckpointStore}, a {@link ProjectionCoordinator} and a {@link
 * ProjectionManager} that the application defines; a manager of the application's own is still
 * started and stopped with the context, and must register its projections itself. Every {@link
 * ProjectionListener} bean observes the auto-configured manager, the Micrometer one among them.
 * The {@code eventcore} Actuator endpoint lists and operates the manager's projections through a
 * {@link ProjectionEndpointContributor}. Settings are under {@code eventcore.projections.*} (see
 * {@link EventCoreProjectionsProperties}); {@code eventcore.projections.enabled=false} turns all of
 * this off.
 */
@AutoConfiguration(after = {EventCoreStoreAutoConfiguration.class, CommandExecutorAutoConfiguration.class})
@ConditionalOnBean({EventStore.class, EventTypeRegistry.class})
@ConditionalOnBooleanProperty(name = "eventcore.projections.enabled", matchIfMissing = true)
@EnableConfigurationProperties({EventCoreProperties.class, EventCoreProjectionsProperties.class})
public final class EventCoreProjectionsAutoConfiguration {

    EventCoreProjectionsAutoConfiguration() {
    }

    // Returns the interface: which implementation depends on the store instance, known only at runtime.
    @Bean
    @ConditionalOnMissingBean(CheckpointStore.class)
    CheckpointStore projectionCheckpointStore(EventStore eventStore, EventCoreProperties properties,
            EventCoreProjectionsProperties projectionsProperties) {
        if (!(eventStore instanceof PostgresEventStore postgres)) {
            return new InMemoryCheckpointStore();
        }
        PostgresCheckpointStore checkpoints = PostgresCheckpointStore.builder(postgres.dataSource())
                .schema(postgres.schema())
                .tablePrefix(postgres.tablePrefix())
                .build();
        InitializeSchema mode = Objects.requireNonNullElse(projectionsProperties.getInitializeSchema(),
                properties.getPostgres().getInitializeSchema());
        // PostgreSQL is never an embedded database, so EMBEDDED creates nothing, as for the store.
        if (mode == InitializeSchema.ALWAYS) {
            checkpoints.initializeSchema();
        } else {
            requireCheckpointTables(checkpoints, mode);
        }
        return checkpoints;
    }

    @Bean
    @ConditionalOnMissingBean(ProjectionCoordinator.class)
    ProjectionCoordinator projectionCoordinator(EventStore eventStore, EventCoreProjectionsProperties properties) {
        if (!(eventStore instanceof PostgresEventStore postgres)) {
            return new InMemoryProjectionCoordinator();
        }
        return PostgresProjectionCoordinator.builder(postgres.dataSource())
                .schema(postgres.schema())
                .tablePrefix(postgres.tablePrefix())
                .validationTimeout(properties.getLeadershipValidationTimeout())
                .build();
    }

    @Bean
    @ConditionalOnMissingBean
    ProjectionManager projectionManager(EventStore eventStore, CheckpointStore checkpointStore,
            ProjectionCoordinator projectionCoordinator, EventTypeRegistry eventTypeRegistry,
            EventCoreProjectionsProperties properties, ObjectProvider<ProjectionListener> listeners,
            ObjectProvider<Projection> projections) {
        ProjectionManager manager = ProjectionManager.builder(eventStore, checkpointStore)
                .coordinator(projectionCoordinator)
                .eventTypes(eventTypeRegistry)
                .listener(CompositeProjectionListener.of(listeners.orderedStream().toList()))
                .pollInterval(properties.getPollInterval())
                .leadershipRetryInterval(properties.getStandbyRetryInterval())
                .shutdownTimeout(properties.getShutdownTimeout())
                .operationTimeout(properties.getOperationTimeout())
                .build();
        try {
            projections.orderedStream().forEach(projection -> manager.register(withDefaults(projection, properties)));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
        return manager;
    }

    @Bean
    ProjectionManagerLifecycle eventCoreProjectionLifecycle(ObjectProvider<ProjectionManager> projectionManagers) {
        return new ProjectionManagerLifecycle(projectionManagers);
    }

    @Bean
    @ConditionalOnMissingBean(ProjectionEndpointContributor.class)
    ManagerProjectionEndpointContributor eventCoreProjectionEndpointContributor(ProjectionManager projectionManager) {
        return new ManagerProjectionEndpointContributor(projectionManager);
    }

    /** The projection with the configured batch and checkpoint defaults where its builder set none. */
    static Projection withDefaults(Projection projection, EventCoreProjectionsProperties properties) {
        return projection.withDefaults(properties.getBatchSize(), properties.getCheckpointEvents(),
                properties.getCheckpointInterval());
    }

    private static void requireCheckpointTables(PostgresCheckpointStore checkpoints, InitializeSchema mode) {
        String table = checkpoints.schema() + "." + checkpoints.tablePrefix() + "checkpoints";
        try (Connection connection = checkpoints.dataSource().getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                if (result.next() && result.getBoolean(1)) {
                    return;
                }
            }
        } catch (SQLException e) {
            throw new EventStoreUnavailableException("EventCore cannot check its checkpoint tables: " + e.getMessage(), e);
        }
        throw new IllegalStateException(("EventCore checkpoint table %s is missing and projection schema initialization"
                + " is %s: create it with PostgresCheckpointStore#schemaScript in your migrations, or set"
                + " eventcore.projections.initialize-schema=always").formatted(table, mode.name().toLowerCase(Locale.ROOT)));
    }
}
