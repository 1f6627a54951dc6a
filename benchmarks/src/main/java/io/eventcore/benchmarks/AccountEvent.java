package io.eventcore.benchmarks;

import io.eventcore.EventType;

/** Events of a bank account stream, the domain every workload uses. */
public sealed interface AccountEvent {

    /** Amount this event adds to the balance; negative for withdrawals. */
    long delta();

    /**
     * Money paid into an account.
     *
     * @param amount the amount, positive
     */
    @EventType("deposited")
    record Deposited(long amount) implements AccountEvent {

        @Override
        public long delta() {
            return amount;
        }
    }

    /**
     * Money taken out of an account.
     *
     * @param amount the amount, positive
     */
    @EventType("withdrawn")
    record Withdrawn(long amount) implements AccountEvent {

        @Override
        public long delta() {
            return -amount;
        }
    }
}
