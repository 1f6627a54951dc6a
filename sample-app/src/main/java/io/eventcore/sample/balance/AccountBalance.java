package io.eventcore.sample.balance;

/**
 * One row of the balance read model.
 *
 * @param accountId the account
 * @param owner who owns it
 * @param balance balance in cents, as of the listing's position
 * @param version the account stream's version that balance reflects
 */
public record AccountBalance(String accountId, String owner, long balance, long version) {}
