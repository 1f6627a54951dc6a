package io.eventcore.store.postgres;

import static io.eventcore.store.postgres.PostgresConcurrencyIntegrationTests.assertEachStreamInVersionOrder;
import static io.eventcore.store.postgres.PostgresTestSupport.awaitLockWait;
import static io.eventcore.store.postgres.PostgresTestSupport.note;
import static io.eventcore.store.postgres.PostgresTestSupport.noted;
import static io.eventcore.store.postgres.PostgresTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What appends with the position counter must guarantee now that they read versions from the
 * events rather than lock stream rows, each case forced: an append that waited for another
 * writer's commit at the counter checks its versions with that writer's events in view. The other
 * writer is a transaction held open here, as another JVM's writer would be between taking its
 * positions and its COMMIT.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresCounterIntegrationTests {

    private static final StreamId READ = StreamId.of("c-read");
    private static final StreamId WRITTEN = StreamId.of("c-written");

    private String schema = "";
    private PostgresEventStore store;

    @BeforeEach
    void createStore() {
        schema = TestDatabase.get().createSchema(PostgresCounterIntegrationTests.class);
        store = store(TestDatabase.get().dataSource(), schema).build();
        store.initializeSchema();
        store.append(note(READ, 0, "setup"));
        store.append(note(WRITTEN, 0, "setup"));
    }

    @AfterEach
    void dropSchema() {
        store.close();
        TestDatabase.get().dropSchema(schema);
    }

    @Test
    void appendWhoseReadOnlyStreamWasWrittenWhileItWaitedForTheCounterConflicts() throws Exception {
        Map<StreamId, ExpectedVersion> expected = new LinkedHashMap<>();
        expected.put(READ, ExpectedVersion.exact(1));
        expected.put(WRITTEN, ExpectedVersion.exact(1));
        AppendRequest request = new AppendRequest(expected, List.of(noted(WRITTEN, "decided on c-read at 1")));

        CompletableFuture<AppendResult> waiting = whileAnotherWriterAppendsTo(READ, true, () -> store.append(request));

        assertThat(waiting).failsWithin(30, TimeUnit.SECONDS).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(StreamVersionConflictException.class, e -> {
                    assertThat(e.streamId()).isEqualTo(READ);
                    assertThat(e.actual()).isEqualTo(2);
                });
        assertThat(store.readStream(WRITTEN)).hasSize(1);
    }

    @Test
    void appendWhoseStreamWasWrittenWhileItWaitedForTheCounterConflictsRatherThanFailing() throws Exception {
        CompletableFuture<AppendResult> waiting =
                whileAnotherWriterAppendsTo(WRITTEN, true, () -> store.append(note(WRITTEN, 1, "decided at 1")));

        assertThat(waiting).failsWithin(30, TimeUnit.SECONDS).withThrowableThat().havingCause()
                .isInstanceOfSatisfying(StreamVersionConflictException.class, e -> assertThat(e.actual()).isEqualTo(2));
        assertThat(store.readStream(WRITTEN)).extracting(EventEnvelope::version).containsExactly(1L, 2L);
    }

    @ParameterizedTest(name = "other writer commits: {0}")
    @ValueSource(booleans = {true, false})
    void appendExpectingAnyVersionWhileAnotherWriterHoldsTheCounterReadsItsStreamAfterThatWriter(boolean commits)
            throws Exception {
        AppendRequest any = AppendRequest.of(WRITTEN, ExpectedVersion.any(), List.of(noted(WRITTEN, "any")));

        AppendResult written = whileAnotherWriterAppendsTo(WRITTEN, commits, () -> store.append(any))
                .get(30, TimeUnit.SECONDS);

        assertThat(written.events().get(0).version()).isEqualTo(commits ? 3 : 2);
        assertEachStreamInVersionOrder(store.readAll(0, EventFilter.ALL, 100));
    }

    @Test
    void appendThatWaitedForAWriterThatRolledBackIsWrittenOnTheVersionsItAssumed() throws Exception {
        AppendResult written = whileAnotherWriterAppendsTo(WRITTEN, false,
                () -> store.append(note(WRITTEN, 1, "decided at 1"))).get(30, TimeUnit.SECONDS);

        assertThat(written.events()).singleElement().satisfies(e -> {
            assertThat(e.version()).isEqualTo(2);
            assertThat(e.position()).isEqualTo(3);
        });
    }

    @Test
    void appendOnAStreamThisStoreWroteBeforeItsTablesWereCreatedAgainConflictsInsteadOfLeavingAGap() {
        // the store saw c-written committed at 1, which no longer holds for the new, empty log
        TestDatabase.get().execute("DROP SCHEMA " + schema + " CASCADE");
        store.initializeSchema();

        assertThatThrownBy(() -> store.append(note(WRITTEN, 1, "decided on the old log")))
                .isInstanceOfSatisfying(StreamVersionConflictException.class, e -> assertThat(e.actual()).isZero());
        assertThat(store.readStream(WRITTEN)).isEmpty();
        store.append(note(READ, 0, "first of the new log"));
        assertThatThrownBy(() -> store.append(note(WRITTEN, 1, "still decided on the old log")))
                .isInstanceOf(StreamVersionConflictException.class);
        assertThat(store.readAll(0, EventFilter.ALL, 100)).extracting(EventEnvelope::streamId).containsExactly(READ);
    }

    @Test
    void appendsWithTheCounterWriteNoStreamRows() throws SQLException {
        store.append(note(READ, 1, "more"));

        try (Connection connection = TestDataSources.rawConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + schema + ".eventcore_streams")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    /**
     * Starts {@code append} while another writer holds the counter, having taken the next position
     * and inserted the next event of {@code stream}; once the append waits for it, that writer
     * commits or rolls back.
     */
    private <T> CompletableFuture<T> whileAnotherWriterAppendsTo(StreamId stream, boolean commits, Supplier<T> append)
            throws Exception {
        CompletableFuture<T> waiting;
        try (Connection other = TestDataSources.rawConnection()) {
            other.setAutoCommit(false);
            try (Statement statement = other.createStatement()) {
                statement.execute("""
                        WITH pos AS (UPDATE %1$s.eventcore_position SET last = last + 1 RETURNING last)
                        INSERT INTO %1$s.eventcore_events (position, stream_id, version, event_id, event_type, payload)
                        SELECT pos.last, '%2$s', (SELECT max(version) + 1 FROM %1$s.eventcore_events WHERE stream_id = '%2$s'),
                               gen_random_uuid(), 'test-noted', '{"text": "other writer"}'
                        FROM pos
                        """.formatted(schema, stream.value()));
            }
            waiting = CompletableFuture.supplyAsync(append);
            awaitLockWait("the other writer's counter");
            if (commits) {
                other.commit();
            } else {
                other.rollback();
            }
        }
        return waiting;
    }
}
