package io.eventcore.sample.account;

import io.eventcore.CommandExecutor;
import io.eventcore.ExecutionOptions;
import io.eventcore.ExecutionResult;
import io.eventcore.StreamId;
import io.eventcore.store.EventEnvelope;
import io.eventcore.store.EventStore;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The bank's use cases: runs the account commands on the {@link CommandExecutor} and reads accounts
 * from the event store, which is the authority on every balance. Thread-safe.
 *
 * <p>Every method that writes throws what its command's {@code decide} throws (subclasses of
 * {@link io.eventcore.CommandRejectedException}) and what {@link CommandExecutor#execute} throws.
 */
@Service
public class Bank {

    private final CommandExecutor executor;
    private final EventStore store;

    /**
     * Creates the service.
     *
     * @param executor runs the commands; its store is also the one accounts are read from
     */
    public Bank(CommandExecutor executor) {
        this.executor = executor;
        this.store = executor.store();
    }

    /**
     * Opens an account.
     *
     * @param accountId the new id
     * @param owner the owner
     * @param options correlation id and attributes stamped on the event
     * @return the new account
     * @throws AccountAlreadyExistsException if the id is taken
     */
    public AccountSnapshot open(AccountId accountId, String owner, ExecutionOptions options) {
        ExecutionResult result = executor.execute(new OpenAccount(accountId, owner), options);
        return new AccountSnapshot(accountId, owner, 0, result.versionOf(accountId.streamId()));
    }

    /**
     * Pays money in.
     *
     * @param accountId the account
     * @param amount cents
     * @param options correlation id and attributes stamped on the event
     * @return the account's balance and version afterwards
     * @throws AccountNotFoundException if the account is not open
     */
    public BalanceChange deposit(AccountId accountId, long amount, ExecutionOptions options) {
        ExecutionResult result = executor.execute(new Deposit(accountId, amount), options);
        return change(accountId, result);
    }

    /**
     * Pays money out.
     *
     * @param accountId the account
     * @param amount cents
     * @param options correlation id and attributes stamped on the event
     * @return the account's balance and version afterwards
     * @throws AccountNotFoundException if the account is not open
     * @throws InsufficientFundsException if the balance is too small
     */
    public BalanceChange withdraw(AccountId accountId, long amount, ExecutionOptions options) {
        ExecutionResult result = executor.execute(new Withdraw(accountId, amount), options);
        return change(accountId, result);
    }

    /**
     * Moves money between two accounts atomically.
     *
     * @param from the paying account
     * @param to the receiving account
     * @param amount cents
     * @param options correlation id and attributes stamped on both events
     * @return both accounts afterwards
     * @throws IllegalArgumentException if {@code from} equals {@code to}
     * @throws AccountNotFoundException if either account is not open
     * @throws InsufficientFundsException if the paying balance is too small
     */
    public TransferResult transfer(AccountId from, AccountId to, long amount, ExecutionOptions options) {
        ExecutionResult result = executor.execute(new Transfer(from, to, amount), options);
        return new TransferResult(change(from, result), change(to, result), amount);
    }

    /**
     * Reads an account from its stream.
     *
     * @param accountId the account
     * @return the account, or empty if it was never opened
     */
    public Optional<AccountSnapshot> find(AccountId accountId) {
        List<EventEnvelope> events = store.readStream(accountId.streamId());
        AccountState state = AccountState.UNOPENED;
        for (EventEnvelope event : events) {
            state = state.apply(event.payloadAs(AccountEvent.class));
        }
        if (!state.open()) {
            return Optional.empty();
        }
        long version = events.get(events.size() - 1).version();
        return Optional.of(new AccountSnapshot(accountId, state.owner(), state.balance(), version));
    }

    /**
     * Reads an account's events with their envelopes.
     *
     * @param accountId the account
     * @return the events in version order; empty if the account was never opened
     */
    public List<EventEnvelope> history(AccountId accountId) {
        return store.readStream(accountId.streamId());
    }

    private static BalanceChange change(AccountId accountId, ExecutionResult result) {
        StreamId stream = accountId.streamId();
        for (EventEnvelope event : result.events()) {
            if (event.streamId().equals(stream)) {
                long balance = ((AccountEvent.Movement) event.payload()).balance();
                return new BalanceChange(accountId, balance, event.version(), event.position());
            }
        }
        throw new IllegalStateException("command wrote no event to " + stream);
    }
}
