package io.eventcore.sample.account;

import io.eventcore.NewEvent;
import io.eventcore.sample.account.AccountEvent.MoneyDeposited;
import java.util.List;
import java.util.Objects;

/**
 * Pays money into an open account.
 *
 * @param accountId the account
 * @param amount cents, between 1 and {@link Amounts#MAX}
 */
public record Deposit(AccountId accountId, long amount) implements AccountCommand {

    /** Validates the arguments. */
    public Deposit {
        Objects.requireNonNull(accountId, "accountId must not be null");
        Amounts.check(amount);
    }

    /**
     * Decides the deposit.
     *
     * @throws AccountNotFoundException if the account is not open
     * @throws BalanceLimitExceededException if the balance would overflow
     */
    @Override
    public List<NewEvent<AccountEvent>> decide(AccountState state) {
        if (!state.open()) {
            throw new AccountNotFoundException(accountId);
        }
        long balance = Amounts.credit(accountId, state.balance(), amount);
        return List.of(NewEvent.of(accountId.streamId(), new MoneyDeposited(amount, balance)));
    }
}
