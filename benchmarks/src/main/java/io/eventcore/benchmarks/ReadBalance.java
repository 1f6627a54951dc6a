package io.eventcore.benchmarks;

import io.eventcore.CommandRejectedException;
import io.eventcore.NewEvent;
import io.eventcore.StreamId;
import java.util.List;

/**
 * Rebuilds an account's state and writes nothing: the read half of every command. Fails if the
 * balance is not the one expected, so a partial read cannot pass for a fast one.
 */
record ReadBalance(StreamId account, long expectedBalance) implements BalanceCommand {

    @Override
    public List<NewEvent<AccountEvent>> decide(Long balance) {
        if (balance != expectedBalance) {
            throw new CommandRejectedException(
                    account + " has balance " + balance + ", expected " + expectedBalance
                            + ": the read was incomplete");
        }
        return List.of();
    }
}
