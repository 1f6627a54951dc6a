package io.eventcore.sample.account;

/** An account with the id to open exists already. Mapped to HTTP 409. */
public class AccountAlreadyExistsException extends AccountRejectedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param accountId the id that is taken
     */
    public AccountAlreadyExistsException(AccountId accountId) {
        super(accountId, "account '" + accountId + "' already exists");
    }
}
