package io.eventcore.autoconfigure.projection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcore.CommandExecutor;
import io.eventcore.StreamId;
import io.eventcore.autoconfigure.CommandExecutorAutoConfiguration;
import io.eventcore.autoconfigure.EventCoreStoreAutoConfiguration;
import io.eventcore.autoconfigure.TestCommands.Deposit;
import io.eventcore.autoconfigure.actuate.EventCoreEndpoint;
import io.eventcore.autoconfigure.actuate.EventCoreEndpointAutoConfiguration;
import io.eventcore.autoconfigure.metrics.EventCoreMetrics;
import io.eventcore.autoconfigure.metrics.EventCoreMetricsAutoConfiguration;
import io.eventcore.projection.CheckpointStore;
import io.eventcore.projection.Projection;
import io.eventcore.projection.ProjectionCoordinator;
import io.eventcore.projection.ProjectionManager;
import io.eventcore.projection.ProjectionState;
import io.eventcore.projection.postgres.PostgresCheckpointStore;
import io.eventcore.projection.postgres.PostgresProjectionCoordinator;
import io.eventcore.testing.TestDatabase;
import io.eventcore.testing.TestEvents.Deposited;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** Projection beans on the PostgreSQL store: checkpoints, leadership, transactional read models, operations. */
class EventCoreProjectionsAutoConfigurationIntegrationTests {

    private static final TestDatabase DATABASE = TestDatabase.get();
    private static final StreamId ALICE = StreamId.of("account-alice");
    private static final StreamId BOB = StreamId.of("account-bob");
    private static String schema;
    private static HikariDataSource pool;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventCoreStoreAutoConfiguration.class,
                    CommandExecutorAutoConfiguration.class, EventCoreProjectionsAutoConfiguration.class,
                    EventCoreMetricsAutoConfiguration.class, EventCoreEndpointAutoConfiguration.class))
            .withBean(DataSource.class, () -> new DelegatingDataSource(pool))
            .withBean(SimpleMeterRegistry.class)
            .withPropertyValues("eventcore.postgres.schema=" + schema,
                    "management.endpoints.web.exposure.include=eventcore");

    @BeforeAll
    static void createSchema() {
        schema = DATABASE.createSchema(EventCoreProjectionsAutoConfigurationIntegrationTests.class);
        pool = DATABASE.newDataSource(6);
    }

    @AfterAll
    static void dropSchema() {
        pool.close();
        DATABASE.dropSchema(schema);
    }

    @Test
    void transactionalProjectionBeanKeepsItsReadModelInPostgresExactlyOnceAcrossRestarts() {
        ApplicationContextRunner tx = runner.withPropertyValues("eventcore.postgres.table-prefix=tx_")
                .withUserConfiguration(LedgerConfiguration.class);
        tx.run(context -> {
            assertThat(context.getBean(CheckpointStore.class)).isInstanceOfSatisfying(PostgresCheckpointStore.class,
                    checkpoints -> {
                        assertThat(checkpoints.schema()).isEqualTo(schema);
                        assertThat(checkpoints.tablePrefix()).isEqualTo("tx_");
                    });
            assertThat(context.getBean(ProjectionCoordinator.class))
                    .isInstanceOfSatisfying(PostgresProjectionCoordinator.class,
                            coordinator -> assertThat(coordinator.tablePrefix()).isEqualTo("tx_"));
            CommandExecutor executor = context.getBean(CommandExecutor.class);
            executor.execute(new Deposit(ALICE, 10));
            executor.execute(new Deposit(BOB, 5));
            await().atMost(10, TimeUnit.SECONDS).until(() -> balance("alice") == 10 && balance("bob") == 5);
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                    context.getBean(ProjectionManager.class).status("ledger").orElseThrow().leader()).isTrue());
        });
        // A second run continues after the committed checkpoint: nothing is applied twice.
        tx.run(context -> {
            context.getBean(CommandExecutor.class).execute(new Deposit(ALICE, 1));
            await().atMost(10, TimeUnit.SECONDS).until(() -> balance("alice") == 11);
            assertThat(balance("bob")).isEqualTo(5);
            assertThat(context.getBean(CheckpointStore.class).load("ledger")).hasValue(3);
        });
    }

    @Test
    void endpointResetRebuildsTheTransactionalReadModelAndMetersFollow() {
        runner.withPropertyValues("eventcore.postgres.table-prefix=ops_")
                .withUserConfiguration(LedgerConfiguration.class).run(context -> {
                    CommandExecutor executor = context.getBean(CommandExecutor.class);
                    executor.execute(new Deposit(StreamId.of("account-carol"), 4));
                    executor.execute(new Deposit(StreamId.of("account-carol"), 6));
                    await().atMost(10, TimeUnit.SECONDS).until(() -> balance("carol") == 10);
                    EventCoreEndpoint endpoint = context.getBean(EventCoreEndpoint.class);

                    endpoint.changeProjection("ledger", "pause", null);
                    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(
                            endpoint.projection("ledger").state()).isEqualTo(ProjectionState.PAUSED));
                    endpoint.changeProjection("ledger", "resume", null);

                    endpoint.changeProjection("ledger", "reset", 0L);
                    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                        assertThat(balance("carol")).isEqualTo(10);
                        assertThat(endpoint.projection("ledger").position()).isEqualTo(
                                endpoint.projection("ledger").headPosition());
                    });
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    // Two events, then the same two again after the rebuild.
                    await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(registry
                            .get(EventCoreMetrics.PROJECTION_EVENTS).tag("projection", "ledger").counter().count())
                            .isEqualTo(4));
                    assertThat(registry.get(EventCoreMetrics.PROJECTION_LAG).tag("projection", "ledger").gauge()
                            .value()).isZero();
                });
    }

    @Test
    void initializeSchemaNeverFailsStartupWhenCheckpointTablesAreMissing() {
        runner.withPropertyValues("eventcore.postgres.table-prefix=never_",
                        "eventcore.projections.initialize-schema=never")
                .run(context -> assertThat(context).hasFailed().getFailure().rootCause()
                        .hasMessageContaining(schema + ".never_checkpoints").hasMessageContaining("initialize-schema"));
    }

    private static long balance(String account) throws Exception {
        try (Connection connection = pool.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT COALESCE(SUM(balance), 0) FROM " + schema + ".ledger WHERE account = ?")) {
            select.setString(1, account);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LedgerConfiguration {

        @Bean
        Projection ledger() {
            DATABASE.execute("CREATE TABLE IF NOT EXISTS " + schema + ".ledger (account text PRIMARY KEY, balance bigint)");
            return Projection.transactional("ledger", new io.eventcore.projection.TransactionalProjectionHandler() {
                @Override
                public void handle(io.eventcore.store.EventEnvelope event, Connection connection) throws Exception {
                    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + schema
                            + ".ledger (account, balance) VALUES (?, ?) ON CONFLICT (account)"
                            + " DO UPDATE SET balance = ledger.balance + EXCLUDED.balance")) {
                        upsert.setString(1, event.streamId().value().substring("account-".length()));
                        upsert.setLong(2, event.payloadAs(Deposited.class).amount());
                        upsert.executeUpdate();
                    }
                }

                @Override
                public void reset(long position, Connection connection) throws Exception {
                    try (Statement delete = connection.createStatement()) {
                        delete.execute("DELETE FROM " + schema + ".ledger");
                    }
                }
            }).eventTypes(Deposited.class).build();
        }
    }
}
