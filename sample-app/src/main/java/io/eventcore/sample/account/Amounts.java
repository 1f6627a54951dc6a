package io.eventcore.sample.account;

/** The rules for amounts of money: whole cents, positive, at most {@value #MAX}. */
public final class Amounts {

    /** Largest amount one deposit, withdrawal or transfer may move: ten million in whole units. */
    public static final long MAX = 1_000_000_000L;

    private Amounts() {
    }

    /**
     * Checks an amount.
     *
     * @param amount cents
     * @return the amount
     * @throws IllegalArgumentException if it is not positive or larger than {@link #MAX}
     */
    public static long check(long amount) {
        if (amount <= 0 || amount > MAX) {
            throw new IllegalArgumentException("amount must be between 1 and " + MAX + " cents, was " + amount);
        }
        return amount;
    }

    /**
     * Adds cents to a balance.
     *
     * @throws BalanceLimitExceededException if the balance would overflow
     */
    static long credit(AccountId account, long balance, long amount) {
        try {
            return Math.addExact(balance, amount);
        } catch (ArithmeticException overflow) {
            throw new BalanceLimitExceededException(account, balance, amount);
        }
    }
}
