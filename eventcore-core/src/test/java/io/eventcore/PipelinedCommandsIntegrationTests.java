package io.eventcore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcore.ExecutorInstancesIntegrationTests.BalanceCommand;
import io.eventcore.ExecutorInstancesIntegrationTests.Deposit;
import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.EventStore;
import io.eventcore.store.EventStoreListener;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.QueuedAppend;
import io.eventcore.store.postgres.PostgresEventStore;
import io.eventcore.testing.ForwardingEventStore;
import io.eventcore.testing.TestDatabase;
import io.eventcore.testing.TestEvents.Deposited;
import io.eventcore.testing.TestEvents.Event;
import io.eventcore.testing.TestEvents.Withdrawn;
import io.eventcore.testing.TestEvents;
import io.eventcore.testing.TestSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Commands on the same stream with the PostgreSQL store: the next command decides on the state an
 * append still in flight leaves, so several commands on one stream share a commit, and a command
 * decided on an append that then fails is retried rather than written or rejected on that state.
 */
class PipelinedCommandsIntegrationTests {

    private static final StreamId ACCOUNT = StreamId.of("account-1");

    private TestSchema schema;
    private final LongAdder commits = new LongAdder();

    /** Withdraws without overdraft, counting its decisions. */
    record Withdraw(StreamId account, long amount, AtomicInteger decisions) implements BalanceCommand {
        public List<NewEvent<Event>> decide(Long balance) {
            decisions.incrementAndGet();
            if (balance < amount) {
                throw new CommandRejectedException("balance " + balance + " is below " + amount);
            }
            return List.of(NewEvent.of(account, new Withdrawn(amount)));
        }
    }

    @BeforeEach
    void createSchema() {
        schema = TestSchema.create(PipelinedCommandsIntegrationTests.class);
    }

    @AfterEach
    void closeAndDropSchema() throws Exception {
        schema.close();
    }

    private PostgresEventStore store() {
        HikariDataSource dataSource = TestDatabase.get().newDataSource(4);
        schema.add(dataSource);
        PostgresEventStore store = PostgresEventStore
                .builder(dataSource, new JacksonEventSerializer(TestEvents.registry()))
                .schema(schema.name())
                .listener(new EventStoreListener() {
                    @Override
                    public void batchCommitted(int appends) {
                        commits.increment();
                    }
                })
                .build();
        schema.add(store);
        store.initializeSchema();
        return store;
    }

    private static CommandExecutor executor(EventStore store) {
        return CommandExecutor.builder(store, TestEvents.registry())
                .retryPolicy(new RetryPolicy(10, Duration.ofMillis(1), Duration.ofMillis(5), 0.2))
                .build();
    }

    @Test
    void commandsOnOneStreamShareCommitsAndKeepItsVersionsGapFree() throws Exception {
        PostgresEventStore store = store();
        CommandExecutor executor = executor(store);
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(pool.submit(() -> {
                for (int n = 0; n < perThread; n++) {
                    executor.execute(new Deposit(ACCOUNT, 1));
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        List<EventEnvelope> events = store.readStream(ACCOUNT);
        assertThat(events).hasSize(threads * perThread);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).version()).isEqualTo(i + 1);
        }
        // holding the stream from decision to commit would take one commit per command
        assertThat(commits.sum()).isLessThan(threads * perThread);
        assertThat(executor.cache().version(ACCOUNT)).hasValue(threads * perThread);
    }

    @Test
    void aRejectionDecidedOnAnAppendThatDoesNotCommitIsDecidedAgain() throws Exception {
        AtomicInteger secondDecisions = new AtomicInteger();
        HeldWithdrawal held = new HeldWithdrawal(100);
        // on the withdrawal's state, still in flight, the balance is 0
        Future<ExecutionResult> second = held.alsoExecute(new Withdraw(ACCOUNT, 50, secondDecisions));
        awaitUntil(() -> secondDecisions.get() == 1);
        // meanwhile another writer takes the version the held withdrawal expects to write
        appendDirectly(held.store, new Deposited(100), 1);

        held.gated.release();

        ExecutionResult retried = second.get(30, TimeUnit.SECONDS);
        assertThat(retried.attempts()).isEqualTo(2);
        assertThat(secondDecisions).hasValue(2);
        assertThat(held.first.get(30, TimeUnit.SECONDS).attempts()).isEqualTo(2);
        assertThat(balance(held.store)).isEqualTo(100 + 100 - 100 - 50);
    }

    @Test
    void anAppendDecidedOnOneThatDoesNotCommitIsRefusedEvenWhereAnotherWriterTookItsVersion() throws Exception {
        HeldWithdrawal held = new HeldWithdrawal(30);
        // another writer takes version 2 before the held withdrawal (which expects 1) is checked
        appendDirectly(held.store, new Deposited(5), 1);
        // decided on the withdrawal's state, expecting version 2: the other writer's event matches it
        Future<ExecutionResult> second = held.alsoExecute(new Deposit(ACCOUNT, 7));
        awaitUntil(() -> held.gated.dependents.get() == 1);

        held.gated.release();

        assertThat(second.get(30, TimeUnit.SECONDS).attempts()).isEqualTo(2);
        assertThat(held.first.get(30, TimeUnit.SECONDS).attempts()).isEqualTo(2);
        List<EventEnvelope> events = held.store.readStream(ACCOUNT);
        assertThat(events).extracting(EventEnvelope::version).containsExactly(1L, 2L, 3L, 4L);
        assertThat(balance(held.store)).isEqualTo(100 + 5 + 7 - 30);
    }

    @Test
    void aCommandThatCannotStartFromTheStateInFlightWaitsForItsAppend() throws Exception {
        HeldWithdrawal held = new HeldWithdrawal(30);
        // folds the stream's events, which the balance state in flight does not carry
        Future<ExecutionResult> eventsFold = held.alsoExecute(new CommandExecutorTests.Deposit(ACCOUNT, 7));
        try {
            eventsFold.get(300, TimeUnit.MILLISECONDS);
        } catch (TimeoutException stillWaiting) {
            // what should happen: it waits for the held withdrawal
        }

        held.gated.release();

        // had it read the stream before the withdrawal committed, one of the two would have conflicted
        assertThat(eventsFold.get(30, TimeUnit.SECONDS).attempts()).isEqualTo(1);
        assertThat(held.first.get(30, TimeUnit.SECONDS).attempts()).isEqualTo(1);
        assertThat(held.store.readStream(ACCOUNT)).extracting(EventEnvelope::version).containsExactly(1L, 2L, 3L);
        assertThat(balance(held.store)).isEqualTo(100 - 30 + 7);
    }

    /**
     * An account opened with 100 through an executor on a {@link GatedStore}, and a withdrawal from
     * it whose append the gate holds in flight until the test releases it.
     */
    private final class HeldWithdrawal {

        final PostgresEventStore store = store();
        final GatedStore gated = new GatedStore(store);
        final CommandExecutor executor = executor(gated);
        private final ExecutorService pool = Executors.newFixedThreadPool(2);
        final Future<ExecutionResult> first;

        HeldWithdrawal(long amount) throws InterruptedException {
            schema.add(pool::shutdownNow);
            executor.execute(new Deposit(ACCOUNT, 100));
            gated.holdNext();
            first = alsoExecute(new Withdraw(ACCOUNT, amount, new AtomicInteger()));
            assertThat(gated.held.await(10, TimeUnit.SECONDS)).isTrue();
        }

        Future<ExecutionResult> alsoExecute(Command<?, ?> command) {
            return pool.submit(() -> executor.execute(command));
        }
    }

    private static void appendDirectly(EventStore store, Event payload, long expectedVersion) {
        store.append(AppendRequest.of(ACCOUNT, ExpectedVersion.exact(expectedVersion), List.of(new PendingEvent(
                UUID.randomUUID(), ACCOUNT, TestEvents.registry().nameOf(payload.getClass()), payload, EventMetadata.EMPTY))));
    }

    private static long balance(EventStore store) {
        long balance = 0;
        for (EventEnvelope event : store.readStream(ACCOUNT)) {
            balance = CommandExecutorTests.fold(balance, (Event) event.payload());
        }
        return balance;
    }

    private static void awaitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("timed out").isNegative();
            Thread.sleep(2);
        }
    }

    /**
     * Another process's view of a store: everything goes straight through, except that the next
     * append after {@link #holdNext} is handed on only when the test releases it, so that it is
     * still in flight while other commands decide.
     */
    static final class GatedStore extends ForwardingEventStore {

        private final AtomicBoolean holding = new AtomicBoolean();
        final CountDownLatch held = new CountDownLatch(1);
        /** Appends handed over with the held one among their dependencies. */
        final AtomicInteger dependents = new AtomicInteger();
        private final CompletableFuture<QueuedAppend> handedOn = new CompletableFuture<>();
        private volatile Runnable handOn = () -> {};

        GatedStore(EventStore delegate) {
            super(delegate);
        }

        void holdNext() {
            holding.set(true);
        }

        void release() {
            handOn.run();
        }

        @Override
        public QueuedAppend enqueue(AppendRequest request, Collection<? extends QueuedAppend> after) {
            if (holding.compareAndSet(true, false)) {
                handOn = () -> handedOn.complete(delegate.enqueue(request, after));
                held.countDown();
                return new HeldAppend();
            }
            if (after.stream().anyMatch(HeldAppend.class::isInstance)) {
                dependents.incrementAndGet();
            }
            // the store waits for a dependency it did not queue itself, held ones included
            return delegate.enqueue(request, after);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            return enqueue(request, List.of()).await();
        }

        /** The held append: its outcome is the delegate's, once the test hands it on. */
        private final class HeldAppend implements QueuedAppend {

            @Override
            public AppendResult await() {
                return handedOn.join().await();
            }

            @Override
            public boolean isDone() {
                return handedOn.isDone() && handedOn.join().isDone();
            }

            @Override
            public boolean committed() {
                return isDone() && handedOn.join().committed();
            }
        }
    }
}
