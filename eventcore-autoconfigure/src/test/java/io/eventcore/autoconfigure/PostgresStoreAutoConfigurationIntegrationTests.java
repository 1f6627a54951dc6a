package io.eventcore.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcore.CommandExecutor;
import io.eventcore.EventStoreException;
import io.eventcore.EventStoreUnavailableException;
import io.eventcore.StreamId;
import io.eventcore.autoconfigure.TestCommands.Deposit;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.EventStore;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.postgres.PostgresEventStore;
import io.eventcore.testing.TestDatabase;
import io.eventcore.testing.TestEvents;
import io.eventcore.testing.TestEvents.Noted;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/** Store selection, schema initialization, qualifier, customizers and shutdown against PostgreSQL. */
class PostgresStoreAutoConfigurationIntegrationTests {

    private static final TestDatabase DATABASE = TestDatabase.get();
    private static String schema;
    private static HikariDataSource pool;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventCoreStoreAutoConfiguration.class,
                    CommandExecutorAutoConfiguration.class))
            .withBean(EventTypeRegistryCustomizer.class, () -> registry -> registry.register(TestEvents.Event.class))
            .withPropertyValues("eventcore.postgres.schema=" + schema);

    @BeforeAll
    static void createSchema() {
        schema = DATABASE.createSchema(PostgresStoreAutoConfigurationIntegrationTests.class);
        pool = DATABASE.newDataSource(4);
    }

    @AfterAll
    static void dropSchema() {
        pool.close();
        DATABASE.dropSchema(schema);
    }

    /** The shared pool, wrapped so that closing a context does not close it. */
    private static DataSource shared() {
        return new DelegatingDataSource(pool);
    }

    @Test
    void autoWithSingleDataSourceUsesPostgresAndCreatesTheSchema() {
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=auto_").run(context -> {
                    PostgresEventStore store = context.getBean(PostgresEventStore.class);
                    assertThat(store.schema()).isEqualTo(schema);
                    assertThat(store.tablePrefix()).isEqualTo("auto_");
                    assertThat(store.isSchemaPresent()).isTrue();
                    StreamId account = StreamId.of("account-1");
                    context.getBean(CommandExecutor.class).execute(new Deposit(account, 5));
                    assertThat(store.readStream(account)).hasSize(1);
                });
    }

    @Test
    void parallelCommitsTakePositionsFromTheTransactionIdWithTwoWritersUnlessTold() {
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=parallel_",
                        "eventcore.postgres.parallel-commits=true").run(context -> {
                    PostgresEventStore store = context.getBean(PostgresEventStore.class);
                    assertThat(store.parallelCommits()).isTrue();
                    assertThat(store.writerThreads()).isEqualTo(2);
                    StreamId account = StreamId.of("account-1");
                    context.getBean(CommandExecutor.class).execute(new Deposit(account, 5));
                    // a transaction id of at least 1, shifted left by 20 bits
                    assertThat(store.readStream(account).get(0).position()).isGreaterThan(1L << 20);
                });
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=parallel_",
                        "eventcore.postgres.parallel-commits=true",
                        "eventcore.postgres.group-commit.writer-threads=3")
                .run(context -> assertThat(context.getBean(PostgresEventStore.class).writerThreads()).isEqualTo(3));
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=counter_").run(context -> {
                    PostgresEventStore store = context.getBean(PostgresEventStore.class);
                    assertThat(store.parallelCommits()).isFalse();
                    assertThat(store.writerThreads()).isEqualTo(1);
                });
    }

    @Test
    void maxBatchDelayIsAHundredMicrosecondsUnlessSet() {
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=delay_")
                .run(context -> assertThat(context.getBean(PostgresEventStore.class).maxBatchDelay())
                        .isEqualTo(Duration.ofNanos(100_000)));
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=delay_",
                        "eventcore.postgres.group-commit.max-batch-delay=0")
                .run(context -> assertThat(context.getBean(PostgresEventStore.class).maxBatchDelay()).isZero());
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=delay_",
                        "eventcore.postgres.group-commit.max-batch-delay=2ms")
                .run(context -> assertThat(context.getBean(PostgresEventStore.class).maxBatchDelay())
                        .isEqualTo(Duration.ofMillis(2)));
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=delay_",
                        "eventcore.postgres.group-commit.max-batch-delay=-1ms")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBatchDelay"));
    }

    @Test
    void initializeNeverWithMissingTablesFailsWithAnAnalysisNamingTheTables() {
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=missing_",
                        "eventcore.postgres.initialize-schema=never").run(context -> {
                    assertThat(context).hasFailed();
                    FailureAnalysis analysis = new SchemaMissingFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains(schema + ".missing_events", "'never'");
                    assertThat(analysis.getAction()).contains("eventcore.postgres.initialize-schema=always",
                            "schema-postgresql.sql");
                });
    }

    @Test
    void initializeNeverWithExistingTablesStarts() {
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=existing_").run(context -> assertThat(context)
                        .hasNotFailed());
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=existing_",
                        "eventcore.postgres.initialize-schema=never")
                .run(context -> assertThat(context).hasSingleBean(PostgresEventStore.class));
    }

    @Test
    void databaseThatIsNotPostgresFailsWithAnAnalysis() {
        runner.withBean(DataSource.class, () -> fakeDatabase("H2", "jdbc:h2:mem:test")).run(context -> {
            assertThat(context).hasFailed();
            FailureAnalysis analysis = new DatabaseNotPostgresFailureAnalyzer().analyze(context.getStartupFailure());
            assertThat(analysis).isNotNull();
            assertThat(analysis.getDescription()).contains("H2", "jdbc:h2:mem:test");
            assertThat(analysis.getAction()).contains("@EventCoreDataSource", "eventcore.store.type=memory");
        });
    }

    @Test
    void qualifiedDataSourceIsUsedInsteadOfThePrimaryOne() {
        runner.withUserConfiguration(TwoDataSourcesConfiguration.class)
                .withPropertyValues("eventcore.postgres.table-prefix=qualified_")
                .run(context -> {
                    assertThat(context).hasSingleBean(PostgresEventStore.class);
                    assertThat(context.getBean(PostgresEventStore.class).isSchemaPresent()).isTrue();
                });
    }

    @Test
    void qualifiedDataSourceSelectsPostgresWhenNoneIsPrimary() {
        runner.withUserConfiguration(QualifiedWithoutPrimaryConfiguration.class)
                .withPropertyValues("eventcore.postgres.table-prefix=qualified_")
                .run(context -> assertThat(context).hasSingleBean(PostgresEventStore.class));
    }

    @Test
    void postgresStoreCustomizersRunAfterProperties() {
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.postgres.table-prefix=ignored_")
                .withBean(PostgresEventStoreCustomizer.class, () -> builder -> builder.tablePrefix("custom_"))
                .run(context -> assertThat(context.getBean(PostgresEventStore.class).tablePrefix())
                        .isEqualTo("custom_"));
    }

    @Test
    void explicitMemoryWithPostgresDataSourceUsesMemory() {
        runner.withBean(DataSource.class, PostgresStoreAutoConfigurationIntegrationTests::shared)
                .withPropertyValues("eventcore.store.type=memory")
                .run(context -> assertThat(context).doesNotHaveBean(PostgresEventStore.class)
                        .hasSingleBean(EventStore.class));
    }

    @Test
    void closingTheContextLetsInFlightAppendsFinishBeforeTheDataSourceCloses() throws Exception {
        HikariDataSource owned = DATABASE.newDataSource(4);
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger written = new AtomicInteger();
        String prefix = "shutdown_";
        runner.withBean(HikariDataSource.class, () -> owned)
                .withPropertyValues("eventcore.postgres.table-prefix=" + prefix).run(context -> {
                    EventStore store = context.getBean(EventStore.class);
                    EventTypeRegistry types = context.getBean(EventTypeRegistry.class);
                    int writers = 8;
                    CountDownLatch running = new CountDownLatch(writers * 5);
                    List<Thread> threads = new ArrayList<>();
                    for (int w = 0; w < writers; w++) {
                        StreamId stream = StreamId.of("writer-" + w);
                        Thread thread = new Thread(() -> {
                            for (long version = 0; ; version++) {
                                try {
                                    store.append(AppendRequest.of(stream, version == 0 ? ExpectedVersion.noStream()
                                            : ExpectedVersion.exact(version), List.of(noted(stream, types))));
                                    written.incrementAndGet();
                                    running.countDown();
                                } catch (Throwable failure) {
                                    failures.add(failure);
                                    return;
                                }
                            }
                        }, "writer-" + w);
                        thread.start();
                        threads.add(thread);
                    }
                    running.await();
                    context.close();
                    for (Thread thread : threads) {
                        thread.join();
                    }
                });
        assertThat(owned.isClosed()).isTrue();
        // Every writer stopped on a clear "store closed" failure, never on a pool that closed under it.
        assertThat(failures).hasSize(8).allSatisfy(failure -> assertThat(failure)
                .isInstanceOf(EventStoreException.class)
                .isNotInstanceOf(EventStoreUnavailableException.class)
                .hasMessageContaining("closed"));
        // Every append reported as written is in the database.
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + schema + "." + prefix + "events")) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(written.get());
        }
    }

    private static PendingEvent noted(StreamId stream, EventTypeRegistry types) {
        Noted payload = new Noted("hello");
        return new PendingEvent(UUID.randomUUID(), stream, types.nameOf(Noted.class), payload, EventMetadata.EMPTY);
    }

    /** A DataSource whose connections claim to be another database; only the metadata works. */
    static DataSource fakeDatabase(String product, String url) {
        DatabaseMetaData metaData = (DatabaseMetaData) Proxy.newProxyInstance(
                PostgresStoreAutoConfigurationIntegrationTests.class.getClassLoader(),
                new Class<?>[] {DatabaseMetaData.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getDatabaseProductName" -> product;
                    case "getDatabaseProductVersion" -> "2.2";
                    case "getURL" -> url;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Connection connection = (Connection) Proxy.newProxyInstance(
                PostgresStoreAutoConfigurationIntegrationTests.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getMetaData" -> metaData;
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new SimpleDriverDataSource() {
            @Override
            public Connection getConnection() {
                return connection;
            }
        };
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoDataSourcesConfiguration {

        @Bean
        @Primary
        DataSource applicationDataSource() {
            return fakeDatabase("H2", "jdbc:h2:mem:app");
        }

        @Bean
        @EventCoreDataSource
        DataSource eventStoreDataSource() {
            return shared();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class QualifiedWithoutPrimaryConfiguration {

        @Bean
        DataSource reportingDataSource() {
            return fakeDatabase("H2", "jdbc:h2:mem:reporting");
        }

        @Bean
        @EventCoreDataSource
        DataSource eventStoreDataSource() {
            return shared();
        }
    }
}
