package io.eventcore.store.postgres;

import static io.eventcore.store.postgres.PostgresTestSupport.note;
import static io.eventcore.store.postgres.PostgresTestSupport.noted;
import static io.eventcore.store.postgres.PostgresTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventcore.EventStoreException;
import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventStoreListener;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.testing.TestDatabase;
import io.eventcore.testing.TestEvents.Noted;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Group commit: appends queued while the writer is busy go into one transaction, and each still
 * succeeds or fails on its own. A transaction holding a stream lock blocks the single writer
 * thread on a first append until the others are queued, so the batch is known exactly.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PostgresGroupCommitIntegrationTests {

    private static final StreamId GATE = StreamId.of("gate");

    private static String schema = "";

    private final List<Integer> batches = new CopyOnWriteArrayList<>();
    private final String tablePrefix = "g" + System.nanoTime() % 1_000_000 + "_";
    private PostgresEventStore store;

    @BeforeAll
    static void createSchema() {
        schema = TestDatabase.get().createSchema(PostgresGroupCommitIntegrationTests.class);
    }

    @AfterAll
    static void dropSchema() {
        TestDatabase.get().dropSchema(schema);
    }

    @BeforeEach
    void createStore() {
        store = store(TestDatabase.get().dataSource(), schema).tablePrefix(tablePrefix)
                .writerThreads(1)
                .listener(new EventStoreListener() {
                    @Override
                    public void batchCommitted(int appends) {
                        batches.add(appends);
                    }
                }).build();
        store.initializeSchema();
    }

    @AfterEach
    void dropStore() {
        store.close();
        store.dropSchema();
    }

    @Test
    void maxBatchDelayMustBeBetweenZeroAndOneSecond() {
        PostgresEventStore.Builder builder = store(TestDatabase.get().dataSource(), "public");
        assertThatThrownBy(() -> builder.maxBatchDelay(Duration.ofNanos(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBatchDelay must be between 0 and PT1S, was PT-0.000000001S");
        assertThatThrownBy(() -> builder.maxBatchDelay(Duration.ofMillis(1001)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was PT1.001S");
        try (PostgresEventStore store = builder.maxBatchDelay(Duration.ofSeconds(1)).build()) {
            assertThat(store.maxBatchDelay()).isEqualTo(Duration.ofSeconds(1));
        }
        try (PostgresEventStore store = builder.groupCommit(false).build()) {
            assertThat(store.maxBatchDelay()).isZero();
        }
    }

    @Test
    void conflictingAppendFailsAloneWhileTheOthersOfItsBatchAreWritten() throws Exception {
        StreamId a = StreamId.of("a");
        StreamId b = StreamId.of("b");
        StreamId c = StreamId.of("c");
        store.append(note(b, 0, "b1"));
        batches.clear();

        List<CompletableFuture<AppendResult>> batch = queueBehindGate(
                note(a, 0, "a1"),          // writes a@1
                note(b, 5, "stale"),       // conflicts with the stored b@1
                note(c, 0, "c1"),          // writes c@1
                note(a, 1, "a2"),          // sees a@1 written earlier in the same batch: writes a@2
                note(a, 1, "a2-again"));   // sees a@2 from the same batch: conflicts

        assertThat(batch.get(0).get().events()).extracting(EventEnvelope::version).containsExactly(1L);
        assertConflict(batch.get(1), b, 1);
        assertThat(batch.get(2).get().streamVersions()).containsExactlyEntriesOf(Map.of(c, 1L));
        assertThat(batch.get(3).get().events()).extracting(EventEnvelope::version).containsExactly(2L);
        assertConflict(batch.get(4), a, 2);
        assertThat(batches).containsExactly(1, 3); // the gate append alone, then the three writers together
        assertThat(store.readStream(a)).extracting(e -> e.payload().toString())
                .containsExactly("Noted[text=a1]", "Noted[text=a2]");
        assertThat(store.readStream(b)).hasSize(1);
        List<Long> positions = new ArrayList<>();
        for (int i : new int[] {0, 2, 3}) {
            positions.add(batch.get(i).get().events().get(0).position());
        }
        assertThat(positions).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void batchDecidedOnAWrongAssumptionIsDecidedAgainOnTheStoredVersions() throws Exception {
        StreamId b = StreamId.of("b");
        store.append(note(b, 0, "b1"));

        // Assuming b is where the first append expects, both would pass; b is at 1, so only the second does.
        List<CompletableFuture<AppendResult>> batch = queueBehindGate(
                note(b, 0, "stale"),
                note(b, 1, "fresh"));

        assertConflict(batch.get(0), b, 1);
        assertThat(batch.get(1).get().events()).extracting(EventEnvelope::version).containsExactly(2L);
        assertThat(store.readStream(b)).extracting(e -> e.payload().toString())
                .containsExactly("Noted[text=b1]", "Noted[text=fresh]");
    }

    @Test
    void batchWritingAStreamAnotherStoreMovedOnIsDecidedAgainOnTheStoredVersions() throws Exception {
        StreamId b = StreamId.of("b");
        StreamId c = StreamId.of("c");
        store.append(note(b, 0, "b1"));
        try (PostgresEventStore other = store(TestDatabase.get().dataSource(), schema).tablePrefix(tablePrefix).build()) {
            other.append(note(b, 1, "b2 from another store"));
        }
        batches.clear();

        // this store saw b committed at 1, so the one round trip leaves b's version to the stream-version key
        List<CompletableFuture<AppendResult>> batch = queueBehindGate(
                note(b, 1, "stale"),
                note(c, 0, "c1"));

        assertConflict(batch.get(0), b, 2);
        assertThat(batch.get(1).get().events()).extracting(EventEnvelope::version).containsExactly(1L);
        assertThat(batches).containsExactly(1, 1);
        assertThat(store.readStream(b)).extracting(EventEnvelope::version).containsExactly(1L, 2L);
        assertThat(store.append(note(b, 2, "b3")).events()).extracting(EventEnvelope::version).containsExactly(3L);
    }

    @Test
    void duplicateEventIdFailsOnlyItsOwnAppend() throws Exception {
        PendingEvent first = noted(StreamId.of("d1"), "first");
        store.append(AppendRequest.of(StreamId.of("d1"), ExpectedVersion.noStream(), List.of(first)));
        PendingEvent sameId = new PendingEvent(first.eventId(), StreamId.of("d2"), "test-noted",
                new Noted("copy"), first.metadata());

        List<CompletableFuture<AppendResult>> batch = queueBehindGate(
                note(StreamId.of("d3"), 0, "ok-1"),
                AppendRequest.of(StreamId.of("d2"), ExpectedVersion.noStream(), List.of(sameId)),
                note(StreamId.of("d4"), 0, "ok-2"));

        assertThat(batch.get(0).get().events()).hasSize(1);
        assertThat(batch.get(1)).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(EventStoreException.class)
                .withCauseInstanceOf(SQLException.class);
        assertThat(batch.get(2).get().events()).hasSize(1);
        assertThat(store.readStream(StreamId.of("d2"))).isEmpty();
    }

    @Test
    void closeWritesAppendsAlreadyQueuedAndRejectsLaterOnes() throws Exception {
        List<CompletableFuture<AppendResult>> queued;
        CompletableFuture<Void> closing;
        try (Gate gate = new Gate()) {
            queued = gate.queue(note(StreamId.of("q1"), 0, "x"), note(StreamId.of("q2"), 0, "y"));
            closing = CompletableFuture.runAsync(store::close);
            waitUntil(store::isClosed);
            assertThatThrownBy(() -> store.append(note(StreamId.of("late"), 0, "late")))
                    .isInstanceOf(EventStoreException.class).hasMessageContaining("closed");
            assertThat(closing).isNotDone();
        }
        closing.get(20, TimeUnit.SECONDS);

        assertThat(queued.get(0).get().events()).hasSize(1);
        assertThat(queued.get(1).get().events()).hasSize(1);
    }

    /** Queues the appends as one batch behind a gate append, then opens the gate and waits for all. */
    private List<CompletableFuture<AppendResult>> queueBehindGate(AppendRequest... requests) throws Exception {
        List<CompletableFuture<AppendResult>> queued;
        try (Gate gate = new Gate()) {
            queued = gate.queue(requests);
        }
        for (CompletableFuture<AppendResult> append : queued) {
            try {
                append.get(20, TimeUnit.SECONDS);
            } catch (ExecutionException ignored) {
                // the caller asserts the outcome
            }
        }
        return queued;
    }

    /**
     * Holds the position counter's row lock in a transaction of its own, as another writer between
     * taking positions and COMMIT would, and makes the single writer block on it with an append;
     * appends queued meanwhile form the next batch. Closing commits the transaction and lets the
     * writer go.
     */
    private final class Gate implements AutoCloseable {

        private final Connection connection;
        private final CompletableFuture<AppendResult> gateAppend;

        Gate() throws Exception {
            connection = TestDatabase.get().dataSource().getConnection();
            try {
                connection.setAutoCommit(false);
                try (var lock = connection.prepareStatement(
                        "UPDATE " + schema + "." + store.tablePrefix() + "position SET last = last")) {
                    lock.execute();
                }
                int pid = TestDataSources.backendPid(connection);
                gateAppend = CompletableFuture.supplyAsync(
                        () -> store.append(AppendRequest.of(GATE, ExpectedVersion.any(), List.of(noted(GATE, "gate")))));
                waitUntil(() -> blockedBy(pid));
            } catch (Exception | AssertionError e) {
                // a gate that never closed would keep its lock, and every later statement waiting
                connection.rollback();
                connection.close();
                throw e;
            }
        }

        List<CompletableFuture<AppendResult>> queue(AppendRequest... requests) throws InterruptedException {
            List<CompletableFuture<AppendResult>> queued = new ArrayList<>();
            for (AppendRequest request : requests) {
                queued.add(CompletableFuture.supplyAsync(() -> store.append(request)));
                int expected = queued.size();
                waitUntil(() -> store.queuedAppends() == expected);
            }
            return queued;
        }

        @Override
        public void close() throws Exception {
            connection.commit();
            connection.close();
            gateAppend.get(20, TimeUnit.SECONDS);
        }
    }

    private static boolean blockedBy(int pid) {
        try (var connection = TestDatabase.get().dataSource().getConnection();
                var statement = connection.prepareStatement(
                        "SELECT count(*) FROM pg_stat_activity WHERE ? = ANY(pg_blocking_pids(pid))")) {
            statement.setInt(1, pid);
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within 20 s");
            }
            Thread.sleep(5);
        }
    }

    private static void assertConflict(CompletableFuture<AppendResult> append, StreamId stream, long actual) {
        assertThat(append).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .havingCause()
                .isInstanceOfSatisfying(StreamVersionConflictException.class, conflict -> {
                    assertThat(conflict.streamId()).isEqualTo(stream);
                    assertThat(conflict.actual()).isEqualTo(actual);
                });
    }
}
