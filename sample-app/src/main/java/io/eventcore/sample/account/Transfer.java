package io.eventcore.sample.account;

import io.eventcore.Command;
import io.eventcore.NewEvent;
import io.eventcore.StreamId;
import io.eventcore.sample.account.AccountEvent.TransferReceived;
import io.eventcore.sample.account.AccountEvent.TransferSent;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Moves money between two open accounts: a multi-stream command. Both streams are read, and both
 * events are appended in one atomic write checked against the versions read, so a transfer can
 * neither half-happen nor overdraw an account that changed meanwhile.
 *
 * @param from the paying account
 * @param to the receiving account, different from {@code from}
 * @param amount cents, between 1 and {@link Amounts#MAX}
 */
public record Transfer(AccountId from, AccountId to, long amount) implements Command<Transfer.State, AccountEvent> {

    /** Validates the arguments. */
    public Transfer {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        if (from.equals(to)) {
            throw new IllegalArgumentException("to must differ from from, both were '" + from + "'");
        }
        Amounts.check(amount);
    }

    /**
     * The two accounts as folded so far.
     *
     * @param from the paying account
     * @param to the receiving account
     */
    public record State(AccountState from, AccountState to) {}

    @Override
    public Collection<StreamId> streams() {
        return List.of(from.streamId(), to.streamId());
    }

    @Override
    public Class<AccountEvent> eventType() {
        return AccountEvent.class;
    }

    @Override
    public State initialState() {
        return new State(AccountState.UNOPENED, AccountState.UNOPENED);
    }

    @Override
    public State apply(State state, StreamId stream, AccountEvent event) {
        return stream.equals(from.streamId())
                ? new State(state.from().apply(event), state.to())
                : new State(state.from(), state.to().apply(event));
    }

    /**
     * Decides the transfer.
     *
     * @throws AccountNotFoundException if either account is not open ({@code from} is checked
     *     first)
     * @throws InsufficientFundsException if the paying account's balance is smaller than the amount
     * @throws BalanceLimitExceededException if the receiving balance would overflow
     */
    @Override
    public List<NewEvent<AccountEvent>> decide(State state) {
        if (!state.from().open()) {
            throw new AccountNotFoundException(from);
        }
        if (!state.to().open()) {
            throw new AccountNotFoundException(to);
        }
        long fromBalance = state.from().balance();
        if (fromBalance < amount) {
            throw new InsufficientFundsException(from, fromBalance, amount);
        }
        long toBalance = Amounts.credit(to, state.to().balance(), amount);
        return List.of(
                NewEvent.of(from.streamId(), new TransferSent(to.value(), amount, fromBalance - amount)),
                NewEvent.of(to.streamId(), new TransferReceived(from.value(), amount, toBalance)));
    }
}
