package io.eventcore.benchmarks;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;

/**
 * Transfers the way an Axon user would without an atomic multi-aggregate command: both
 * aggregates are loaded in the command's unit of work, so both appends share its one JDBC
 * transaction. Loading in id order keeps Axon's per-aggregate locks from deadlocking.
 */
class AxonTransferHandler {

    private final Repository<AxonAccount> accounts;

    AxonTransferHandler(Repository<AxonAccount> accounts) {
        this.accounts = accounts;
    }

    @CommandHandler
    void handle(AxonAccount.TransferMoney command) {
        boolean fromFirst = command.from().compareTo(command.to()) < 0;
        Aggregate<AxonAccount> first = accounts.load(fromFirst ? command.from() : command.to());
        Aggregate<AxonAccount> second = accounts.load(fromFirst ? command.to() : command.from());
        Aggregate<AxonAccount> from = fromFirst ? first : second;
        Aggregate<AxonAccount> to = fromFirst ? second : first;
        from.execute(account -> account.withdraw(command.amount()));
        to.execute(account -> account.deposit(command.amount()));
    }
}
