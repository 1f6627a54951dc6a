package io.eventcore.sample.account;

/**
 * The effect of a command on one account.
 *
 * @param accountId the account
 * @param balance its balance after the command, in cents
 * @param version its stream's version after the command
 * @param position global position of the event the command wrote to it
 */
public record BalanceChange(AccountId accountId, long balance, long version, long position) {}
