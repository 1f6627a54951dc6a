package io.eventcore.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.eventcore.Command;
import io.eventcore.CommandRejectedException;
import io.eventcore.EventSerializationException;
import io.eventcore.EventTypeMismatchException;
import io.eventcore.ExecutionOptions;
import io.eventcore.ExecutionResult;
import io.eventcore.NewEvent;
import io.eventcore.StatelessCommand;
import io.eventcore.StreamId;
import io.eventcore.StreamLimitExceededException;
import io.eventcore.UndeclaredStreamException;
import io.eventcore.serialization.EventTypeRegistry;
import io.eventcore.store.EventEnvelope;
import io.eventcore.testing.TestEvents.Deposited;
import io.eventcore.testing.TestEvents.Event;
import io.eventcore.testing.TestEvents.Noted;
import io.eventcore.testing.TestEvents.Withdrawn;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link CommandFixture} passes exactly when the command did what was expected. */
class CommandFixtureTests {

    private static final StreamId ALICE = StreamId.of("account-alice");
    private static final StreamId BOB = StreamId.of("account-bob");

    @Test
    void thenPassesWhenCommandWritesExactlyTheExpectedEvents() {
        ExecutionResult result = CommandFixture.given(ALICE, new Deposited(100))
                .when(new Withdraw(ALICE, 30))
                .then(NewEvent.of(ALICE, new Withdrawn(30)));

        assertThat(result.events()).singleElement().satisfies(event -> {
            assertThat(event.version()).isEqualTo(2);
            assertThat(event.type()).isEqualTo("test-withdrawn");
        });
        assertThat(result.attempts()).isEqualTo(1);
    }

    @Test
    void givenEventsAreHistoryNotNewEvents() {
        CommandFixture.Outcome outcome = CommandFixture.given(ALICE, new Deposited(100)).when(new Deposit(ALICE, 5));

        outcome.then(NewEvent.of(ALICE, new Deposited(5)));
        assertThatThrownBy(() -> outcome.then(NewEvent.of(ALICE, new Deposited(100)), NewEvent.of(ALICE, new Deposited(5))))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void thenFailsListingExpectedAndWrittenEventsWhenPayloadsDiffer() {
        CommandFixture.Outcome outcome = CommandFixture.given(ALICE, new Deposited(100)).when(new Withdraw(ALICE, 30));

        assertThatThrownBy(() -> outcome.then(NewEvent.of(ALICE, new Withdrawn(31))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("expected Withdraw to write:\n  account-alice: Withdrawn[amount=31]")
                .hasMessageContaining("but it wrote:\n  account-alice: Withdrawn[amount=30]");
    }

    @Test
    void thenFailsWhenEventGoesToAnotherStream() {
        CommandFixture.Outcome outcome = CommandFixture.given(ALICE, new Deposited(100))
                .given(BOB, new Deposited(1))
                .when(new Transfer(ALICE, BOB, 40));

        assertThatThrownBy(() -> outcome.then(NewEvent.of(ALICE, new Withdrawn(40)), NewEvent.of(ALICE, new Deposited(40))))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void thenComparesEventsInOrder() {
        CommandFixture.Outcome outcome = CommandFixture.given(ALICE, new Deposited(100))
                .given(BOB, new Deposited(1))
                .when(new Transfer(ALICE, BOB, 40));

        outcome.then(NewEvent.of(ALICE, new Withdrawn(40)), NewEvent.of(BOB, new Deposited(40)));
        assertThatThrownBy(() -> outcome.then(NewEvent.of(BOB, new Deposited(40)), NewEvent.of(ALICE, new Withdrawn(40))))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void thenWithoutEventsPassesOnlyWhenCommandWritesNothing() {
        CommandFixture.givenNoEvents().when(new Deposit(ALICE, 0)).then();

        assertThatThrownBy(() -> CommandFixture.givenNoEvents().when(new Deposit(ALICE, 1)).then())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to write no events")
                .hasMessageContaining("account-alice: Deposited[amount=1]");
    }

    @Test
    void thenRejectedReturnsTheRejectionOfTheExpectedType() {
        InsufficientFundsException rejection = CommandFixture.given(ALICE, new Deposited(10))
                .when(new Withdraw(ALICE, 30))
                .thenRejected(InsufficientFundsException.class);

        assertThat(rejection.reason()).isEqualTo("balance 10 is less than 30");
    }

    @Test
    void thenRejectedBecauseComparesTheReason() {
        CommandFixture.Outcome outcome = CommandFixture.given(ALICE, new Deposited(10)).when(new Withdraw(ALICE, 30));

        outcome.thenRejectedBecause("balance 10 is less than 30");
        assertThatThrownBy(() -> outcome.thenRejectedBecause("closed"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("rejected because \"balance 10 is less than 30\"");
    }

    @Test
    void thenRejectedFailsListingEventsWhenCommandSucceeds() {
        CommandFixture.Outcome outcome = CommandFixture.given(ALICE, new Deposited(100)).when(new Withdraw(ALICE, 30));

        assertThatThrownBy(() -> outcome.thenRejected(InsufficientFundsException.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(InsufficientFundsException.class.getName())
                .hasMessageContaining("but it succeeded and wrote:\n  account-alice: Withdrawn[amount=30]");
    }

    @Test
    void thenFailsWithCauseWhenEventsWereExpectedButCommandWasRejected() {
        CommandFixture.Outcome outcome = CommandFixture.givenNoEvents().when(new Withdraw(ALICE, 30));

        assertThatThrownBy(() -> outcome.then(NewEvent.of(ALICE, new Withdrawn(30))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but it failed with")
                .hasCauseInstanceOf(InsufficientFundsException.class);
        assertThatThrownBy(outcome::thenSucceeds).isInstanceOf(AssertionError.class);
    }

    @Test
    void thenFailsMatchesExecutorErrors() {
        UndeclaredStreamException undeclared = CommandFixture.givenNoEvents()
                .when(new WriteElsewhere(ALICE, BOB))
                .thenFails(UndeclaredStreamException.class);

        assertThat(undeclared.streamId()).isEqualTo(BOB);
    }

    @Test
    void thenFailsRejectsAnotherExceptionType() {
        CommandFixture.Outcome outcome = CommandFixture.givenNoEvents().when(new WriteElsewhere(ALICE, BOB));

        assertThatThrownBy(() -> outcome.thenFails(IllegalStateException.class))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to fail with java.lang.IllegalStateException")
                .hasCauseInstanceOf(UndeclaredStreamException.class);
        assertThatThrownBy(() -> outcome.thenRejected(CommandRejectedException.class)).isInstanceOf(AssertionError.class);
    }

    @Test
    void commandReadingAnEventOfAnotherTypeFailsWithTypeMismatch() {
        CommandFixture.given(ALICE, new Noted("not money"))
                .when(new DepositsOnly(ALICE))
                .thenFails(EventTypeMismatchException.class);
    }

    @Test
    void executionAttributesAreOverlaidWithEventAttributes() {
        ExecutionOptions options = ExecutionOptions.DEFAULTS.withAttributes(Map.of("user", "alice", "channel", "web"));

        CommandFixture.Outcome outcome = CommandFixture.givenNoEvents().when(new Deposit(ALICE, 5, Map.of("channel", "atm")), options);

        outcome.then(new NewEvent<>(ALICE, new Deposited(5), Map.of("channel", "atm", "user", "alice")));
        assertThatThrownBy(() -> outcome.then(NewEvent.of(ALICE, new Deposited(5))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("{channel=atm, user=alice}");
    }

    @Test
    void blindAppendCommandsRunThroughTheFixture() {
        CommandFixture.given(ALICE, new Noted("old"))
                .when(new Note(ALICE, "new"))
                .then(NewEvent.of(ALICE, new Noted("new")));
    }

    @Test
    void laterWhenSeesEarlierOutcomesButReportsOnlyItsOwnEvents() {
        CommandFixture.Scenario scenario = CommandFixture.given(ALICE, new Deposited(50));

        scenario.when(new Withdraw(ALICE, 30)).then(NewEvent.of(ALICE, new Withdrawn(30)));

        scenario.when(new Withdraw(ALICE, 30)).thenRejected(InsufficientFundsException.class);
        assertThat(scenario.store().readStream(ALICE)).extracting(EventEnvelope::payload)
                .containsExactly(new Deposited(50), new Withdrawn(30));
    }

    @Test
    void withTypesNamesEventsRegisteredWithoutAnnotation() {
        EventTypeRegistry types = new EventTypeRegistry().register("renamed-note", Unannotated.class);
        CommandFixture.Scenario scenario = CommandFixture.given(ALICE, new Unannotated("before")).withTypes(types);

        scenario.when(new UnannotatedNote(ALICE, "after")).then(NewEvent.of(ALICE, new Unannotated("after")));

        assertThat(scenario.store().readStream(ALICE)).extracting(EventEnvelope::type)
                .containsExactly("renamed-note", "renamed-note");
    }

    @Test
    void givenEventWithoutTypeNameFailsWhenTheScenarioRuns() {
        CommandFixture.Scenario scenario = CommandFixture.given(ALICE, new Unannotated("x"));

        assertThatThrownBy(() -> scenario.when(new Deposit(ALICE, 1)))
                .isInstanceOf(EventSerializationException.class)
                .hasMessageContaining(Unannotated.class.getName());
    }

    @Test
    void withExecutorCustomizesTheExecutor() {
        CommandFixture.given(ALICE, new Deposited(100))
                .withExecutor(builder -> builder.maxStreamsPerCommand(1))
                .when(new Transfer(ALICE, BOB, 10))
                .thenFails(StreamLimitExceededException.class);
    }

    // ---- commands under test -----------------------------------------------------------------

    static final class InsufficientFundsException extends CommandRejectedException {

        private static final long serialVersionUID = 1L;

        InsufficientFundsException(long balance, long amount) {
            super("balance " + balance + " is less than " + amount);
        }
    }

    /** Balance of accounts, folded from deposits and withdrawals. */
    interface BalanceCommand extends Command<Long, Event> {

        @Override
        default Class<Event> eventType() {
            return Event.class;
        }

        @Override
        default Long initialState() {
            return 0L;
        }

        @Override
        default Long apply(Long balance, StreamId stream, Event event) {
            if (event instanceof Deposited deposited) {
                return balance + deposited.amount();
            }
            if (event instanceof Withdrawn withdrawn) {
                return balance - withdrawn.amount();
            }
            return balance;
        }
    }

    record Deposit(StreamId account, long amount, Map<String, String> attributes) implements BalanceCommand {

        Deposit(StreamId account, long amount) {
            this(account, amount, Map.of());
        }

        @Override
        public Collection<StreamId> streams() {
            return List.of(account);
        }

        @Override
        public List<NewEvent<Event>> decide(Long balance) {
            return amount == 0 ? List.of() : List.of(new NewEvent<>(account, new Deposited(amount), attributes));
        }
    }

    record Withdraw(StreamId account, long amount) implements BalanceCommand {

        @Override
        public Collection<StreamId> streams() {
            return List.of(account);
        }

        @Override
        public List<NewEvent<Event>> decide(Long balance) {
            if (balance < amount) {
                throw new InsufficientFundsException(balance, amount);
            }
            return List.of(NewEvent.of(account, new Withdrawn(amount)));
        }
    }

    /** Balance of the source account only: the target is read for its version, not its money. */
    record Transfer(StreamId from, StreamId to, long amount) implements BalanceCommand {

        @Override
        public Collection<StreamId> streams() {
            return List.of(from, to);
        }

        @Override
        public Long apply(Long balance, StreamId stream, Event event) {
            return stream.equals(from) ? BalanceCommand.super.apply(balance, stream, event) : balance;
        }

        @Override
        public List<NewEvent<Event>> decide(Long balance) {
            if (balance < amount) {
                throw new InsufficientFundsException(balance, amount);
            }
            return List.of(NewEvent.of(from, new Withdrawn(amount)), NewEvent.of(to, new Deposited(amount)));
        }
    }

    record WriteElsewhere(StreamId read, StreamId written) implements BalanceCommand {

        @Override
        public Collection<StreamId> streams() {
            return List.of(read);
        }

        @Override
        public List<NewEvent<Event>> decide(Long balance) {
            return List.of(NewEvent.of(written, new Deposited(1)));
        }
    }

    record DepositsOnly(StreamId account) implements Command<Long, Deposited> {

        @Override
        public Collection<StreamId> streams() {
            return List.of(account);
        }

        @Override
        public Class<Deposited> eventType() {
            return Deposited.class;
        }

        @Override
        public Long initialState() {
            return 0L;
        }

        @Override
        public Long apply(Long state, StreamId stream, Deposited event) {
            return state + event.amount();
        }

        @Override
        public List<NewEvent<Deposited>> decide(Long state) {
            return List.of();
        }
    }

    record Note(StreamId stream, String text) implements StatelessCommand<Event> {

        @Override
        public Collection<StreamId> streams() {
            return List.of(stream);
        }

        @Override
        public List<NewEvent<Event>> decide() {
            return List.of(NewEvent.of(stream, new Noted(text)));
        }
    }

    /** An event class named only by explicit registration. */
    record Unannotated(String text) {}

    record UnannotatedNote(StreamId stream, String text) implements StatelessCommand<Unannotated> {

        @Override
        public Collection<StreamId> streams() {
            return List.of(stream);
        }

        @Override
        public List<NewEvent<Unannotated>> decide() {
            return List.of(NewEvent.of(stream, new Unannotated(text)));
        }
    }
}
