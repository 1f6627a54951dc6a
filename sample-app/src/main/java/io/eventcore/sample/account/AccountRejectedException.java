package io.eventcore.sample.account;

import io.eventcore.CommandRejectedException;

/** A business rule refused a command on one account; names the account. */
public abstract class AccountRejectedException extends CommandRejectedException {

    private static final long serialVersionUID = 1L;

    private final AccountId accountId;

    /**
     * @param accountId the account the rule is about
     * @param reason what the rule says, for the caller
     */
    protected AccountRejectedException(AccountId accountId, String reason) {
        super(reason);
        this.accountId = accountId;
    }

    /** @return the account the rule is about */
    public AccountId accountId() {
        return accountId;
    }
}
