package io.eventcore.sample.account;

/** The command names an account that has not been opened. Mapped to HTTP 404. */
public class AccountNotFoundException extends AccountRejectedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param accountId the account that does not exist
     */
    public AccountNotFoundException(AccountId accountId) {
        super(accountId, "account '" + accountId + "' does not exist");
    }
}
