/**
 * The bank's domain: accounts are event streams ({@link io.eventcore.sample.account.AccountId#streamId()}),
 * {@link io.eventcore.sample.account.AccountEvent} is what they hold, and the commands ({@link
 * io.eventcore.sample.account.OpenAccount}, {@link io.eventcore.sample.account.Deposit}, {@link
 * io.eventcore.sample.account.Withdraw}, {@link io.eventcore.sample.account.Transfer}) decide what
 * to write. {@link io.eventcore.sample.account.Bank} runs them and reads accounts back.
 */
@NullMarked
package io.eventcore.sample.account;

import org.jspecify.annotations.NullMarked;
