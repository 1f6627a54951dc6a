package io.eventcore.autoconfigure.app;

import io.eventcore.Command;
import io.eventcore.CommandRejectedException;
import io.eventcore.EventType;
import io.eventcore.NewEvent;
import io.eventcore.StreamId;
import java.util.Collection;
import java.util.List;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The test application: the starter's auto-configuration and nothing else. */
@SpringBootApplication
public class BankApplication {

    /** Every event of an account. */
    public sealed interface AccountEvent permits Deposited, Withdrawn {
    }

    /**
     * Money paid in.
     *
     * @param amount the amount
     */
    @EventType("bank-deposited")
    public record Deposited(long amount) implements AccountEvent {
    }

    /**
     * Money taken out.
     *
     * @param amount the amount
     */
    @EventType("bank-withdrawn")
    public record Withdrawn(long amount) implements AccountEvent {
    }

    /**
     * Pays into one account.
     *
     * @param account the account
     * @param amount the amount
     */
    public record Deposit(StreamId account, long amount) implements Command<Long, AccountEvent> {
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
            return balance + delta(event);
        }

        @Override
        public List<NewEvent<AccountEvent>> decide(Long balance) {
            return List.of(NewEvent.of(account, new Deposited(amount)));
        }
    }

    /**
     * Moves money between two accounts, rejecting overdrafts.
     *
     * @param from the account paying
     * @param to the account paid
     * @param amount the amount
     */
    public record Transfer(StreamId from, StreamId to, long amount) implements Command<long[], AccountEvent> {
        @Override
        public Collection<StreamId> streams() {
            return List.of(from, to);
        }

        @Override
        public Class<AccountEvent> eventType() {
            return AccountEvent.class;
        }

        @Override
        public long[] initialState() {
            return new long[2];
        }

        @Override
        public long[] apply(long[] state, StreamId stream, AccountEvent event) {
            long[] next = state.clone();
            next[stream.equals(from) ? 0 : 1] += delta(event);
            return next;
        }

        @Override
        public List<NewEvent<AccountEvent>> decide(long[] state) {
            if (state[0] < amount) {
                throw new CommandRejectedException("insufficient funds: " + state[0] + " < " + amount);
            }
            return List.of(NewEvent.of(from, new Withdrawn(amount)), NewEvent.of(to, new Deposited(amount)));
        }
    }

    static long delta(AccountEvent event) {
        return event instanceof Deposited deposited ? deposited.amount() : -((Withdrawn) event).amount();
    }
}
