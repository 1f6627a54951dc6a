package io.eventcore.benchmarks;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

/** The account as an Axon event-sourced aggregate: the same rules as {@link Deposit} and {@link Transfer}. */
class AxonAccount {

    @AggregateIdentifier
    private @Nullable String id;

    private long balance;

    AxonAccount() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(DepositMoney command) {
        if (command.amount() <= 0 || balance + command.amount() < balance) {
            throw new IllegalArgumentException("deposit of " + command.amount() + " is not allowed");
        }
        apply(new MoneyDeposited(command.accountId(), command.amount()));
    }

    void withdraw(long amount) {
        if (balance < amount) {
            throw new IllegalStateException(
                    "insufficient funds in " + id + ": balance " + balance + ", transfer " + amount);
        }
        apply(new MoneyWithdrawn(id, amount));
    }

    void deposit(long amount) {
        apply(new MoneyDeposited(id, amount));
    }

    @EventSourcingHandler
    void on(MoneyDeposited event) {
        id = event.accountId();
        balance += event.amount();
    }

    @EventSourcingHandler
    void on(MoneyWithdrawn event) {
        balance -= event.amount();
    }

    /** Deposit into one account, created on first use. */
    record DepositMoney(@TargetAggregateIdentifier String accountId, long amount) {}

    /** Transfer between two accounts, handled outside the aggregate. */
    record TransferMoney(String from, String to, long amount) {}

    /** Money paid into an account. */
    record MoneyDeposited(String accountId, long amount) {}

    /** Money taken out of an account. */
    record MoneyWithdrawn(@Nullable String accountId, long amount) {}
}
