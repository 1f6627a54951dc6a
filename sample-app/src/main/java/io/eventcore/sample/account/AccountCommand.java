package io.eventcore.sample.account;

import io.eventcore.Command;
import io.eventcore.StreamId;
import java.util.Collection;
import java.util.List;

/** A command on one account's stream, folding it into an {@link AccountState}. */
interface AccountCommand extends Command<AccountState, AccountEvent> {

    /** Names the fold of an account's events into its {@link AccountState}, which commands on accounts share. */
    Object STATE_KEY = AccountState.class;

    /** @return the account the command works on */
    AccountId accountId();

    @Override
    default Collection<StreamId> streams() {
        return List.of(accountId().streamId());
    }

    @Override
    default Class<AccountEvent> eventType() {
        return AccountEvent.class;
    }

    @Override
    default AccountState initialState() {
        return AccountState.UNOPENED;
    }

    @Override
    default AccountState apply(AccountState state, StreamId stream, AccountEvent event) {
        return state.apply(event);
    }

    @Override
    default Object stateKey() {
        return STATE_KEY;
    }
}
