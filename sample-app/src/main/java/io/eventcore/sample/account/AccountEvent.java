package io.eventcore.sample.account;

import io.eventcore.EventType;

/**
 * What happens to an account. Every event lives on the stream of the account it concerns; a
 * transfer writes one event on each of its two accounts in one atomic append.
 *
 * <p>Amounts and balances are whole cents. Events after the opening carry the account's balance
 * after the event, so readers that do not fold the stream (the balance read model, clients of the
 * events endpoint) need nothing else.
 */
public sealed interface AccountEvent {

    /** An event that moves money: every event after the opening. */
    sealed interface Movement extends AccountEvent {

        /** @return cents moved, positive */
        long amount();

        /** @return the account's balance after the event, in cents */
        long balance();
    }

    /**
     * The account was opened with a zero balance.
     *
     * @param accountId the account's id
     * @param owner who owns it
     */
    @EventType("account-opened")
    record AccountOpened(String accountId, String owner) implements AccountEvent {}

    /**
     * Money was paid in.
     *
     * @param amount cents paid in, positive
     * @param balance balance afterwards
     */
    @EventType("money-deposited")
    record MoneyDeposited(long amount, long balance) implements Movement {}

    /**
     * Money was paid out.
     *
     * @param amount cents paid out, positive
     * @param balance balance afterwards, never negative
     */
    @EventType("money-withdrawn")
    record MoneyWithdrawn(long amount, long balance) implements Movement {}

    /**
     * Money left this account for another one.
     *
     * @param to the receiving account's id
     * @param amount cents sent, positive
     * @param balance balance afterwards, never negative
     */
    @EventType("transfer-sent")
    record TransferSent(String to, long amount, long balance) implements Movement {}

    /**
     * Money arrived from another account.
     *
     * @param from the sending account's id
     * @param amount cents received, positive
     * @param balance balance afterwards
     */
    @EventType("transfer-received")
    record TransferReceived(String from, long amount, long balance) implements Movement {}
}
