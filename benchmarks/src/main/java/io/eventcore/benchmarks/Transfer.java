package io.eventcore.benchmarks;

import io.eventcore.Command;
import io.eventcore.CommandRejectedException;
import io.eventcore.NewEvent;
import io.eventcore.StreamId;
import java.util.Collection;
import java.util.List;

/** Moves money between two accounts atomically: both streams are read, checked and written together. */
record Transfer(StreamId from, StreamId to, long amount) implements Command<Transfer.Balances, AccountEvent> {

    /** Balances of the two accounts. */
    record Balances(long from, long to) {}

    @Override
    public Collection<StreamId> streams() {
        return List.of(from, to);
    }

    @Override
    public Class<AccountEvent> eventType() {
        return AccountEvent.class;
    }

    @Override
    public Balances initialState() {
        return new Balances(0, 0);
    }

    @Override
    public Balances apply(Balances balances, StreamId stream, AccountEvent event) {
        return stream.equals(from)
                ? new Balances(balances.from() + event.delta(), balances.to())
                : new Balances(balances.from(), balances.to() + event.delta());
    }

    @Override
    public List<NewEvent<AccountEvent>> decide(Balances balances) {
        if (balances.from() < amount) {
            throw new CommandRejectedException(
                    "insufficient funds in " + from + ": balance " + balances.from() + ", transfer " + amount);
        }
        return List.of(NewEvent.of(from, new AccountEvent.Withdrawn(amount)),
                NewEvent.of(to, new AccountEvent.Deposited(amount)));
    }
}
