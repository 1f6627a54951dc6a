package io.eventcore.sample.account;

/** A withdrawal or transfer would overdraw the account. Mapped to HTTP 422. */
public class InsufficientFundsException extends AccountRejectedException {

    private static final long serialVersionUID = 1L;

    private final long balance;
    private final long amount;

    /**
     * Creates the exception.
     *
     * @param accountId the account that would be overdrawn
     * @param balance its balance, in cents
     * @param amount the cents requested
     */
    public InsufficientFundsException(AccountId accountId, long balance, long amount) {
        super(accountId, "account '%s' has a balance of %d cents, cannot pay out %d".formatted(accountId, balance, amount));
        this.balance = balance;
        this.amount = amount;
    }

    /** @return its balance in cents when the command was decided */
    public long balance() {
        return balance;
    }

    /** @return the cents requested */
    public long amount() {
        return amount;
    }
}
