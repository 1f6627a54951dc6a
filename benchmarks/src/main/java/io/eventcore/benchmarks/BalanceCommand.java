package io.eventcore.benchmarks;

import io.eventcore.Command;
import io.eventcore.StreamId;
import java.util.Collection;
import java.util.List;

/** A command on one account whose state is its balance, folded from the account's events. */
interface BalanceCommand extends Command<Long, AccountEvent> {

    /** @return the account's stream, the only one the command reads */
    StreamId account();

    @Override
    default Collection<StreamId> streams() {
        return List.of(account());
    }

    @Override
    default Class<AccountEvent> eventType() {
        return AccountEvent.class;
    }

    @Override
    default Long initialState() {
        return 0L;
    }

    @Override
    default Long apply(Long balance, StreamId stream, AccountEvent event) {
        return balance + event.delta();
    }
}
