package io.eventcore.sample.account;

import io.eventcore.NewEvent;
import io.eventcore.sample.account.AccountEvent.AccountOpened;
import java.util.List;
import java.util.Objects;

/**
 * Opens an account. Ids are unique: the stream must be empty.
 *
 * @param accountId the new account's id
 * @param owner who owns it
 */
public record OpenAccount(AccountId accountId, String owner) implements AccountCommand {

    /** Validates the arguments. */
    public OpenAccount {
        Objects.requireNonNull(accountId, "accountId must not be null");
        if (owner == null || owner.isBlank()) {
            throw new IllegalArgumentException("owner must not be blank");
        }
    }

    /**
     * Decides the opening.
     *
     * @throws AccountAlreadyExistsException if the account is open already
     */
    @Override
    public List<NewEvent<AccountEvent>> decide(AccountState state) {
        if (state.open()) {
            throw new AccountAlreadyExistsException(accountId);
        }
        return List.of(NewEvent.of(accountId.streamId(), new AccountOpened(accountId.value(), owner)));
    }
}
