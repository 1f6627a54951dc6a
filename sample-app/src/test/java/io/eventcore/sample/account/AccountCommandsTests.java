package io.eventcore.sample.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.eventcore.NewEvent;
import io.eventcore.StreamId;
import io.eventcore.sample.account.AccountEvent.AccountOpened;
import io.eventcore.sample.account.AccountEvent.MoneyDeposited;
import io.eventcore.sample.account.AccountEvent.MoneyWithdrawn;
import io.eventcore.sample.account.AccountEvent.TransferReceived;
import io.eventcore.sample.account.AccountEvent.TransferSent;
import io.eventcore.testing.CommandFixture;
import org.junit.jupiter.api.Test;

class AccountCommandsTests {

    private static final AccountId ALICE = AccountId.of("alice");
    private static final AccountId BOB = AccountId.of("bob");
    private static final StreamId ALICE_STREAM = ALICE.streamId();
    private static final StreamId BOB_STREAM = BOB.streamId();

    @Test
    void openWritesAccountOpenedOnAnEmptyStream() {
        CommandFixture.givenNoEvents()
                .when(new OpenAccount(ALICE, "Alice"))
                .then(NewEvent.of(ALICE_STREAM, new AccountOpened("alice", "Alice")));
    }

    @Test
    void openIsRejectedWhenTheAccountExists() {
        AccountAlreadyExistsException e = CommandFixture.given(ALICE_STREAM, new AccountOpened("alice", "Alice"))
                .when(new OpenAccount(ALICE, "Someone else"))
                .thenRejected(AccountAlreadyExistsException.class);
        assertThat(e.accountId()).isEqualTo(ALICE);
    }

    @Test
    void depositCarriesTheNewBalance() {
        CommandFixture.given(ALICE_STREAM, new AccountOpened("alice", "Alice"), new MoneyDeposited(100, 100))
                .when(new Deposit(ALICE, 50))
                .then(NewEvent.of(ALICE_STREAM, new MoneyDeposited(50, 150)));
    }

    @Test
    void depositIsRejectedWhenTheAccountIsNotOpen() {
        CommandFixture.givenNoEvents().when(new Deposit(ALICE, 50)).thenRejected(AccountNotFoundException.class);
    }

    @Test
    void depositIsRejectedWhenTheBalanceWouldOverflow() {
        CommandFixture.given(ALICE_STREAM, new AccountOpened("alice", "Alice"),
                        new MoneyDeposited(Long.MAX_VALUE - 10, Long.MAX_VALUE - 10))
                .when(new Deposit(ALICE, 11))
                .thenRejected(BalanceLimitExceededException.class);
    }

    @Test
    void withdrawalOfTheWholeBalanceLeavesZero() {
        CommandFixture.given(ALICE_STREAM, new AccountOpened("alice", "Alice"), new MoneyDeposited(100, 100))
                .when(new Withdraw(ALICE, 100))
                .then(NewEvent.of(ALICE_STREAM, new MoneyWithdrawn(100, 0)));
    }

    @Test
    void withdrawalIsRejectedWhenItWouldOverdraw() {
        InsufficientFundsException e = CommandFixture
                .given(ALICE_STREAM, new AccountOpened("alice", "Alice"), new MoneyDeposited(100, 100))
                .when(new Withdraw(ALICE, 101))
                .thenRejected(InsufficientFundsException.class);
        assertThat(e.balance()).isEqualTo(100);
        assertThat(e.amount()).isEqualTo(101);
    }

    @Test
    void transferWritesOneEventOnEachAccount() {
        CommandFixture.given(ALICE_STREAM, new AccountOpened("alice", "Alice"), new MoneyDeposited(100, 100))
                .given(BOB_STREAM, new AccountOpened("bob", "Bob"))
                .when(new Transfer(ALICE, BOB, 30))
                .then(NewEvent.of(ALICE_STREAM, new TransferSent("bob", 30, 70)),
                        NewEvent.of(BOB_STREAM, new TransferReceived("alice", 30, 30)));
    }

    @Test
    void transferIsRejectedWhenTheReceiverDoesNotExist() {
        AccountNotFoundException e = CommandFixture
                .given(ALICE_STREAM, new AccountOpened("alice", "Alice"), new MoneyDeposited(100, 100))
                .when(new Transfer(ALICE, BOB, 30))
                .thenRejected(AccountNotFoundException.class);
        assertThat(e.accountId()).isEqualTo(BOB);
    }

    @Test
    void transferIsRejectedWhenItWouldOverdrawTheSender() {
        CommandFixture.given(ALICE_STREAM, new AccountOpened("alice", "Alice"), new MoneyDeposited(10, 10))
                .given(BOB_STREAM, new AccountOpened("bob", "Bob"))
                .when(new Transfer(ALICE, BOB, 11))
                .thenRejected(InsufficientFundsException.class);
    }

    @Test
    void transferToTheSameAccountCannotBeCreated() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Transfer(ALICE, ALICE, 1))
                .withMessageContaining("to must differ from from");
    }

    @Test
    void amountsOutsideOneCentToTheMaximumCannotBeCreated() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Deposit(ALICE, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Withdraw(ALICE, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new Deposit(ALICE, Amounts.MAX + 1));
        assertThat(new Deposit(ALICE, Amounts.MAX).amount()).isEqualTo(Amounts.MAX);
    }

    @Test
    void accountIdsFollowTheStreamIdRulesAndNameTheField() {
        assertThat(AccountId.problem("alice")).isNull();
        assertThat(AccountId.problem(" ")).isEqualTo("must not be blank");
        assertThat(AccountId.problem("a*b")).startsWith("must not contain '*'");
        assertThat(AccountId.problem("a\u0001b")).startsWith("must not contain control characters");
        assertThat(AccountId.problem("x".repeat(AccountId.MAX_LENGTH))).isNull();
        assertThat(AccountId.problem("x".repeat(AccountId.MAX_LENGTH + 1))).startsWith("must be at most");
        assertThatIllegalArgumentException().isThrownBy(() -> AccountId.of("a?")).withMessageStartingWith("accountId ");
        assertThat(AccountId.of("x".repeat(AccountId.MAX_LENGTH)).streamId().value()).hasSize(StreamId.MAX_LENGTH);
    }

    @Test
    void accountIdIsRecoveredFromItsStreamOnly() {
        assertThat(AccountId.fromStream(ALICE_STREAM)).isEqualTo(ALICE);
        assertThat(AccountId.fromStream(StreamId.of("order-1"))).isNull();
        assertThat(AccountId.fromStream(StreamId.of("account- "))).isNull();
    }
}
