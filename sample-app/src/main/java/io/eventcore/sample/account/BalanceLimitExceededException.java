package io.eventcore.sample.account;

/** A credit would take a balance beyond what a {@code long} of cents holds. Mapped to HTTP 422. */
public class BalanceLimitExceededException extends AccountRejectedException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param accountId the account
     * @param balance its balance, in cents
     * @param amount the cents to credit
     */
    public BalanceLimitExceededException(AccountId accountId, long balance, long amount) {
        super(accountId, "account '%s' has a balance of %d cents, crediting %d would exceed the largest balance"
                .formatted(accountId, balance, amount));
    }
}
