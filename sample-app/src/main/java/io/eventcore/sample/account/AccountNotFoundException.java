package io.eventcore.sample.account;

import io.eventcore.CommandRejectedException;

/** The command names an account that has not been opened. Mapped to HTTP 404. */
public class AccountNotFoundException extends CommandRejectedException {

    private static final long serialVersionUID = 1L;

    private final AccountId accountId;

    /**
     * Creates the exception.
     *
     * @param accountId the account that does not exist
     */
    public AccountNotFoundException(AccountId accountId) {
        super("account '" + accountId + "' does not exist");
        this.accountId = accountId;
    }

    /** @return the account that does not exist */
    public AccountId accountId() {
        return accountId;
    }
}
