package io.eventcore.sample.balance;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every account in the read model, read in one snapshot together with the global position the
 * rows reflect: the listing includes exactly the events at or before {@code position}.
 *
 * @param position the last global position applied to the rows; 0 before any event
 * @param headPosition head of the event log when the listing was read; {@code position} trails it
 *     while the projection catches up
 * @param accountCount number of accounts
 * @param totalBalance sum of all balances, in cents
 * @param projection the projection's live status, when a projection manager runs in this
 *     application
 * @param accounts the rows, ordered by account id
 */
public record BalanceListing(long position, long headPosition, int accountCount, long totalBalance,
        @Nullable ProjectionInfo projection, List<AccountBalance> accounts) {

    /** Copies the rows. */
    public BalanceListing {
        accounts = List.copyOf(accounts);
    }

    /**
     * The projection as its runner sees it.
     *
     * @param name the projection's name
     * @param state what the runner is doing ({@code RUNNING}, {@code PAUSED}, ...)
     * @param leader whether this instance runs it
     * @param lagEvents positions between the projection and the head of the log
     * @param lastError the most recent failure's message, if any
     */
    public record ProjectionInfo(String name, String state, boolean leader, long lagEvents,
            @Nullable String lastError) {}
}
