package io.eventcore.sample.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** Body of {@code POST /accounts}. Fields are nullable so that a missing one is reported by name. */
record OpenAccountRequest(
        @NotNull @ValidAccountId @Nullable String accountId,
        @NotBlank @Size(max = 200) @Nullable String owner) {}
