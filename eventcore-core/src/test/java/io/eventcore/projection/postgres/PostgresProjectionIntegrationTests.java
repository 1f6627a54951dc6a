package io.eventcore.projection.postgres;

import static io.eventcore.projection.ProjectionTesting.append;
import static io.eventcore.projection.ProjectionTesting.await;
import static io.eventcore.projection.ProjectionTesting.awaitCaughtUp;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcore.projection.FailurePolicy;
import io.eventcore.projection.Projection;
import io.eventcore.projection.ProjectionListener;
import io.eventcore.projection.ProjectionManager;
import io.eventcore.projection.ProjectionState;
import io.eventcore.projection.ProjectionStatus;
import io.eventcore.projection.ProjectionTesting.SimulatedCrash;
import io.eventcore.projection.ProjectionTesting;
import io.eventcore.projection.SkippedEvent;
import io.eventcore.projection.TransactionalProjectionHandler;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.store.postgres.PostgresEventStore;
import io.eventcore.testing.TestDatabase;
import io.eventcore.testing.TestEvents.Deposited;
import io.eventcore.testing.TestEvents.Noted;
import io.eventcore.testing.TestEvents.Withdrawn;
import io.eventcore.testing.TestEvents;
import io.eventcore.testing.TestSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Projections on the PostgreSQL store, checkpoint store and coordinator. Writers and each
 * projection "instance" use pools of their own, so writers reach projections only through
 * LISTEN/NOTIFY and instances compete through separate database sessions.
 */
class PostgresProjectionIntegrationTests {

    private TestSchema schema;
    private HikariDataSource writerPool;
    private PostgresEventStore writer;
    private boolean parallelCommits;

    @BeforeEach
    void createSchema() {
        schema = TestSchema.create(PostgresProjectionIntegrationTests.class);
        writerPool = schema.add(TestDatabase.get().newDataSource(8));
        writer = schema.add(store(writerPool, TestEvents.registry()));
        writer.initializeSchema();
        PostgresCheckpointStore checkpoints = PostgresCheckpointStore.builder(writerPool).schema(schema.name()).build();
        checkpoints.initializeSchema();
        TestDatabase.get().execute("CREATE TABLE " + schema.name() + ".balances (projection text, account text, balance bigint NOT NULL,"
                + " PRIMARY KEY (projection, account))");
        TestDatabase.get().execute("CREATE TABLE " + schema.name() + ".applied (projection text, position bigint,"
                + " PRIMARY KEY (projection, position))");
    }

    @AfterEach
    void dropSchema() throws Exception {
        schema.close();
    }

    private PostgresEventStore store(DataSource dataSource, EventTypeRegistry registry) {
        return PostgresEventStore.builder(dataSource, new JacksonEventSerializer(registry)).schema(schema.name())
                .parallelCommits(parallelCommits).build();
    }

    /** One application instance: its own pool, store, checkpoint store, coordinator and manager. */
    private final class Instance {
        final HikariDataSource pool = TestDatabase.get().newDataSource(6);
        final PostgresEventStore store;
        final PostgresCheckpointStore checkpoints = PostgresCheckpointStore.builder(pool).schema(schema.name()).build();
        final PostgresProjectionCoordinator coordinator =
                PostgresProjectionCoordinator.builder(pool).schema(schema.name()).build();
        final ProjectionManager manager;

        Instance(ProjectionListener listener, Duration pollInterval, Duration leadershipRetry, EventTypeRegistry registry,
                Projection... projections) {
            store = store(pool, registry);
            manager = ProjectionManager.builder(store, checkpoints)
                    .coordinator(coordinator)
                    .eventTypes(registry)
                    .listener(listener)
                    .pollInterval(pollInterval)
                    .leadershipRetryInterval(leadershipRetry)
                    .build();
            for (Projection projection : projections) {
                manager.register(projection);
            }
            schema.add(pool);
            schema.add(store);
            schema.add(coordinator);
            schema.add(manager);
            manager.start();
        }

        Instance(Projection... projections) {
            this(ProjectionListener.NONE, Duration.ofSeconds(10), Duration.ofMillis(50), TestEvents.registry(), projections);
        }

        ProjectionStatus status(String name) {
            return manager.status(name).orElseThrow();
        }

        void close() {
            manager.close();
        }
    }

    /** Applies an event to the balances table and records it in applied; a second application fails on the key. */
    private TransactionalProjectionHandler balancesInTable(String projection) {
        String applied = "INSERT INTO " + schema.name() + ".applied (projection, position) VALUES (?, ?)";
        String balance = "INSERT INTO " + schema.name() + ".balances AS b (projection, account, balance) VALUES (?, ?, ?)"
                + " ON CONFLICT (projection, account) DO UPDATE SET balance = b.balance + EXCLUDED.balance";
        return (event, connection) -> {
            try (PreparedStatement insert = connection.prepareStatement(applied)) {
                insert.setString(1, projection);
                insert.setLong(2, event.position());
                insert.executeUpdate();
            }
            Map<String, Long> delta = new HashMap<>();
            ProjectionTesting.apply(delta, event);
            try (PreparedStatement upsert = connection.prepareStatement(balance)) {
                upsert.setString(1, projection);
                upsert.setString(2, event.streamId().value());
                upsert.setLong(3, delta.get(event.streamId().value()));
                upsert.executeUpdate();
            }
        };
    }

    private Map<String, Long> tableBalances(String projection) throws SQLException {
        Map<String, Long> balances = new HashMap<>();
        try (Connection connection = writerPool.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT account, balance FROM " + schema.name() + ".balances WHERE projection = ?")) {
            query.setString(1, projection);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    balances.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return balances;
    }

    private List<Long> appliedPositions(String projection) throws SQLException {
        List<Long> positions = new ArrayList<>();
        try (Connection connection = writerPool.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT position FROM " + schema.name() + ".applied WHERE projection = ? ORDER BY position")) {
            query.setString(1, projection);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    positions.add(rs.getLong(1));
                }
            }
        }
        return positions;
    }

    private List<Long> moneyPositions() {
        return ProjectionTesting.readAll(writer, EventFilter.types("test-deposited", "test-withdrawn")).stream()
                .map(EventEnvelope::position).toList();
    }

    private void writeConcurrently(int writers, int eventsEach) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < eventsEach; i++) {
                        String account = "account-" + ThreadLocalRandom.current().nextInt(10);
                        append(writer, account, i % 4 == 0 ? new Withdrawn(3) : new Deposited(7));
                        if (i % 25 == 0) {
                            append(writer, "notes", new Noted("ignored"));
                        }
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void backlogAndLiveEventsFromConcurrentWritersFoldToTheLogAndTransactionalAppliesEachOnce() throws Exception {
        foldConcurrentWritersToTheLog();
    }

    @Test
    void withParallelCommitsBacklogAndLiveEventsStillFoldToTheLogAndTransactionalAppliesEachOnce() throws Exception {
        writer.close();
        parallelCommits = true;
        writer = store(writerPool, TestEvents.registry());
        foldConcurrentWritersToTheLog();
    }

    private void foldConcurrentWritersToTheLog() throws Exception {
        writeConcurrently(4, 50);
        Map<String, Long> inMemory = new ConcurrentHashMap<>();
        Instance instance = new Instance(
                Projection.transactional("tx-balances", balancesInTable("tx-balances"))
                        .eventTypes(Deposited.class, Withdrawn.class)
                        .batchSize(64)
                        .failurePolicy(FailurePolicy.stop())
                        .build(),
                Projection.atLeastOnce("alo-balances", event -> ProjectionTesting.apply(inMemory, event))
                        .eventTypes(Deposited.class, Withdrawn.class)
                        .failurePolicy(FailurePolicy.stop())
                        .build());

        writeConcurrently(6, 120);
        awaitCaughtUp(instance.manager, "tx-balances", writer);
        awaitCaughtUp(instance.manager, "alo-balances", writer);

        List<EventEnvelope> log = ProjectionTesting.readAll(writer, EventFilter.types("test-deposited", "test-withdrawn"));
        assertThat(log).hasSize(4 * 50 + 6 * 120);
        assertThat(appliedPositions("tx-balances")).containsExactlyElementsOf(moneyPositions());
        assertThat(tableBalances("tx-balances")).isEqualTo(ProjectionTesting.balances(log));
        assertThat(inMemory).isEqualTo(ProjectionTesting.balances(log));
        assertThat(instance.status("tx-balances").lastError()).isNull();
        assertThat(instance.status("tx-balances").checkpoint()).isGreaterThanOrEqualTo(log.get(log.size() - 1).position());
        assertThat(instance.checkpoints.load("tx-balances").orElseThrow()).isGreaterThanOrEqualTo(log.get(log.size() - 1).position());
    }

    @Test
    void crashBetweenHandlerAndCommitRollsTheBatchBackAndTheRestartAppliesEveryEventOnce() throws Exception {
        for (int i = 0; i < 100; i++) {
            append(writer, "account-" + (i % 5), new Deposited(i + 1));
        }
        TransactionalProjectionHandler balances = balancesInTable("tx-crash");
        Instance crashing = new Instance(Projection.transactional("tx-crash", (event, connection) -> {
                    balances.handle(event, connection);
                    if (event.position() == 57) {
                        throw new SimulatedCrash();
                    }
                }).batchSize(10).build());
        await("the runner crashes", () -> crashing.status("tx-crash").state() == ProjectionState.FAILED);
        crashing.close();
        // Batches of 10: 1-10 .. 41-50 committed; 51-57 were written and rolled back with their checkpoint.
        assertThat(crashing.checkpoints.load("tx-crash")).hasValue(50);
        assertThat(appliedPositions("tx-crash")).hasSize(50).endsWith(50L);

        List<Long> secondRun = new CopyOnWriteArrayList<>();
        Instance restarted = new Instance(Projection.transactional("tx-crash", (event, connection) -> {
                    secondRun.add(event.position());
                    balances.handle(event, connection);
                }).batchSize(10).failurePolicy(FailurePolicy.stop()).build());
        awaitCaughtUp(restarted.manager, "tx-crash", writer);

        assertThat(secondRun).first().isEqualTo(51L);
        assertThat(appliedPositions("tx-crash")).containsExactlyElementsOf(moneyPositions());
        assertThat(tableBalances("tx-crash")).isEqualTo(ProjectionTesting.balances(
                ProjectionTesting.readAll(writer, EventFilter.ALL)));
        assertThat(restarted.status("tx-crash").lastError()).isNull();
    }

    @Test
    void crashAfterTheHandlerOfAnAtLeastOnceProjectionReplaysAtMostTheUnfinishedBatch() {
        for (int i = 0; i < 120; i++) {
            append(writer, "s", new Noted("n" + i));
        }
        Set<Long> firstRun = ConcurrentHashMap.newKeySet();
        Instance crashing = new Instance(Projection.atLeastOnce("alo-crash", event -> {
                    firstRun.add(event.position());
                    if (event.position() == 88) {
                        throw new SimulatedCrash();
                    }
                }).checkpointEvery(25, Duration.ofHours(1)).build());
        await("the runner crashes", () -> crashing.status("alo-crash").state() == ProjectionState.FAILED);
        crashing.close();
        assertThat(crashing.checkpoints.load("alo-crash")).hasValue(75);

        List<Long> secondRun = new CopyOnWriteArrayList<>();
        Instance restarted = new Instance(Projection.atLeastOnce("alo-crash", event -> secondRun.add(event.position()))
                .checkpointEvery(25, Duration.ofHours(1)).build());
        awaitCaughtUp(restarted.manager, "alo-crash", writer);

        List<Long> replayed = secondRun.stream().filter(firstRun::contains).toList();
        assertThat(replayed).hasSize(13).hasSizeLessThanOrEqualTo(25).startsWith(76L).endsWith(88L);
        assertThat(secondRun).hasSize(120 - 75).endsWith(120L);
    }

    @Test
    void standbyTakesOverWhenTheLeadersLockBackendIsTerminatedAndTheOldLeaderStops() throws Exception {
        for (int i = 0; i < 30; i++) {
            append(writer, "account-1", new Deposited(1));
        }
        Set<Long> committedByA = ConcurrentHashMap.newKeySet();
        Set<Long> committedByB = ConcurrentHashMap.newKeySet();
        // A notices quickly (polls every 100 ms) but would retry the lock only after a minute, so the
        // standby B is the one to take over.
        Instance a = new Instance(recorder(committedByA), Duration.ofMillis(100), Duration.ofMinutes(1),
                TestEvents.registry(), failoverProjection());
        awaitCaughtUp(a.manager, "failover", writer);
        Instance b = new Instance(recorder(committedByB), Duration.ofMillis(100), Duration.ofMillis(50),
                TestEvents.registry(), failoverProjection());
        await("B is on standby", () -> b.status("failover").state() == ProjectionState.STANDBY);
        assertThat(a.status("failover").leader()).isTrue();

        int pid = PostgresProjectionCoordinatorIntegrationTests.lockHolder("eventcore_", "failover", schema.name());
        assertThat(pid).isPositive();
        PostgresProjectionCoordinatorIntegrationTests.terminate(pid);
        long headAtTermination = writer.headPosition();

        await("B takes over", () -> b.status("failover").leader());
        await("A stops", () -> !a.status("failover").leader()
                && a.status("failover").state() == ProjectionState.STANDBY);
        for (int i = 0; i < 40; i++) {
            append(writer, "account-" + (i % 3), new Deposited(2));
        }
        awaitCaughtUp(b.manager, "failover", writer);

        assertThat(committedByA).allMatch(position -> position <= headAtTermination);
        assertThat(committedByB).isNotEmpty().allMatch(position -> position > 30);
        assertThat(appliedPositions("failover")).containsExactlyElementsOf(moneyPositions());
        assertThat(b.status("failover").lastError()).isNull();
        assertThat(a.status("failover").state()).isEqualTo(ProjectionState.STANDBY);
    }

    private Projection failoverProjection() {
        return Projection.transactional("failover", balancesInTable("failover"))
                .batchSize(5)
                .failurePolicy(FailurePolicy.stop())
                .build();
    }

    private static ProjectionListener recorder(Set<Long> committed) {
        return new ProjectionListener() {
            @Override
            public void eventHandled(String projection, EventEnvelope event, Duration duration) {
                committed.add(event.position());
            }
        };
    }

    @Test
    void undecodableEventsAreSkippedAndRecordedInTheSameTransactionAsTheCheckpoint() throws Exception {
        append(writer, "account-1", new Deposited(5));
        EventEnvelope withdrawn = append(writer, "account-1", new Withdrawn(2));
        append(writer, "account-1", new Deposited(7));
        // This instance's registry does not know test-withdrawn: such payloads cannot be decoded.
        EventTypeRegistry partial = new EventTypeRegistry().register(Deposited.class).register(Noted.class);
        Instance instance = new Instance(ProjectionListener.NONE, Duration.ofSeconds(10), Duration.ofMillis(50), partial,
                Projection.transactional("partial", balancesInTable("partial"))
                        .failurePolicy(FailurePolicy.retry(2, Duration.ofMillis(10), Duration.ofMillis(10), FailurePolicy.skip()))
                        .build());

        awaitCaughtUp(instance.manager, "partial", writer);

        assertThat(appliedPositions("partial")).containsExactly(1L, 3L);
        assertThat(tableBalances("partial")).containsEntry("account-1", 12L);
        assertThat(instance.manager.skipped("partial")).singleElement().satisfies(skipped -> {
            assertThat(skipped.position()).isEqualTo(withdrawn.position());
            assertThat(skipped.eventType()).isEqualTo("test-withdrawn");
            assertThat(skipped.error()).contains("EventSerializationException");
        });
        assertThat(instance.checkpoints.skipped("partial")).extracting(SkippedEvent::position).containsExactly(2L);
    }

    @Test
    void resetRebuildsATransactionalReadModelInTheTransactionThatMovesTheCheckpoint() throws Exception {
        for (int i = 0; i < 20; i++) {
            append(writer, "account-" + (i % 2), new Deposited(1));
        }
        TransactionalProjectionHandler balances = balancesInTable("rebuild");
        Instance instance = new Instance(Projection.transactional("rebuild", new TransactionalProjectionHandler() {
            @Override
            public void handle(EventEnvelope event, Connection connection) throws Exception {
                balances.handle(event, connection);
            }

            @Override
            public void reset(long position, Connection connection) throws SQLException {
                try (PreparedStatement clear = connection.prepareStatement(
                        "DELETE FROM " + schema.name() + ".applied WHERE projection = 'rebuild'");
                        PreparedStatement clearBalances = connection.prepareStatement(
                                "DELETE FROM " + schema.name() + ".balances WHERE projection = 'rebuild'")) {
                    clear.executeUpdate();
                    clearBalances.executeUpdate();
                }
            }
        }).failurePolicy(FailurePolicy.stop()).build());
        awaitCaughtUp(instance.manager, "rebuild", writer);

        instance.manager.reset("rebuild", 0);
        awaitCaughtUp(instance.manager, "rebuild", writer);

        assertThat(appliedPositions("rebuild")).containsExactlyElementsOf(moneyPositions());
        assertThat(tableBalances("rebuild")).containsEntry("account-0", 10L).containsEntry("account-1", 10L);
        assertThat(instance.status("rebuild").eventsHandled()).isEqualTo(40);
    }

    /**
     * Measures commit-to-handler delay under light load: the writer appends one event every 20 ms
     * through its own store and pool, so the projection's store learns of it only by LISTEN/NOTIFY
     * (the poll interval is 10 s). Prints the median and 90th percentile; asserts only delivery.
     */
    @Test
    void liveDeliveryThroughListenNotifyReachesTheHandlerWithoutPolling() throws Exception {
        Map<Long, Long> handledAt = new ConcurrentHashMap<>();
        Instance instance = new Instance(
                Projection.atLeastOnce("latency", event -> handledAt.put(event.position(), System.nanoTime())).build());
        await("projection is live", () -> instance.status("latency").state() == ProjectionState.LIVE);

        Map<Long, Long> committedAt = new HashMap<>();
        AtomicInteger count = new AtomicInteger();
        for (int i = 0; i < 150; i++) {
            EventEnvelope event = append(writer, "latency", new Noted("t" + i));
            committedAt.put(event.position(), System.nanoTime());
            count.incrementAndGet();
            Thread.sleep(20);
        }
        await("every event is handled", () -> handledAt.size() == count.get());

        List<Long> delaysMicros = new ArrayList<>();
        committedAt.forEach((position, committed) -> delaysMicros.add((handledAt.get(position) - committed) / 1000));
        delaysMicros.sort(Long::compare);
        System.out.printf("[eventcore-projection] commit-to-handler delay via LISTEN/NOTIFY over %d events:"
                        + " median %.2f ms, p90 %.2f ms, max %.2f ms%n", delaysMicros.size(),
                delaysMicros.get(delaysMicros.size() / 2) / 1000.0,
                delaysMicros.get(delaysMicros.size() * 9 / 10) / 1000.0,
                delaysMicros.get(delaysMicros.size() - 1) / 1000.0);
        assertThat(handledAt.keySet()).containsExactlyInAnyOrderElementsOf(committedAt.keySet());
    }
}
