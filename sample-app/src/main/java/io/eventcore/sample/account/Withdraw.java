package io.eventcore.sample.account;

import io.eventcore.NewEvent;
import io.eventcore.sample.account.AccountEvent.MoneyWithdrawn;
import java.util.List;
import java.util.Objects;

/**
 * Pays money out of an open account, never below zero.
 *
 * @param accountId the account
 * @param amount cents, between 1 and {@link Amounts#MAX}
 */
public record Withdraw(AccountId accountId, long amount) implements AccountCommand {

    /** Validates the arguments. */
    public Withdraw {
        Objects.requireNonNull(accountId, "accountId must not be null");
        Amounts.check(amount);
    }

    /**
     * Decides the withdrawal.
     *
     * @throws AccountNotFoundException if the account is not open
     * @throws InsufficientFundsException if the balance is smaller than the amount
     */
    @Override
    public List<NewEvent<AccountEvent>> decide(AccountState state) {
        if (!state.open()) {
            throw new AccountNotFoundException(accountId);
        }
        if (state.balance() < amount) {
            throw new InsufficientFundsException(accountId, state.balance(), amount);
        }
        return List.of(NewEvent.of(accountId.streamId(), new MoneyWithdrawn(amount, state.balance() - amount)));
    }
}
