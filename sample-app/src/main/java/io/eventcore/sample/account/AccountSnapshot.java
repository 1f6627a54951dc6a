package io.eventcore.sample.account;

/**
 * An account as its stream says it is now.
 *
 * @param accountId the account
 * @param owner who owns it
 * @param balance balance in cents
 * @param version version of the account's stream: the number of events on it
 */
public record AccountSnapshot(AccountId accountId, String owner, long balance, long version) {}
