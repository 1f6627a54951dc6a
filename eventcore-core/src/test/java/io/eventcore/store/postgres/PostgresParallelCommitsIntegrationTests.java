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
import io.eventcore.store.PendingEvent;
import io.eventcore.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What parallel commits must still guarantee, each case forced rather than hoped for: a reader
 * stops below a transaction that is still running, a stream written first by a transaction with a
 * later id keeps its events in version order, going back to the counter never puts positions
 * behind the log, and coming back from it brings the streams table up to the log.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class PostgresParallelCommitsIntegrationTests {

    private static final StreamId FIRST = StreamId.of("p-0");
    private static final StreamId HELD = StreamId.of("p-a");
    private static final StreamId RACED = StreamId.of("p-s");

    private String schema = "";
    private PostgresEventStore store;

    @BeforeEach
    void createStore() {
        schema = TestDatabase.get().createSchema(PostgresParallelCommitsIntegrationTests.class);
        store = store(TestDatabase.get().dataSource(), schema).parallelCommits(true).groupCommit(false).build();
        store.initializeSchema();
    }

    @AfterEach
    void dropSchema() {
        store.close();
        TestDatabase.get().dropSchema(schema);
    }

    @Test
    void readerStopsBelowAnOlderTransactionStillWritingAndThenSeesBothInOrder() throws SQLException {
        try (Connection older = TestDataSources.rawConnection()) {
            older.setAutoCommit(false);
            long olderPosition;
            try (Statement statement = older.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT (pg_current_xact_id()::text::bigint << 20) + 1")) {
                rs.next();
                olderPosition = rs.getLong(1);
            }
            try (Statement statement = older.createStatement()) {
                // what a writer in flight has done: taken its position and inserted, not yet committed
                statement.execute("INSERT INTO " + schema + ".eventcore_events (position, stream_id, version, event_id,"
                        + " event_type, payload) VALUES (" + olderPosition + ", 'older', 1, gen_random_uuid(),"
                        + " 'test-noted', '{\"text\": \"older\"}')");
            }
            AppendResult later = store.append(note(StreamId.of("later"), 0, "later"));
            long laterPosition = later.events().get(0).position();
            assertThat(laterPosition).isGreaterThan(olderPosition);

            // committed, but a reader that took it now would move its checkpoint past the older one
            assertThat(store.readAll(0, EventFilter.ALL, 10)).isEmpty();
            assertThat(store.headPosition()).isLessThan(olderPosition);

            older.commit();
        }
        assertThat(store.readAll(0, EventFilter.ALL, 10)).extracting(EventEnvelope::streamId)
                .containsExactly(StreamId.of("older"), StreamId.of("later"));
        assertThat(store.headPosition()).isEqualTo(store.readStream(StreamId.of("later")).get(0).position());
    }

    @Test
    void appendExpectingAnyVersionAfterALaterTransactionWroteItsStreamFirstComesAfterItInTheLog() throws Exception {
        Map<StreamId, ExpectedVersion> expected = new LinkedHashMap<>();
        for (StreamId stream : List.of(FIRST, HELD, RACED)) {
            expected.put(stream, ExpectedVersion.any());
        }
        raceOnTheStreamAfterAHeldOne(new AppendRequest(expected, List.of(noted(FIRST, "x"), noted(RACED, "x"))));
    }

    @Test
    void appendThatGuessedTheVersionALaterTransactionWritesFirstComesAfterItInTheLog() throws Exception {
        // exact expectations take the one round trip: the guess is right, but the order would not be
        Map<StreamId, ExpectedVersion> expected = new LinkedHashMap<>();
        expected.put(FIRST, ExpectedVersion.noStream());
        expected.put(HELD, ExpectedVersion.exact(1));
        expected.put(RACED, ExpectedVersion.exact(2));
        raceOnTheStreamAfterAHeldOne(new AppendRequest(expected, List.of(noted(FIRST, "x"), noted(RACED, "x"))));
    }

    /**
     * The append takes its transaction id creating {@link #FIRST}, then waits for {@link #HELD};
     * meanwhile a transaction with a later id writes {@link #RACED} and commits; then the append
     * goes on to write {@link #RACED} too.
     */
    private void raceOnTheStreamAfterAHeldOne(AppendRequest request) throws Exception {
        store.append(note(HELD, 0, "setup"));
        store.append(note(RACED, 0, "setup"));
        AppendResult racing;
        CompletableFuture<AppendResult> waiting;
        try (Connection holder = TestDataSources.rawConnection()) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("SELECT * FROM " + schema + ".eventcore_streams WHERE stream_id = '" + HELD.value()
                        + "' FOR UPDATE");
            }
            waiting = CompletableFuture.supplyAsync(() -> store.append(request));
            awaitLockWait("the held stream");
            racing = store.append(note(RACED, 1, "racing"));
            holder.commit();
        }
        AppendResult waited = waiting.get(30, TimeUnit.SECONDS);

        EventEnvelope raced = waited.events().get(1);
        assertThat(raced.version()).isEqualTo(3);
        assertThat(raced.position()).isGreaterThan(racing.events().get(0).position());
        assertEachStreamInVersionOrder(store.readAll(0, EventFilter.ALL, 100));
    }

    @Test
    void storeBackOnTheCounterTakesPositionsAboveTheLogWrittenInParallel() {
        long parallel = store.append(note(StreamId.of("parallel"), 0, "x")).events().get(0).position();
        try (PostgresEventStore counter = store(TestDatabase.get().dataSource(), schema).build()) {
            long next = counter.append(note(StreamId.of("counter"), 0, "x")).events().get(0).position();

            assertThat(next).isEqualTo(parallel + 1);
            assertThat(counter.headPosition()).isEqualTo(next);
            assertThat(counter.readAll(parallel, EventFilter.ALL, 10)).extracting(EventEnvelope::position)
                    .containsExactly(next);
        }
    }

    @Test
    void storeWithParallelCommitsAfterTheCounterLocksTheVersionsWrittenWithIt() throws SQLException {
        StreamId both = StreamId.of("both");
        StreamId counterOnly = StreamId.of("counter-only");
        long parallelPosition = store.append(note(both, 0, "parallel")).events().get(0).position();
        try (PostgresEventStore counter = store(TestDatabase.get().dataSource(), schema).build()) {
            // the counter keeps no stream rows: these two versions are only in the events
            counter.append(note(both, 1, "counter"));
            counter.append(note(counterOnly, 0, "counter"));
        }
        assertThat(streamsBehindAfter()).isEqualTo(parallelPosition);

        try (PostgresEventStore parallel = store(TestDatabase.get().dataSource(), schema).parallelCommits(true).build()) {
            assertThatThrownBy(() -> parallel.append(note(both, 1, "stale")))
                    .isInstanceOfSatisfying(StreamVersionConflictException.class, e -> assertThat(e.actual()).isEqualTo(2));
            assertThat(parallel.append(note(both, 2, "next")).events().get(0).version()).isEqualTo(3);
            assertThat(parallel.append(note(counterOnly, 1, "next")).events().get(0).version()).isEqualTo(2);
        }
        assertThat(streamsBehindAfter()).isNull();
        assertEachStreamInVersionOrder(store.readAll(0, EventFilter.ALL, 100));
    }

    private @Nullable Long streamsBehindAfter() throws SQLException {
        try (Connection connection = TestDataSources.rawConnection(); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT streams_behind_after FROM " + schema + ".eventcore_position")) {
            rs.next();
            long after = rs.getLong(1);
            return rs.wasNull() ? null : after;
        }
    }

    @Test
    void appendOfMoreEventsThanATransactionHasPositionsForIsRejectedAndWritesNothing() {
        StreamId stream = StreamId.of("huge");
        PendingEvent event = noted(stream, "x");
        AppendRequest huge = AppendRequest.of(stream, ExpectedVersion.any(),
                Collections.nCopies(PostgresEventStore.MAX_EVENTS_PER_TRANSACTION + 1, event));

        assertThatThrownBy(() -> store.append(huge)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 1048575 events");
        assertThat(store.readStream(stream)).isEmpty();
    }
}
