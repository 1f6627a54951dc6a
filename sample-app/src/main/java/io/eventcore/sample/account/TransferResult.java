package io.eventcore.sample.account;

/**
 * The effect of a transfer: one event on each account, written atomically.
 *
 * @param from the paying account afterwards
 * @param to the receiving account afterwards
 * @param amount cents moved
 */
public record TransferResult(BalanceChange from, BalanceChange to, long amount) {}
