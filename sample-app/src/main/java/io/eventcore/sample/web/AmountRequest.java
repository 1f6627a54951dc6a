package io.eventcore.sample.web;

import io.eventcore.sample.account.Amounts;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/** Body of deposits and withdrawals: an amount in whole cents. */
record AmountRequest(@NotNull @Positive @Max(Amounts.MAX) @Nullable Long amount) {}
