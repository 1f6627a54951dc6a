package io.eventcore.sample.account;

import io.eventcore.PerStreamCommand;
import io.eventcore.NewEvent;
import io.eventcore.StreamId;
import io.eventcore.sample.account.AccountEvent.TransferReceived;
import io.eventcore.sample.account.AccountEvent.TransferSent;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Moves money between two open accounts: a multi-stream command. Both streams are read, and both
 * events are appended in one atomic write checked against the versions read, so a transfer can
 * neither half-happen nor overdraw an account that changed meanwhile. Each account folds into its
 * own {@link AccountState}, which the executor caches per account.
 *
 * @param from the paying account
 * @param to the receiving account, different from {@code from}
 * @param amount cents, between 1 and {@link Amounts#MAX}
 */
public record Transfer(AccountId from, AccountId to, long amount) implements PerStreamCommand<AccountState, AccountEvent> {

    /** Validates the arguments. */
    public Transfer {
        Objects.requireNonNull(from, "from must not be null");
        Objects.requireNonNull(to, "to must not be null");
        if (from.equals(to)) {
            throw new IllegalArgumentException("to must differ from from, both were '" + from + "'");
        }
        Amounts.check(amount);
    }

    @Override
    public Collection<StreamId> streams() {
        return List.of(from.streamId(), to.streamId());
    }

    @Override
    public Class<AccountEvent> eventType() {
        return AccountEvent.class;
    }

    /** Shared with the single-account commands, so every command on an account starts from its cached state. */
    @Override
    public Object stateKey() {
        return AccountCommand.STATE_KEY;
    }

    @Override
    public AccountState initialStreamState() {
        return AccountState.UNOPENED;
    }

    @Override
    public AccountState applyToStream(AccountState state, AccountEvent event) {
        return state.apply(event);
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
    public List<NewEvent<AccountEvent>> decide(Map<StreamId, AccountState> accounts) {
        AccountState payer = accounts.get(from.streamId());
        AccountState payee = accounts.get(to.streamId());
        if (!payer.open()) {
            throw new AccountNotFoundException(from);
        }
        if (!payee.open()) {
            throw new AccountNotFoundException(to);
        }
        long fromBalance = payer.balance();
        if (fromBalance < amount) {
            throw new InsufficientFundsException(from, fromBalance, amount);
        }
        long toBalance = Amounts.credit(to, payee.balance(), amount);
        return List.of(
                NewEvent.of(from.streamId(), new TransferSent(to.value(), amount, fromBalance - amount)),
                NewEvent.of(to.streamId(), new TransferReceived(from.value(), amount, toBalance)));
    }
}
