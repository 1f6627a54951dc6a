package io.eventcore.store.postgres;

import static io.eventcore.store.postgres.PostgresTestSupport.note;
import static io.eventcore.store.postgres.PostgresTestSupport.noted;
import static io.eventcore.store.postgres.PostgresTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.eventcore.CommitOutcomeUnknownException;
import io.eventcore.EventSerializationException;
import io.eventcore.EventStoreException;
import io.eventcore.EventStoreUnavailableException;
import io.eventcore.StreamId;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.EventFilter;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** How the PostgreSQL store reports a database that is unreachable, lost, or holds bad data. */
class PostgresEventStoreFailureIntegrationTests {

    private static final StreamId STREAM = StreamId.of("order-1");

    private static String schema = "";

    @BeforeAll
    static void createSchema() {
        schema = TestDatabase.get().createSchema(PostgresEventStoreFailureIntegrationTests.class);
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build()) {
            store.initializeSchema();
        }
    }

    @AfterAll
    static void dropSchema() {
        TestDatabase.get().dropSchema(schema);
    }

    @Test
    void appendAndReadFailAsUnavailableWhenDatabaseCannotBeReached() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setServerNames(new String[] {"127.0.0.1"});
        nowhere.setPortNumbers(new int[] {1});
        nowhere.setDatabaseName("test");
        nowhere.setConnectTimeout(2);
        try (PostgresEventStore store = store(nowhere, schema).build()) {
            EventStoreUnavailableException append = catchThrowableOfType(EventStoreUnavailableException.class,
                    () -> store.append(note(STREAM, 0, "x")));
            assertThat(append.getCause()).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> store.readStream(STREAM)).isInstanceOf(EventStoreUnavailableException.class)
                    .hasCauseInstanceOf(SQLException.class);
            assertThatThrownBy(() -> store.readAll(0, EventFilter.ALL, 10))
                    .isInstanceOf(EventStoreUnavailableException.class);
            assertThatThrownBy(store::headPosition).isInstanceOf(EventStoreUnavailableException.class);
        }
    }

    @Test
    void appendInTwoRoundTripsOnConnectionLostBeforeCommitFailsAsUnavailableAndWritesNothing() throws Exception {
        StreamId stream = StreamId.of("lost-before-commit");
        // an expectation of any version needs the stream's version read first, so nothing is sent to commit
        AppendRequest request = AppendRequest.of(stream, ExpectedVersion.any(), List.of(noted(stream, "x")));
        EventStoreException failure = appendOnTerminatedConnection(request);

        assertThat(failure).isInstanceOf(EventStoreUnavailableException.class);
        assertThat(failure.getCause()).isInstanceOf(SQLException.class);
        assertNothingIn(stream);
    }

    @Test
    void appendInOneRoundTripOnConnectionLostFailsAsOutcomeUnknownAndWritesNothing() throws Exception {
        StreamId stream = StreamId.of("lost-in-one-round-trip");
        // the statement and its COMMIT leave together: a lost connection cannot tell whether COMMIT arrived
        EventStoreException failure = appendOnTerminatedConnection(note(stream, 0, "x"));

        assertThat(failure).isInstanceOf(CommitOutcomeUnknownException.class);
        assertThat(failure.getCause()).isInstanceOf(SQLException.class);
        assertNothingIn(stream);
    }

    private static EventStoreException appendOnTerminatedConnection(AppendRequest request) throws Exception {
        Connection connection = TestDataSources.rawConnection();
        TestDataSources.terminate(TestDataSources.backendPid(connection));
        AtomicInteger connections = new AtomicInteger();
        // the first append of a store also checks the position counter: it gets a live connection
        TestDataSources.ConnectionSource brokenAfterFirst = () -> connections.getAndIncrement() == 0
                ? TestDataSources.rawConnection() : connection;
        try (PostgresEventStore store = store(brokenAfterFirst, schema).groupCommit(false).build()) {
            store.append(note(StreamId.of("first-" + UUID.randomUUID()), 0, "x"));
            return catchThrowableOfType(EventStoreException.class, () -> store.append(request));
        } finally {
            connection.close();
        }
    }

    private static void assertNothingIn(StreamId stream) {
        try (PostgresEventStore healthy = store(TestDatabase.get().dataSource(), schema).build()) {
            assertThat(healthy.readStream(stream)).isEmpty();
        }
    }

    @Test
    void appendOnConnectionLostDuringCommitFailsAsOutcomeUnknownNeverAsConflictOrSuccess() throws Exception {
        StreamId stream = StreamId.of("lost-during-commit");
        Connection connection = TestDataSources.rawConnection();
        int pid = TestDataSources.backendPid(connection);
        TestDataSources.ConnectionSource killer = () -> TestDataSources.killedAtCommit(connection, pid);
        try (PostgresEventStore store = store(killer, schema).build()) {
            CommitOutcomeUnknownException failure = catchThrowableOfType(CommitOutcomeUnknownException.class,
                    () -> store.append(note(stream, 0, "x")));

            assertThat(failure.getCause()).isInstanceOf(SQLException.class);
            assertThat(failure.isRetryable()).isFalse();
        } finally {
            connection.close();
        }
    }

    @Test
    void undecodableStoredEventFailsReadNamingPositionAndType() {
        StreamId stream = StreamId.of("corrupt-1");
        try (PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build()) {
            store.append(note(stream, 0, "fine"));
            long position = store.headPosition() + 1;
            TestDatabase.get().execute("""
                    UPDATE %1$s.eventcore_position SET last = last + 1;
                    INSERT INTO %1$s.eventcore_events (position, stream_id, version, event_id, event_type, payload)
                    VALUES (%2$d, 'corrupt-1', 2, gen_random_uuid(), 'test-noted', '{"text": {"not": "a string"}}');
                    INSERT INTO %1$s.eventcore_events (position, stream_id, version, event_id, event_type, payload)
                    VALUES (%3$d, 'corrupt-1', 3, gen_random_uuid(), 'no-such-type', '{}');
                    UPDATE %1$s.eventcore_position SET last = last + 1;
                    """.formatted(schema, position, position + 1));

            EventSerializationException badPayload = catchThrowableOfType(EventSerializationException.class,
                    () -> store.readStream(stream));
            assertThat(badPayload.position()).isEqualTo(position);
            assertThat(badPayload.eventType()).isEqualTo("test-noted");
            assertThat(badPayload).hasMessageContaining(Long.toString(position)).hasMessageContaining("test-noted");

            EventSerializationException unknownType = catchThrowableOfType(EventSerializationException.class,
                    () -> store.readAll(position, EventFilter.ALL, 10));
            assertThat(unknownType.position()).isEqualTo(position + 1);
            assertThat(unknownType).hasMessageContaining("no-such-type");
        }
    }

    @Test
    void appendAfterCloseFailsWithEventStoreException() {
        PostgresEventStore store = store(TestDatabase.get().dataSource(), schema).build();
        store.close();

        assertThatThrownBy(() -> store.append(note(StreamId.of("closed-1"), 0, "x")))
                .isInstanceOf(EventStoreException.class)
                .hasMessageContaining("closed");
    }
}
