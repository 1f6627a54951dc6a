package io.eventcore.sample.account;

import io.eventcore.sample.account.AccountEvent.AccountOpened;
import io.eventcore.sample.account.AccountEvent.MoneyDeposited;
import io.eventcore.sample.account.AccountEvent.MoneyWithdrawn;
import io.eventcore.sample.account.AccountEvent.TransferReceived;
import io.eventcore.sample.account.AccountEvent.TransferSent;

/**
 * An account as folded from its stream: what commands decide on.
 *
 * @param open whether the account has been opened
 * @param owner the owner; empty while not open
 * @param balance the balance in cents
 */
public record AccountState(boolean open, String owner, long balance) {

    /** An account that has not been opened. */
    public static final AccountState UNOPENED = new AccountState(false, "", 0);

    /**
     * Folds one event into the state. Balances are summed from amounts, the authoritative record;
     * the balance an event carries is a convenience for readers.
     *
     * @param event the next event of the account's stream
     * @return the state after it
     */
    public AccountState apply(AccountEvent event) {
        if (event instanceof AccountOpened opened) {
            return new AccountState(true, opened.owner(), 0);
        }
        if (event instanceof MoneyDeposited deposited) {
            return withBalance(balance + deposited.amount());
        }
        if (event instanceof MoneyWithdrawn withdrawn) {
            return withBalance(balance - withdrawn.amount());
        }
        if (event instanceof TransferSent sent) {
            return withBalance(balance - sent.amount());
        }
        if (event instanceof TransferReceived received) {
            return withBalance(balance + received.amount());
        }
        throw new IllegalStateException("unknown account event " + event.getClass().getName());
    }

    private AccountState withBalance(long newBalance) {
        return new AccountState(open, owner, newBalance);
    }
}
