package io.eventcore.store.postgres;

import static io.eventcore.store.postgres.PostgresTestSupport.deposited;
import static io.eventcore.store.postgres.PostgresTestSupport.noted;
import static io.eventcore.store.postgres.PostgresTestSupport.store;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcore.StreamId;
import io.eventcore.StreamVersionConflictException;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventFilter;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.EventStore;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.StreamRead;
import io.eventcore.testing.TestDatabase;
import io.eventcore.testing.TestEvents.Deposited;
import io.eventcore.testing.TestEvents.Withdrawn;
import io.eventcore.testing.TestSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several stores, each on connections of its own (as several JVMs would be), writing the same
 * tables at once: no lost update, no write skew, no version gap, and a global log that a tailing
 * reader can trust, each stream's events in version order. With the position counter the log is
 * also gap-free.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PostgresConcurrencyIntegrationTests {

    /** Whether the stores take positions from the transaction id; subclasses say yes. */
    boolean parallelCommits() {
        return false;
    }

    private TestSchema schema;

    @BeforeEach
    void createSchema() {
        schema = TestSchema.create(PostgresConcurrencyIntegrationTests.class);
    }

    @AfterEach
    void dropSchema() throws Exception {
        schema.close();
    }

    /** A store with a connection pool of its own; group commit off means one append per connection at a time. */
    private PostgresEventStore newStore(boolean groupCommit, int connections) {
        HikariDataSource pool = TestDatabase.get().newDataSource(connections);
        schema.add(pool);
        PostgresEventStore store = store(pool, schema.name()).groupCommit(groupCommit).parallelCommits(parallelCommits()).build();
        schema.add(store);
        store.initializeSchema();
        return store;
    }

    @Test
    void twoWritersWithTheSameExpectedVersionOnSeparateConnectionsNeverBothWin() throws Exception {
        PostgresEventStore first = newStore(false, 1);
        PostgresEventStore second = newStore(false, 1);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 150; round++) {
                StreamId stream = StreamId.of("race-" + round);
                long expected = round % 2;
                if (expected == 1) {
                    first.append(AppendRequest.of(stream, ExpectedVersion.noStream(), List.of(noted(stream, "setup"))));
                }
                Future<Object> a = threads.submit(() -> attempt(first, stream, expected, start));
                Future<Object> b = threads.submit(() -> attempt(second, stream, expected, start));
                List<Object> outcomes = List.of(a.get(), b.get());

                assertThat(outcomes).filteredOn(AppendResult.class::isInstance).hasSize(1);
                assertThat(outcomes).filteredOn(StreamVersionConflictException.class::isInstance).singleElement()
                        .satisfies(c -> assertThat(((StreamVersionConflictException) c).actual()).isEqualTo(expected + 1));
                assertThat(first.readStream(stream)).extracting(EventEnvelope::version)
                        .containsExactlyElementsOf(LongStream.rangeClosed(1, expected + 1).boxed().toList());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static Object attempt(EventStore store, StreamId stream, long expected, CyclicBarrier start) throws Exception {
        start.await(10, TimeUnit.SECONDS);
        try {
            return store.append(AppendRequest.of(stream, ExpectedVersion.exact(expected),
                    List.of(noted(stream, Thread.currentThread().getName()))));
        } catch (StreamVersionConflictException e) {
            return e;
        }
    }

    @Test
    void writersThatEachReadTheOthersStreamNeverBothWin() throws Exception {
        PostgresEventStore first = newStore(false, 1);
        PostgresEventStore second = newStore(false, 1);
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 100; round++) {
                StreamId x = StreamId.of("skew-x-" + round);
                StreamId y = StreamId.of("skew-y-" + round);
                // each writer checks both streams and writes only one: classic write skew if read-only
                // participants were not locked
                Future<Object> a = threads.submit(() -> skew(first, x, y, start));
                Future<Object> b = threads.submit(() -> skew(second, y, x, start));
                List<Object> outcomes = List.of(a.get(), b.get());

                assertThat(outcomes).filteredOn(AppendResult.class::isInstance).hasSize(1);
                assertThat(outcomes).filteredOn(StreamVersionConflictException.class::isInstance).hasSize(1);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static Object skew(EventStore store, StreamId write, StreamId readOnly, CyclicBarrier start) throws Exception {
        Map<StreamId, ExpectedVersion> expected = new LinkedHashMap<>();
        expected.put(write, ExpectedVersion.noStream());
        expected.put(readOnly, ExpectedVersion.noStream());
        start.await(10, TimeUnit.SECONDS);
        try {
            return store.append(new AppendRequest(expected, List.of(noted(write, "skew"))));
        } catch (StreamVersionConflictException e) {
            return e;
        }
    }

    @Test
    void concurrentTransfersFromManyConnectionsKeepTheMoneyInvariantWithoutVersionGaps() throws Exception {
        List<PostgresEventStore> stores = List.of(newStore(true, 2), newStore(true, 2), newStore(false, 4));
        int accounts = 12;
        long opening = 1_000;
        List<StreamId> ids = new ArrayList<>();
        for (int i = 0; i < accounts; i++) {
            StreamId id = StreamId.of("account-" + i);
            ids.add(id);
            stores.get(0).append(AppendRequest.of(id, ExpectedVersion.noStream(), List.of(deposited(id, opening))));
        }
        int threads = 12;
        int transfersPerThread = 40;
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            EventStore store = stores.get(t % stores.size());
            Random random = new Random(t);
            work.add(pool.submit(() -> {
                for (int n = 0; n < transfersPerThread; n++) {
                    StreamId from = ids.get(random.nextInt(accounts));
                    StreamId to = ids.get(random.nextInt(accounts));
                    while (to.equals(from)) {
                        to = ids.get(random.nextInt(accounts));
                    }
                    long amount = 1 + random.nextInt(50);
                    while (!transfer(store, from, to, amount)) {
                        conflicts.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();

        EventStore reader = stores.get(2);
        long total = 0;
        long events = 0;
        for (StreamId id : ids) {
            List<EventEnvelope> stream = reader.readStream(id);
            assertThat(stream).extracting(EventEnvelope::version)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, stream.size()).boxed().toList());
            long balance = balance(stream);
            assertThat(balance).isNotNegative();
            total += balance;
            events += stream.size();
        }
        assertThat(total).isEqualTo(accounts * opening);
        assertThat(events).isEqualTo(accounts + 2L * threads * transfersPerThread);
        List<EventEnvelope> log = reader.readAll(0, EventFilter.ALL, 100_000);
        assertThat(log).hasSize((int) events);
        assertThat(log).extracting(EventEnvelope::position).isSorted().doesNotHaveDuplicates();
        assertEachStreamInVersionOrder(log);
        if (!parallelCommits()) {
            assertThat(log).extracting(EventEnvelope::position)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, events).boxed().toList());
        }
        assertThat(conflicts.get()).as("conflicts seen (not asserted, shows the test raced)").isNotNegative();
    }

    /** Reads both accounts in one call, decides, appends with both expected versions; false on conflict. */
    private static boolean transfer(EventStore store, StreamId from, StreamId to, long amount) {
        Map<StreamId, List<EventEnvelope>> read = new HashMap<>();
        read.put(from, new ArrayList<>());
        read.put(to, new ArrayList<>());
        store.readStreams(List.of(StreamRead.all(from), StreamRead.all(to)), e -> read.get(e.streamId()).add(e));
        long available = balance(read.get(from));
        Map<StreamId, ExpectedVersion> expected = new LinkedHashMap<>();
        expected.put(from, ExpectedVersion.exact(read.get(from).size()));
        expected.put(to, ExpectedVersion.exact(read.get(to).size()));
        if (available < amount) {
            amount = available;
        }
        if (amount == 0) {
            return true;
        }
        List<PendingEvent> events = List.of(
                new PendingEvent(UUID.randomUUID(), from, "test-withdrawn", new Withdrawn(amount), EventMetadata.EMPTY),
                new PendingEvent(UUID.randomUUID(), to, "test-deposited", new Deposited(amount), EventMetadata.EMPTY));
        try {
            store.append(new AppendRequest(expected, events));
            return true;
        } catch (StreamVersionConflictException e) {
            return false;
        }
    }

    /** Following the log, every stream's versions go 1, 2, 3, ... */
    static void assertEachStreamInVersionOrder(List<EventEnvelope> log) {
        Map<StreamId, Long> versions = new HashMap<>();
        for (EventEnvelope event : log) {
            long previous = versions.getOrDefault(event.streamId(), 0L);
            assertThat(event.version()).as("%s at position %d", event.streamId(), event.position())
                    .isEqualTo(previous + 1);
            versions.put(event.streamId(), event.version());
        }
    }

    private static long balance(List<EventEnvelope> events) {
        long balance = 0;
        for (EventEnvelope event : events) {
            if (event.payload() instanceof Deposited d) {
                balance += d.amount();
            } else if (event.payload() instanceof Withdrawn w) {
                balance -= w.amount();
            }
        }
        return balance;
    }

    @Test
    void tailingReaderReceivesEveryCommittedEventExactlyOnceInPositionOrder() throws Exception {
        List<PostgresEventStore> writers = List.of(newStore(true, 2), newStore(true, 2), newStore(false, 4));
        PostgresEventStore reader = newStore(false, 1);
        int threads = 8;
        int appendsPerThread = 120;
        ConcurrentLinkedQueue<Long> committed = new ConcurrentLinkedQueue<>();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<EventEnvelope> seen = new ArrayList<>();
        List<String> violations = new ArrayList<>();
        Thread tail = new Thread(() -> {
            long last = 0;
            boolean caughtUpAfterWriters = false;
            while (!caughtUpAfterWriters) {
                boolean writersDone = !writing.get(); // read before the page: a page after this sees everything
                List<EventEnvelope> page = reader.readAll(last, EventFilter.ALL, 37);
                for (EventEnvelope event : page) {
                    if (event.position() <= last || !parallelCommits() && event.position() != last + 1) {
                        violations.add("after " + last + " came " + event.position());
                    }
                    last = event.position();
                    seen.add(event);
                }
                caughtUpAfterWriters = writersDone && page.isEmpty();
            }
        }, "tailing-reader");
        tail.start();

        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            EventStore store = writers.get(t % writers.size());
            Random random = new Random(t);
            work.add(pool.submit(() -> {
                for (int n = 0; n < appendsPerThread; n++) {
                    StreamId stream = StreamId.of("tail-" + random.nextInt(40));
                    List<PendingEvent> events = new ArrayList<>();
                    for (int e = 0, count = 1 + random.nextInt(3); e < count; e++) {
                        events.add(noted(stream, "e" + e));
                    }
                    AppendResult result = store.append(AppendRequest.of(stream, ExpectedVersion.any(), events));
                    result.events().forEach(event -> committed.add(event.position()));
                }
                return null;
            }));
        }
        for (Future<?> f : work) {
            f.get();
        }
        pool.shutdown();
        writing.set(false);
        tail.join(TimeUnit.SECONDS.toMillis(60));

        assertThat(violations).isEmpty();
        assertThat(seen).extracting(EventEnvelope::position)
                .containsExactlyElementsOf(committed.stream().sorted().toList());
        assertEachStreamInVersionOrder(seen);
    }
}
