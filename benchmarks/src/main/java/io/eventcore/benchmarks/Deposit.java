package io.eventcore.benchmarks;

import io.eventcore.CommandRejectedException;
import io.eventcore.NewEvent;
import io.eventcore.StreamId;
import java.util.List;

/** Deposits into one account: reads its balance, checks the amount, appends one event. */
record Deposit(StreamId account, long amount) implements BalanceCommand {

    @Override
    public Object stateKey() {
        // The balance fold depends on the events only, so deposits share the cached balance.
        return Long.class;
    }

    @Override
    public List<NewEvent<AccountEvent>> decide(Long balance) {
        if (amount <= 0 || balance + amount < balance) {
            throw new CommandRejectedException("deposit of " + amount + " into " + account + " is not allowed");
        }
        return List.of(NewEvent.of(account, new AccountEvent.Deposited(amount)));
    }
}
