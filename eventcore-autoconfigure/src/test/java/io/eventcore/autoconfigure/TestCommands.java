package io.eventcore.autoconfigure;

import io.eventcore.Command;
import io.eventcore.CommandRejectedException;
import io.eventcore.NewEvent;
import io.eventcore.StreamId;
import io.eventcore.testing.TestEvents.Deposited;
import io.eventcore.testing.TestEvents.Event;
import io.eventcore.testing.TestEvents.Withdrawn;
import java.util.Collection;
import java.util.List;

/** Small bank commands over the core test kit's events. */
public final class TestCommands {

    private TestCommands() {
    }

    /** Deposits into one account: a single-stream command. */
    public record Deposit(StreamId account, long amount) implements Command<Long, Event> {
        @Override
        public Collection<StreamId> streams() {
            return List.of(account);
        }

        @Override
        public Class<Event> eventType() {
            return Event.class;
        }

        @Override
        public Long initialState() {
            return 0L;
        }

        @Override
        public Long apply(Long balance, StreamId stream, Event event) {
            return fold(balance, event);
        }

        @Override
        public List<NewEvent<Event>> decide(Long balance) {
            return List.of(NewEvent.of(account, new Deposited(amount)));
        }
    }

    /** Moves money between two accounts, rejecting overdrafts: a multi-stream command. */
    public record Transfer(StreamId from, StreamId to, long amount) implements Command<long[], Event> {
        @Override
        public Collection<StreamId> streams() {
            return List.of(from, to);
        }

        @Override
        public Class<Event> eventType() {
            return Event.class;
        }

        @Override
        public long[] initialState() {
            return new long[2];
        }

        @Override
        public long[] apply(long[] state, StreamId stream, Event event) {
            long[] next = state.clone();
            int i = stream.equals(from) ? 0 : 1;
            next[i] = fold(state[i], event);
            return next;
        }

        @Override
        public List<NewEvent<Event>> decide(long[] state) {
            if (state[0] < amount) {
                throw new CommandRejectedException("insufficient funds: " + state[0] + " < " + amount);
            }
            return List.of(NewEvent.of(from, new Withdrawn(amount)), NewEvent.of(to, new Deposited(amount)));
        }
    }

    static long fold(long balance, Event event) {
        if (event instanceof Deposited deposited) {
            return balance + deposited.amount();
        }
        if (event instanceof Withdrawn withdrawn) {
            return balance - withdrawn.amount();
        }
        return balance;
    }
}
