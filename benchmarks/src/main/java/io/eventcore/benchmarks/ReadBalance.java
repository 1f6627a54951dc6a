package io.eventcore.benchmarks;

import io.eventcore.Command;
import io.eventcore.CommandRejectedException;
import io.eventcore.NewEvent;
import io.eventcore.StreamId;
import java.util.Collection;
import java.util.List;

/**
 * Rebuilds an account's state and writes nothing: the read half of every command. Fails if the
 * balance is not the one expected, so a partial read cannot pass for a fast one.
 */
record ReadBalance(StreamId account, long expectedBalance) implements Command<Long, AccountEvent> {

    @Override
    public Collection<StreamId> streams() {
        return List.of(account);
    }

    @Override
    public Class<AccountEvent> eventType() {
        return AccountEvent.class;
    }

    @Override
    public Long initialState() {
        return 0L;
    }

    @Override
    public Long apply(Long balance, StreamId stream, AccountEvent event) {
        return balance + event.delta();
    }

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
