package io.eventcore;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.eventcore.CommandExecutorTests.PerStreamTransfer;
import io.eventcore.CommandExecutorTests.Transfer;
import io.eventcore.serialization.JacksonEventSerializer;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.postgres.PostgresEventStore;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two application instances, as two JVMs would run them: each with its own pool, store, executor
 * and stream cache (cached versions and cached folded balances), on the same tables. Neither sees
 * the other's writes in its cache, so every command may start from stale state; the database check
 * must turn that into retries, never into a wrong write.
 */
class ExecutorInstancesIntegrationTests {

    private static final int ACCOUNTS = 6;
    private static final long OPENING = 500;

    private TestSchema schema;

    /** Deposits into one account; shares its cached balance with every other balance command. */
    record Deposit(StreamId account, long amount) implements BalanceCommand {
        public List<NewEvent<Event>> decide(Long balance) {
            return List.of(NewEvent.of(account, new Deposited(amount)));
        }
    }

    /** Withdraws without overdraft, deciding on a balance that may come from the cache. */
    record Withdraw(StreamId account, long amount) implements BalanceCommand {
        public List<NewEvent<Event>> decide(Long balance) {
            if (balance < amount) {
                throw new CommandRejectedException("balance " + balance + " is below " + amount);
            }
            return List.of(NewEvent.of(account, new Withdrawn(amount)));
        }
    }

    /** A one-account command whose state is the balance, cached across commands by its key. */
    interface BalanceCommand extends Command<Long, Event> {
        StreamId account();

        default Collection<StreamId> streams() { return List.of(account()); }
        default Class<Event> eventType() { return Event.class; }
        default Long initialState() { return 0L; }
        default Long apply(Long balance, StreamId stream, Event event) {
            return CommandExecutorTests.fold(balance, event);
        }
        default Object stateKey() { return "balance"; } // the key of CommandExecutorTests' balance folds
    }

    @BeforeEach
    void createSchema() {
        schema = TestSchema.create(ExecutorInstancesIntegrationTests.class);
    }

    @AfterEach
    void closeAndDropSchema() throws Exception {
        schema.close();
    }

    private PostgresEventStore store() {
        HikariDataSource dataSource = TestDatabase.get().newDataSource(6);
        schema.add(dataSource);
        PostgresEventStore store = PostgresEventStore
                .builder(dataSource, new JacksonEventSerializer(TestEvents.registry()))
                .schema(schema.name())
                .build();
        schema.add(store);
        return store;
    }

    private static CommandExecutor executor(PostgresEventStore store, LongAdder retries) {
        return CommandExecutor.builder(store, TestEvents.registry())
                .retryPolicy(new RetryPolicy(20, Duration.ofMillis(1), Duration.ofMillis(20), 0.2))
                .listener(new CommandListener() {
                    @Override
                    public void retrying(String command, int attempt, StreamVersionConflictException conflict,
                            Duration delay) {
                        retries.increment();
                    }
                })
                .build();
    }

    private static StreamId account(int i) {
        return StreamId.of("account-" + i);
    }

    @Test
    void instancesWithTheirOwnCachesNeverOverdrawOrLoseMoneyOnSharedAccounts() throws Exception {
        PostgresEventStore first = store();
        first.initializeSchema();
        PostgresEventStore second = store();
        LongAdder retries = new LongAdder();
        List<CommandExecutor> instances = List.of(executor(first, retries), executor(second, retries));
        for (int i = 0; i < ACCOUNTS; i++) {
            instances.get(0).execute(new Deposit(account(i), OPENING));
        }

        LongAdder deposited = new LongAdder();
        LongAdder withdrawn = new LongAdder();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        List<Future<?>> work = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            CommandExecutor executor = instances.get(t % 2);
            work.add(threads.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int n = 0; n < 150; n++) {
                    int from = random.nextInt(ACCOUNTS);
                    long amount = 1 + random.nextInt(100);
                    int kind = random.nextInt(10);
                    try {
                        if (kind < 3) {
                            executor.execute(new Deposit(account(from), amount));
                            deposited.add(amount);
                        } else if (kind < 7) {
                            executor.execute(new Withdraw(account(from), amount));
                            withdrawn.add(amount);
                        } else {
                            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                            // a per-stream transfer shares the balance commands' cached state
                            Command<?, Event> transfer = kind >= 8
                                    ? new PerStreamTransfer(account(from), account(to), amount, new AtomicInteger())
                                    : new Transfer(account(from), account(to), amount);
                            executor.execute(transfer);
                        }
                    } catch (CommandRejectedException | RetriesExhaustedException nothingWritten) {
                        // both write nothing; the checks below hold either way
                    }
                }
                return null;
            }));
        }
        for (Future<?> future : work) {
            future.get();
        }
        threads.shutdown();

        long total = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            long balance = 0;
            long version = 0;
            for (EventEnvelope event : first.readStream(account(i))) {
                assertThat(event.version()).isEqualTo(++version);
                balance = CommandExecutorTests.fold(balance, (Event) event.payload());
                assertThat(balance).as("balance of %s after version %d", account(i), version).isNotNegative();
            }
            total += balance;
        }
        assertThat(total).isEqualTo(ACCOUNTS * OPENING + deposited.sum() - withdrawn.sum());
        System.out.printf("[eventcore-test] two instances with stale caches: %d retries, all absorbed%n", retries.sum());
    }
}
