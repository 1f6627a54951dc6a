package io.eventcore.sample.web;

import io.eventcore.sample.account.Amounts;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /transfers}. */
record TransferRequest(
        @NotNull @ValidAccountId @Nullable String from,
        @NotNull @ValidAccountId @Nullable String to,
        @NotNull @Positive @Max(Amounts.MAX) @Nullable Long amount) {}
