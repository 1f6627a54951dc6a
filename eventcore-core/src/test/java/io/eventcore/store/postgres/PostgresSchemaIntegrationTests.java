package io.eventcore.store.postgres;

import static io.eventcore.store.postgres.PostgresTestSupport.note;
import static io.eventcore.store.postgres.PostgresTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventcore.EventStoreException;
import io.eventcore.StreamId;
import io.eventcore.store.EventFilter;
import io.eventcore.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** The schema script, immutability in the database, isolation by schema and prefix, and notifications. */
class PostgresSchemaIntegrationTests {

    private static final StreamId STREAM = StreamId.of("order-1");

    private String schema = "";
    private String otherSchema = "";

    @BeforeEach
    void createSchemas() {
        schema = TestDatabase.get().createSchema(PostgresSchemaIntegrationTests.class);
        otherSchema = TestDatabase.get().createSchema(PostgresSchemaIntegrationTests.class);
    }

    @AfterEach
    void dropSchemas() {
        TestDatabase.get().dropSchema(schema);
        TestDatabase.get().dropSchema(otherSchema);
    }

    @Test
    void schemaWithoutTheAppendFunctionIsNotPresentAndAppendsNameTheFunction() {
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build()) {
            store.initializeSchema();
            TestDatabase.get().execute("DROP FUNCTION " + schema + ".eventcore_expect_versions(bigint, bigint)");

            assertThat(store.isSchemaPresent()).isFalse();
            assertThatThrownBy(() -> store.append(note(STREAM, 0, "x")))
                    .isInstanceOf(EventStoreException.class).hasMessageContaining("eventcore_expect_versions");

            store.initializeSchema();
            assertThat(store.isSchemaPresent()).isTrue();
            assertThat(store.append(note(STREAM, 0, "x")).events()).hasSize(1);
        }
    }

    @ParameterizedTest(name = "without {0}.{1}")
    @CsvSource({"eventcore_streams, writer", "eventcore_position, streams_behind_after"})
    void schemaFromAnOlderScriptWithoutAColumnAppendsUseIsNotPresentUntilInitializedAgain(String table, String column) {
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build()) {
            store.initializeSchema();
            TestDatabase.get().execute("ALTER TABLE " + schema + "." + table + " DROP COLUMN " + column);

            assertThat(store.isSchemaPresent()).isFalse();

            store.initializeSchema();
            assertThat(store.isSchemaPresent()).isTrue();
            assertThat(store.append(note(STREAM, 0, "x")).events()).hasSize(1);
        }
    }

    @Test
    void initializeSchemaIsIdempotentAndDropSchemaRemovesTheTables() {
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build()) {
            assertThat(store.isSchemaPresent()).isFalse();
            store.initializeSchema();
            store.append(note(STREAM, 0, "kept"));
            store.initializeSchema();

            assertThat(store.isSchemaPresent()).isTrue();
            assertThat(store.readStream(STREAM)).hasSize(1);
            assertThat(store.headPosition()).isEqualTo(1);

            store.dropSchema();
            assertThat(store.isSchemaPresent()).isFalse();
        }
    }

    @Test
    void schemaScriptWithDefaultsCreatesTablesInTheNamedSchemaWithThePrefix() {
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).tablePrefix("app_").build()) {
            assertThat(store.schemaScript()).contains("\"" + schema + "\".app_events").doesNotContain("${");
            store.initializeSchema();
            assertThat(tableCount(schema, "app_%")).isEqualTo(3);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "UPDATE %s.eventcore_events SET event_type = 'changed'",
        "DELETE FROM %s.eventcore_events",
        "DELETE FROM %s.eventcore_events WHERE false",
        "TRUNCATE %s.eventcore_events"})
    void databaseRejectsChangesToStoredEvents(String change) throws SQLException {
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build()) {
            store.initializeSchema();
            store.append(note(STREAM, 0, "immutable"));

            try (Connection connection = TestDatabase.get().dataSource().getConnection();
                    Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.execute(change.formatted(schema)))
                        .isInstanceOf(SQLException.class)
                        .hasMessageContaining("events are immutable");
            }
            assertThat(store.readStream(STREAM)).singleElement()
                    .satisfies(e -> assertThat(e.type()).isEqualTo("test-noted"));
        }
    }

    @Test
    void storesWithDifferentSchemasOrPrefixesDoNotSeeEachOthersEvents() {
        try (PostgresEventStore a = store(TestDatabase.get().dataSource(), schema).build();
                PostgresEventStore b = store(TestDatabase.get().dataSource(), schema).tablePrefix("other_").build();
                PostgresEventStore c = store(TestDatabase.get().dataSource(), otherSchema).build()) {
            a.initializeSchema();
            b.initializeSchema();
            c.initializeSchema();

            a.append(note(STREAM, 0, "in a"));
            b.append(note(STREAM, 0, "in b"));
            b.append(note(STREAM, 1, "in b again"));

            assertThat(a.readStream(STREAM)).hasSize(1);
            assertThat(b.readStream(STREAM)).hasSize(2);
            assertThat(c.readStream(STREAM)).isEmpty();
            assertThat(c.readAll(0, EventFilter.ALL, 10)).isEmpty();
            assertThat(c.headPosition()).isZero();
            assertThat(a.notificationChannel()).isEqualTo(schema + "_eventcore_events")
                    .isNotEqualTo(b.notificationChannel())
                    .isNotEqualTo(c.notificationChannel());
        }
    }

    @Test
    void commitNotifiesTheChannelWithTheLastPositionWritten() throws Exception {
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build();
                Connection listener = TestDataSources.rawConnection()) {
            store.initializeSchema();
            try (Statement listen = listener.createStatement()) {
                listen.execute("LISTEN \"" + store.notificationChannel() + "\"");
            }

            long position = store.append(note(STREAM, 0, "notify me")).events().get(0).position();

            PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(10_000);
            assertThat(notifications).isNotEmpty();
            assertThat(notifications[0].getName()).isEqualTo(store.notificationChannel());
            assertThat(notifications[0].getParameter()).isEqualTo(Long.toString(position));
        }
    }

    @Test
    void watchCallbackFiresForCommitsOfThisStoreAndThroughListenForAnotherStoreOnTheSameTables() throws Exception {
        try (PostgresEventStore watched = store(TestDatabase.get().dataSource(), schema).build();
                PostgresEventStore other = store(TestDatabase.get().dataSource(), schema).build()) {
            watched.initializeSchema();
            AtomicInteger calls = new AtomicInteger();
            try (AutoCloseable handle = watched.watch(calls::incrementAndGet)) {
                watched.append(note(STREAM, 0, "own"));
                assertThat(calls.get()).as("called directly after the own commit").isPositive();

                waitUntil(() -> listening(watched.notificationChannel()));
                calls.set(0);
                other.append(note(STREAM, 1, "other"));
                waitUntil(() -> calls.get() > 0);
            }
            calls.set(0);
            watched.append(note(STREAM, 2, "after the handle closed"));
            assertThat(calls.get()).isZero();
        }
    }

    private static boolean listening(String channel) {
        try (Connection connection = TestDatabase.get().dataSource().getConnection();
                var select = connection.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE query = ?")) {
            select.setString(1, "LISTEN \"" + channel + "\"");
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s for a condition").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Public", "my-schema", "1abc", "a b"})
    void builderRejectsSchemaNamesThatAreNotLowercaseIdentifiers(String name) {
        PostgresEventStore.Builder builder = store(TestDatabase.get().dataSource(), "public");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.schema(name)).withMessageContaining("schema");
    }

    @ParameterizedTest
    @ValueSource(strings = {"App_", "x-", "1_", "a;drop"})
    void builderRejectsTablePrefixesThatCannotStartAnIdentifier(String prefix) {
        PostgresEventStore.Builder builder = store(TestDatabase.get().dataSource(), "public");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.tablePrefix(prefix))
                .withMessageContaining("tablePrefix");
    }

    private static int tableCount(String schema, String like) {
        try (Connection connection = TestDatabase.get().dataSource().getConnection();
                var select = connection.prepareStatement(
                        "SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tablename LIKE ?")) {
            select.setString(1, schema);
            select.setString(2, like);
            try (var rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
