package io.eventcore.sample.account;

import io.eventcore.CommandRejectedException;

/** An account with the id to open exists already. Mapped to HTTP 409. */
public class AccountAlreadyExistsException extends CommandRejectedException {

    private static final long serialVersionUID = 1L;

    private final AccountId accountId;

    /**
     * Creates the exception.
     *
     * @param accountId the id that is taken
     */
    public AccountAlreadyExistsException(AccountId accountId) {
        super("account '" + accountId + "' already exists");
        this.accountId = accountId;
    }

    /** @return the id that is taken */
    public AccountId accountId() {
        return accountId;
    }
}
