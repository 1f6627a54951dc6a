package io.eventcore.benchmarks;

import io.eventcore.CommandRejectedException;
import io.eventcore.NewEvent;
import io.eventcore.PerStreamCommand;
import io.eventcore.StreamId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Moves money between two accounts atomically: both streams are read, checked and written
 * together. Each account's balance is folded on its own, under the same key as {@link Deposit},
 * so the executor caches both balances and folds only the events after them.
 */
record Transfer(StreamId from, StreamId to, long amount) implements PerStreamCommand<Long, AccountEvent> {

    @Override
    public Collection<StreamId> streams() {
        return List.of(from, to);
    }

    @Override
    public Class<AccountEvent> eventType() {
        return AccountEvent.class;
    }

    @Override
    public Object stateKey() {
        return Long.class;
    }

    @Override
    public Long initialStreamState() {
        return 0L;
    }

    @Override
    public Long applyToStream(Long balance, AccountEvent event) {
        return balance + event.delta();
    }

    @Override
    public List<NewEvent<AccountEvent>> decide(Map<StreamId, Long> balances) {
        long balance = balances.get(from);
        if (balance < amount) {
            throw new CommandRejectedException(
                    "insufficient funds in " + from + ": balance " + balance + ", transfer " + amount);
        }
        return List.of(NewEvent.of(from, new AccountEvent.Withdrawn(amount)),
                NewEvent.of(to, new AccountEvent.Deposited(amount)));
    }
}
