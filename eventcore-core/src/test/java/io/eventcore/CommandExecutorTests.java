package io.eventcore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventcore.store.AppendRequest;
import io.eventcore.store.AppendResult;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventMetadata;
import io.eventcore.store.EventSink;
import io.eventcore.store.EventStore;
import io.eventcore.store.ExpectedVersion;
import io.eventcore.store.PendingEvent;
import io.eventcore.store.StreamRead;
import io.eventcore.store.memory.InMemoryEventStore;
import io.eventcore.testing.ForwardingEventStore;
import io.eventcore.testing.TestEvents.Deposited;
import io.eventcore.testing.TestEvents.Event;
import io.eventcore.testing.TestEvents.Noted;
import io.eventcore.testing.TestEvents.Withdrawn;
import io.eventcore.testing.TestEvents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class CommandExecutorTests {

    private final InMemoryEventStore memory = new InMemoryEventStore();
    private final CountingStore store = new CountingStore(memory);

    private CommandExecutor.Builder executor() {
        return CommandExecutor.builder(store, TestEvents.registry())
                .retryPolicy(new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5), 0.2));
    }

    private static StreamId id(String value) {
        return StreamId.of(value);
    }

    private void seed(String stream, Event... events) {
        List<PendingEvent> pending = new ArrayList<>();
        for (Event event : events) {
            pending.add(new PendingEvent(UUID.randomUUID(), id(stream), TestEvents.registry().nameOf(event.getClass()),
                    event, EventMetadata.EMPTY));
        }
        memory.append(AppendRequest.of(id(stream), ExpectedVersion.any(), pending));
    }

    private long balance(String stream) {
        long balance = 0;
        for (EventEnvelope e : memory.readStream(id(stream))) {
            if (e.payload() instanceof Deposited d) {
                balance += d.amount();
            } else if (e.payload() instanceof Withdrawn w) {
                balance -= w.amount();
            }
        }
        return balance;
    }

    /** Deposits into one account. */
    record Deposit(StreamId account, long amount) implements Command<Long, Event> {
        public Collection<StreamId> streams() { return List.of(account); }
        public Class<Event> eventType() { return Event.class; }
        public Long initialState() { return 0L; }
        public Long apply(Long balance, StreamId stream, Event event) { return fold(balance, event); }
        public List<NewEvent<Event>> decide(Long balance) { return List.of(NewEvent.of(account, new Deposited(amount))); }
    }

    /** Withdraws from {@code from} only if {@code guard}'s balance covers it: {@code guard} is a read-only participant. */
    record GuardedWithdraw(StreamId from, StreamId guard, long amount) implements Command<long[], Event> {
        public Collection<StreamId> streams() { return List.of(from, guard); }
        public Class<Event> eventType() { return Event.class; }
        public long[] initialState() { return new long[2]; }
        public long[] apply(long[] s, StreamId stream, Event event) {
            int i = stream.equals(from) ? 0 : 1;
            long[] next = s.clone();
            next[i] = fold(s[i], event);
            return next;
        }
        public List<NewEvent<Event>> decide(long[] s) {
            if (s[1] < amount) {
                throw new CommandRejectedException("guard balance " + s[1] + " is below " + amount);
            }
            return List.of(NewEvent.of(from, new Withdrawn(amount)));
        }
    }

    /** Moves money between two accounts; rejects overdrafts. */
    record Transfer(StreamId from, StreamId to, long amount) implements Command<long[], Event> {
        public Collection<StreamId> streams() { return List.of(from, to); }
        public Class<Event> eventType() { return Event.class; }
        public long[] initialState() { return new long[2]; }
        public long[] apply(long[] s, StreamId stream, Event event) {
            long[] next = s.clone();
            int i = stream.equals(from) ? 0 : 1;
            next[i] = fold(s[i], event);
            return next;
        }
        public List<NewEvent<Event>> decide(long[] s) {
            if (s[0] < amount) {
                throw new CommandRejectedException("insufficient funds");
            }
            return List.of(NewEvent.of(from, new Withdrawn(amount)), NewEvent.of(to, new Deposited(amount)));
        }
    }

    static long fold(long balance, Event event) {
        if (event instanceof Deposited d) {
            return balance + d.amount();
        }
        if (event instanceof Withdrawn w) {
            return balance - w.amount();
        }
        return balance;
    }

    /** Reads an index stream whose Noted events name further streams, then notes on every stream it found. */
    record Crawl(StreamId index) implements Command<List<StreamId>, Event> {
        public Collection<StreamId> streams() { return List.of(index); }
        public Class<Event> eventType() { return Event.class; }
        public List<StreamId> initialState() { return List.of(); }
        public List<StreamId> apply(List<StreamId> found, StreamId stream, Event event) {
            List<StreamId> next = new ArrayList<>(found);
            if (event instanceof Noted n && n.text().startsWith("->")) {
                next.add(StreamId.of(n.text().substring(2)));
            }
            return next;
        }
        public Collection<StreamId> discover(List<StreamId> found) { return found; }
        public List<NewEvent<Event>> decide(List<StreamId> found) {
            return found.stream().map(s -> NewEvent.<Event>of(s, new Noted("visited"))).toList();
        }
    }

    @Test
    void executeAppendsDecidedEventsWithVersionsPositionsAndMetadata() {
        CommandExecutor executor = executor().build();
        UUID correlation = UUID.randomUUID();

        ExecutionResult first = executor.execute(new Deposit(id("acc-1"), 100),
                ExecutionOptions.DEFAULTS.withCorrelationId(correlation).withAttributes(Map.of("user", "ann")));
        ExecutionResult second = executor.execute(new Deposit(id("acc-1"), 50));

        assertThat(first.attempts()).isEqualTo(1);
        EventEnvelope written = first.events().get(0);
        assertThat(written.version()).isEqualTo(1);
        assertThat(written.position()).isPositive();
        assertThat(written.type()).isEqualTo("test-deposited");
        assertThat(written.eventId().version()).isEqualTo(7);
        assertThat(written.metadata().correlationId()).isEqualTo(correlation);
        assertThat(written.metadata().causationId()).isEqualTo(first.commandId());
        assertThat(written.metadata().attributes()).containsEntry("user", "ann");
        assertThat(second.events().get(0).version()).isEqualTo(2);
        assertThat(second.events().get(0).metadata().correlationId()).isNotNull().isNotEqualTo(correlation);
        assertThat(second.versionOf(id("acc-1"))).isEqualTo(2);
        assertThat(memory.readStream(id("acc-1"))).extracting(EventEnvelope::payload)
                .containsExactly(new Deposited(100), new Deposited(50));
    }

    @Test
    void givenCausationIdIsStampedInsteadOfCommandId() {
        UUID causation = UUID.randomUUID();
        ExecutionResult result = executor().build()
                .execute(new Deposit(id("acc-1"), 1), ExecutionOptions.DEFAULTS.withCausationId(causation));
        assertThat(result.events().get(0).metadata().causationId()).isEqualTo(causation);
    }

    @Test
    void warmStreamIsNotReadAgainBeforeAppend() {
        CommandExecutor executor = executor().build();
        executor.execute(new Deposit(id("acc-1"), 1));
        int readsAfterFirst = store.reads.get();

        executor.execute(new Deposit(id("acc-1"), 1));
        executor.execute(new Deposit(id("acc-1"), 1));

        assertThat(readsAfterFirst).isEqualTo(1);
        assertThat(store.reads.get()).isEqualTo(1);
        assertThat(balance("acc-1")).isEqualTo(3);
        assertThat(executor.cache().stats().hitCount()).isEqualTo(2);
    }

    /** A deposit whose fold depends on the events only, so it may share cached state; counts folds. */
    record KeyedDeposit(StreamId account, long amount, AtomicInteger folds) implements Command<Long, Event> {
        public Collection<StreamId> streams() { return List.of(account); }
        public Class<Event> eventType() { return Event.class; }
        public Long initialState() { return 0L; }
        public Long apply(Long balance, StreamId stream, Event event) {
            folds.incrementAndGet();
            return fold(balance, event);
        }
        public Object stateKey() { return "balance"; }
        public List<NewEvent<Event>> decide(Long balance) {
            if (amount < 0 && balance + amount < 0) {
                throw new CommandRejectedException("balance " + balance + " is too low");
            }
            return List.of(NewEvent.of(account, amount < 0 ? new Withdrawn(-amount) : new Deposited(amount)));
        }
    }

    @Test
    void cachedStateIsFoldedOnlyOverEventsAfterIt() {
        seed("acc-1", new Deposited(5), new Deposited(5), new Deposited(5));
        CommandExecutor executor = executor().build();
        AtomicInteger folds = new AtomicInteger();

        executor.execute(new KeyedDeposit(id("acc-1"), 10, folds));
        int afterFirst = folds.get();
        executor.execute(new KeyedDeposit(id("acc-1"), 10, folds));
        int afterSecond = folds.get();
        seed("acc-1", new Withdrawn(30)); // written behind the cache: the snapshot is stale now
        assertThatThrownBy(() -> executor.execute(new KeyedDeposit(id("acc-1"), -10, folds)))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("balance 5 is too low");

        // 3 stored events folded, then our own event applied to the snapshot
        assertThat(afterFirst).isEqualTo(4);
        // only our new event is applied to the cached state; nothing is re-folded
        assertThat(afterSecond - afterFirst).isEqualTo(1);
        assertThat(balance("acc-1")).isEqualTo(5);
    }

    /** A transfer whose state is each account's balance on its own, under the same key as {@link KeyedDeposit}; counts folds. */
    record PerStreamTransfer(StreamId from, StreamId to, long amount, AtomicInteger folds)
            implements PerStreamCommand<Long, Event> {
        public Collection<StreamId> streams() { return List.of(from, to); }
        public Class<Event> eventType() { return Event.class; }
        public Object stateKey() { return "balance"; }
        public Long initialStreamState() { return 0L; }
        public Long applyToStream(Long balance, Event event) {
            folds.incrementAndGet();
            return fold(balance, event);
        }
        public List<NewEvent<Event>> decide(Map<StreamId, Long> balances) {
            if (balances.get(from) < amount) {
                throw new CommandRejectedException("balance " + balances.get(from) + " of " + from + " is too low");
            }
            return List.of(NewEvent.of(from, new Withdrawn(amount)), NewEvent.of(to, new Deposited(amount)));
        }
    }

    @Test
    void perStreamCommandCachesEveryStreamsStateAndFoldsOnlyNewEvents() {
        seed("acc-1", new Deposited(10), new Deposited(10), new Deposited(10));
        seed("acc-2", new Deposited(5));
        CommandExecutor executor = executor().build();
        AtomicInteger folds = new AtomicInteger();

        executor.execute(new PerStreamTransfer(id("acc-1"), id("acc-2"), 7, folds));
        int afterFirst = folds.get();
        executor.execute(new PerStreamTransfer(id("acc-2"), id("acc-1"), 12, folds));
        int afterSecond = folds.get();
        seed("acc-1", new Withdrawn(30)); // behind the cache: acc-1's cached state is stale now
        assertThatThrownBy(() -> executor.execute(new PerStreamTransfer(id("acc-1"), id("acc-2"), 10, folds)))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("balance 5 of acc-1 is too low");

        // 4 stored events folded, then our own event applied to each stream's state
        assertThat(afterFirst).isEqualTo(6);
        // acc-2 held 12 after the first transfer; only the two new events are applied
        assertThat(afterSecond - afterFirst).isEqualTo(2);
        // the stale state cost one conflict, and the retry read both streams afresh
        assertThat(store.readWaves).containsExactly(List.of("acc-1", "acc-2"), List.of("acc-1", "acc-2"));
        assertThat(balance("acc-1")).isEqualTo(5);
        assertThat(balance("acc-2")).isZero();
    }

    @Test
    void perStreamCommandSharesTheStateOfACommandWithTheSameKey() {
        seed("acc-1", new Deposited(10));
        CommandExecutor executor = executor().build();
        AtomicInteger folds = new AtomicInteger();
        executor.execute(new KeyedDeposit(id("acc-1"), 5, folds));
        int afterDeposit = folds.get();

        executor.execute(new PerStreamTransfer(id("acc-1"), id("acc-2"), 15, folds));

        // acc-2 was read (it was never cached); acc-1 started from the deposit's state
        assertThat(store.readWaves).containsExactly(List.of("acc-1"), List.of("acc-2"));
        assertThat(folds.get() - afterDeposit).isEqualTo(2);
        assertThat(balance("acc-1")).isZero();
        assertThat(balance("acc-2")).isEqualTo(15);
    }

    @Test
    void aStreamCachedWithItsStateHoldsNoEventsSoTheBoundCountsStreams() {
        for (int s = 0; s < 10; s++) {
            Event[] history = new Event[20];
            Arrays.fill(history, new Deposited(1));
            seed("acc-" + s, history);
        }
        // 10 streams of 20 events each: with their events the entries would weigh 210
        CommandExecutor executor = executor().cache(StreamCache.create(30, Duration.ofMinutes(1))).build();
        AtomicInteger folds = new AtomicInteger();
        for (int round = 0; round < 3; round++) {
            for (int s = 0; s < 10; s++) {
                executor.execute(new KeyedDeposit(id("acc-" + s), 1, folds));
            }
        }

        assertThat(store.reads.get()).isEqualTo(10);
        assertThat(executor.cache().stats().evictionCount()).isZero();
        assertThat(balance("acc-3")).isEqualTo(23);
    }

    @Test
    void aFoldOverEventsReadsAStateOnlyStreamOnceAndThenKeepsItsEvents() {
        seed("acc-1", new Deposited(10), new Deposited(10));
        CommandExecutor executor = executor().build();
        AtomicInteger folds = new AtomicInteger();
        executor.execute(new KeyedDeposit(id("acc-1"), 1, folds)); // read: the entry keeps only the balance

        executor.execute(new Deposit(id("acc-1"), 2));             // folds events: reads them again
        executor.execute(new KeyedDeposit(id("acc-1"), 3, folds));
        executor.execute(new Deposit(id("acc-1"), 4));
        ExecutionResult last = executor.execute(new KeyedDeposit(id("acc-1"), 5, folds));

        assertThat(store.reads.get()).isEqualTo(2);
        // the plain deposit that found only the balance read the stream: a miss, not a hit
        assertThat(executor.cache().stats().missCount()).isEqualTo(2);
        assertThat(executor.cache().stats().hitCount()).isEqualTo(3);
        assertThat(last.events().get(0).version()).isEqualTo(7);
        assertThat(balance("acc-1")).isEqualTo(35);
    }

    @Test
    void twoFoldsOnOneStreamDoNotTakeTurnsReadingIt() {
        seed("acc-1", new Deposited(10));
        CommandExecutor executor = executor().build();
        AtomicInteger folds = new AtomicInteger();
        record OtherKeyedDeposit(StreamId account, long amount) implements Command<Long, Event> {
            public Collection<StreamId> streams() { return List.of(account); }
            public Class<Event> eventType() { return Event.class; }
            public Long initialState() { return 0L; }
            public Long apply(Long balance, StreamId stream, Event event) { return fold(balance, event); }
            public Object stateKey() { return "other"; }
            public List<NewEvent<Event>> decide(Long balance) { return List.of(NewEvent.of(account, new Deposited(amount))); }
        }
        for (int i = 0; i < 4; i++) {
            executor.execute(new KeyedDeposit(id("acc-1"), 1, folds));
            executor.execute(new OtherKeyedDeposit(id("acc-1"), 1));
        }

        // the first read, and one more when the second fold found only the first one's state
        assertThat(store.reads.get()).isEqualTo(2);
        assertThat(balance("acc-1")).isEqualTo(18);
    }

    @Test
    void aBlindAppendDropsAStateOnlyStream() {
        CommandExecutor executor = executor().build();
        AtomicInteger folds = new AtomicInteger();
        executor.execute(new KeyedDeposit(id("acc-1"), 10, folds));
        StatelessCommand<Event> fee = new StatelessCommand<>() {
            public Collection<StreamId> streams() { return List.of(id("acc-1")); }
            public List<NewEvent<Event>> decide() { return List.of(NewEvent.of(id("acc-1"), new Withdrawn(4))); }
        };
        executor.execute(fee);

        assertThatThrownBy(() -> executor.execute(new KeyedDeposit(id("acc-1"), -7, folds)))
                .isInstanceOf(CommandRejectedException.class).hasMessageContaining("balance 6 is too low");
        assertThat(store.reads.get()).isEqualTo(2);
    }

    /** Reads an index whose notes name further streams; decides on each stream's own note count. */
    record CountNotes(StreamId index) implements PerStreamCommand<List<String>, Event> {
        public Collection<StreamId> streams() { return List.of(index); }
        public Class<Event> eventType() { return Event.class; }
        public Object stateKey() { return "notes"; }
        public List<String> initialStreamState() { return List.of(); }
        public List<String> applyToStream(List<String> notes, Event event) {
            List<String> next = new ArrayList<>(notes);
            next.add(event instanceof Noted n ? n.text() : event.toString());
            return List.copyOf(next);
        }
        public Collection<StreamId> discover(Map<StreamId, List<String>> states) {
            return states.values().stream().flatMap(List::stream).filter(t -> t.startsWith("->"))
                    .map(t -> StreamId.of(t.substring(2))).toList();
        }
        public List<NewEvent<Event>> decide(Map<StreamId, List<String>> states) {
            return states.entrySet().stream()
                    .map(e -> NewEvent.<Event>of(e.getKey(), new Noted("had " + e.getValue().size()))).toList();
        }
    }

    @Test
    void perStreamCommandFoldsAndCachesDiscoveredStreamsToo() {
        seed("index", new Noted("->a"), new Noted("->b"));
        seed("a", new Noted("x"));
        CommandExecutor executor = executor().build();

        ExecutionResult first = executor.execute(new CountNotes(id("index")));
        ExecutionResult second = executor.execute(new CountNotes(id("index")));

        assertThat(first.events()).extracting(e -> e.streamId().value() + ":" + ((Noted) e.payload()).text())
                .containsExactly("index:had 2", "a:had 1", "b:had 0");
        assertThat(second.events()).extracting(e -> e.streamId().value() + ":" + ((Noted) e.payload()).text())
                .containsExactly("index:had 3", "a:had 2", "b:had 1");
        // one read per wave the first time; the second command found every stream's state cached
        assertThat(store.readWaves).containsExactly(List.of("index"), List.of("a", "b"));
    }

    @Test
    void perStreamCommandMustNameItsFold() {
        PerStreamCommand<Long, Event> unnamed = new PerStreamCommand<>() {
            public Collection<StreamId> streams() { return List.of(id("acc-1")); }
            public Class<Event> eventType() { return Event.class; }
            @SuppressWarnings("NullAway")
            public Object stateKey() { return null; }
            public Long initialStreamState() { return 0L; }
            public Long applyToStream(Long balance, Event event) { return fold(balance, event); }
            public List<NewEvent<Event>> decide(Map<StreamId, Long> balances) { return List.of(); }
            public String name() { return "Unnamed"; }
        };

        assertThatThrownBy(() -> executor().build().execute(unnamed))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("stateKey() of Unnamed returned null");
        assertThat(store.reads.get()).isZero();
    }

    @Test
    void staleCacheCostsOneRetryAndNeverAWrongWrite() {
        CommandExecutor executor = executor().build();
        executor.execute(new Deposit(id("acc-1"), 10));
        seed("acc-1", new Withdrawn(10)); // another process writes behind the cache's back

        assertThatThrownBy(() -> executor.execute(new Transfer(id("acc-1"), id("acc-2"), 5)))
                .isInstanceOf(CommandRejectedException.class);
        assertThat(store.appends.get()).isEqualTo(2);
        assertThat(balance("acc-1")).isZero();

        ExecutionResult deposit = executor.execute(new Deposit(id("acc-1"), 1));
        assertThat(deposit.attempts()).isEqualTo(1);
        assertThat(deposit.events().get(0).version()).isEqualTo(3);
    }

    @Test
    void staleReadOnlyParticipantIsRetriedWithFreshState() {
        seed("guard", new Deposited(100));
        seed("acc-1", new Deposited(100));
        store.beforeAppend = request -> {
            store.beforeAppend = r -> {};
            seed("guard", new Withdrawn(100)); // the read-only stream changes between read and append
        };

        assertThatThrownBy(() -> executor().build().execute(new GuardedWithdraw(id("acc-1"), id("guard"), 50)))
                .isInstanceOf(CommandRejectedException.class)
                .hasMessageContaining("guard balance 0");
        assertThat(balance("acc-1")).isEqualTo(100);
        assertThat(store.appends.get()).isEqualTo(1);
    }

    @Test
    void rejectionIsNeverRetriedAndReportedToListener() {
        RecordingListener listener = new RecordingListener();
        CommandExecutor executor = executor().listener(listener).build();

        assertThatThrownBy(() -> executor.execute(new Transfer(id("a"), id("b"), 10)))
                .isInstanceOf(CommandRejectedException.class)
                .extracting(e -> ((CommandRejectedException) e).reason()).isEqualTo("insufficient funds");
        assertThat(store.appends.get()).isZero();
        assertThat(store.reads.get()).isEqualTo(1);
        assertThat(listener.calls).containsExactly("started Transfer", "rejected Transfer");
    }

    @Test
    void conflictsAreRetriedUntilAttemptsAreExhausted() {
        RecordingListener listener = new RecordingListener();
        store.beforeAppend = request -> seed("acc-1", new Noted("interference"));
        CommandExecutor executor = executor().listener(listener).build();

        assertThatThrownBy(() -> executor.execute(new Deposit(id("acc-1"), 1)))
                .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(5);
                    assertThat(e.lastConflict().streamId()).isEqualTo(id("acc-1"));
                    assertThat(e.lastConflict().actual()).isEqualTo(e.lastConflict().expected() instanceof ExpectedVersion.Exact x
                            ? x.version() + 1 : -1);
                });
        assertThat(listener.calls).filteredOn(c -> c.startsWith("retrying")).hasSize(4);
        assertThat(listener.calls).last().isEqualTo("failed Deposit");
        assertThat(memory.readStream(id("acc-1"))).extracting(EventEnvelope::payload).doesNotContain(new Deposited(1));
    }

    @Test
    void deadlineStopsRetrying() {
        store.beforeAppend = request -> seed("acc-1", new Noted("interference"));
        CommandExecutor executor = executor()
                .retryPolicy(new RetryPolicy(100, Duration.ofMillis(50), Duration.ofMillis(50), 0)).build();

        assertThatThrownBy(() -> executor.execute(new Deposit(id("acc-1"), 1),
                ExecutionOptions.DEFAULTS.withTimeout(Duration.ofMillis(120))))
                .isInstanceOf(DeadlineExceededException.class);
        assertThat(store.appends.get()).isLessThan(100);
    }

    @Test
    void writingToAStreamThatWasNotReadIsATypedErrorAndWritesNothing() {
        Command<Long, Event> sneaky = new Command<>() {
            public Collection<StreamId> streams() { return List.of(id("acc-1")); }
            public Class<Event> eventType() { return Event.class; }
            public Long initialState() { return 0L; }
            public Long apply(Long s, StreamId stream, Event e) { return s; }
            public List<NewEvent<Event>> decide(Long s) { return List.of(NewEvent.of(id("acc-2"), new Deposited(1))); }
        };

        assertThatThrownBy(() -> executor().build().execute(sneaky))
                .isInstanceOfSatisfying(UndeclaredStreamException.class,
                        e -> assertThat(e.streamId()).isEqualTo(id("acc-2")));
        assertThat(memory.headPosition()).isZero();
    }

    @Test
    void discoveredStreamsAreReadOnceEachBreadthFirst() {
        seed("index", new Noted("->a"), new Noted("->b"), new Noted("->a"));
        seed("a", new Noted("->b"), new Noted("->index"));

        ExecutionResult result = executor().build().execute(new Crawl(id("index")));

        assertThat(store.readWaves).containsExactly(List.of("index"), List.of("a", "b"));
        assertThat(result.streamVersions()).containsOnlyKeys(id("index"), id("a"), id("b"));
        assertThat(result.events()).extracting(e -> e.streamId().value()).containsExactly("a", "b", "a", "b", "index");
    }

    @Test
    void discoveringMoreStreamsThanTheLimitFails() {
        seed("index", new Noted("->a"), new Noted("->b"), new Noted("->c"));

        assertThatThrownBy(() -> executor().maxStreamsPerCommand(3).build().execute(new Crawl(id("index"))))
                .isInstanceOfSatisfying(StreamLimitExceededException.class, e -> assertThat(e.limit()).isEqualTo(3))
                .hasMessageContaining("more than 3 streams");
        assertThat(memory.readStream(id("a"))).isEmpty();
    }

    @Test
    void eventOfAnotherTypeOnAReadStreamIsATypedError() {
        seed("acc-1", new Deposited(5));
        Command<Long, Noted> notesOnly = new Command<>() {
            public Collection<StreamId> streams() { return List.of(id("acc-1")); }
            public Class<Noted> eventType() { return Noted.class; }
            public Long initialState() { return 0L; }
            public Long apply(Long s, StreamId stream, Noted e) { return s + 1; }
            public List<NewEvent<Noted>> decide(Long s) { return List.of(); }
        };

        assertThatThrownBy(() -> executor().build().execute(notesOnly))
                .isInstanceOfSatisfying(EventTypeMismatchException.class, e -> {
                    assertThat(e.streamId()).isEqualTo(id("acc-1"));
                    assertThat(e.version()).isEqualTo(1);
                })
                .hasMessageContaining("test-deposited");
    }

    @Test
    void commandWithoutStreamsIsRejectedAndDuplicatesCollapse() {
        Command<Long, Event> none = new Command<>() {
            public Collection<StreamId> streams() { return List.of(); }
            public Class<Event> eventType() { return Event.class; }
            public Long initialState() { return 0L; }
            public Long apply(Long s, StreamId stream, Event e) { return s; }
            public List<NewEvent<Event>> decide(Long s) { return List.of(); }
        };
        assertThatThrownBy(() -> executor().build().execute(none))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one stream");

        ExecutionResult result = executor().build().execute(new Transfer(id("a"), id("a"), 0));
        assertThat(store.readWaves).containsExactly(List.of("a"));
        assertThat(result.events()).extracting(EventEnvelope::version).containsExactly(1L, 2L);
    }

    @Test
    void statelessCommandAppendsWithoutReading() {
        StatelessCommand<Event> log = new StatelessCommand<>() {
            public Collection<StreamId> streams() { return List.of(id("log")); }
            public List<NewEvent<Event>> decide() { return List.of(NewEvent.of(id("log"), new Noted("hello"))); }
        };
        CommandExecutor executor = executor().build();

        executor.execute(log);
        ExecutionResult second = executor.execute(log);

        assertThat(store.reads.get()).isZero();
        assertThat(second.events().get(0).version()).isEqualTo(2);
    }

    @Test
    void concurrentTransfersKeepMoneyConstantAndHotStreamsQueueInsteadOfConflicting() throws Exception {
        int accounts = 6;
        for (int i = 0; i < accounts; i++) {
            seed("acc-" + i, new Deposited(1_000));
        }
        RecordingListener listener = new RecordingListener();
        CommandExecutor executor = executor().listener(listener).build();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> futures = new ArrayList<>();
        AtomicInteger folds = new AtomicInteger();
        for (int t = 0; t < 8; t++) {
            futures.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 300; i++) {
                    int from = random.nextInt(accounts);
                    int to = (from + 1 + random.nextInt(accounts - 1)) % accounts;
                    int amount = 1 + random.nextInt(50);
                    try {
                        // the two kinds take turns on the same streams: folds over events and cached per-stream states
                        Command<?, Event> transfer = random.nextBoolean()
                                ? new Transfer(id("acc-" + from), id("acc-" + to), amount)
                                : new PerStreamTransfer(id("acc-" + from), id("acc-" + to), amount, folds);
                        executor.execute(transfer);
                    } catch (CommandRejectedException insufficientFunds) {
                        // fine: the invariant below is what matters
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();

        long total = 0;
        for (int i = 0; i < accounts; i++) {
            assertThat(balance("acc-" + i)).isNotNegative();
            total += balance("acc-" + i);
            List<EventEnvelope> events = memory.readStream(id("acc-" + i));
            for (int v = 0; v < events.size(); v++) {
                assertThat(events.get(v).version()).isEqualTo(v + 1);
            }
        }
        assertThat(total).isEqualTo(accounts * 1_000L);
        assertThat(listener.calls).noneMatch(c -> c.startsWith("retrying"));
    }

    @Test
    void retryDelaysGrowExponentiallyWithinJitterAndCap() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(1000), 0.2);
        for (int i = 0; i < 200; i++) {
            assertThat(policy.delayBefore(2).toNanos()).isBetween(8_000_000L, 12_000_000L);
            assertThat(policy.delayBefore(4).toNanos()).isBetween(32_000_000L, 48_000_000L);
            assertThat(policy.delayBefore(40).toNanos()).isBetween(800_000_000L, 1_200_000_000L);
        }
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, 0))
                .hasMessage("maxAttempts must be at least 1, was 0");
    }

    /** Delegates to the in-memory store, counting calls and letting a test act just before an append. */
    static final class CountingStore extends ForwardingEventStore {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger appends = new AtomicInteger();
        final List<List<String>> readWaves = new CopyOnWriteArrayList<>();
        volatile Consumer<AppendRequest> beforeAppend = r -> {};

        CountingStore(EventStore delegate) {
            super(delegate);
        }

        @Override
        public void readStreams(Collection<StreamRead> reads, EventSink sink) {
            this.reads.incrementAndGet();
            readWaves.add(reads.stream().map(r -> r.streamId().value()).toList());
            delegate.readStreams(reads, sink);
        }

        @Override
        public AppendResult append(AppendRequest request) {
            appends.incrementAndGet();
            beforeAppend.accept(request);
            return delegate.append(request);
        }
    }

    static final class RecordingListener implements CommandListener {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void started(String command, int streams) { calls.add("started " + command); }

        @Override
        public void succeeded(String command, ExecutionResult result, int streams, Duration duration) { calls.add("succeeded " + command); }

        @Override
        public void rejected(String command, CommandRejectedException rejection, Duration duration) { calls.add("rejected " + command); }

        @Override
        public void failed(String command, Throwable error, Duration duration) { calls.add("failed " + command); }

        @Override
        public void retrying(String command, int attempt, StreamVersionConflictException conflict, Duration delay) {
            calls.add("retrying " + command + " " + attempt);
        }
    }
}
