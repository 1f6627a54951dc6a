package io.eventcore.benchmarks;

import io.eventcore.CommandExecutor;
import io.eventcore.ExecutionResult;
import io.eventcore.RetriesExhaustedException;
import io.eventcore.StreamId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The EventCore operations the benchmarks share, with their outcomes counted. */
final class Workloads {

    private Workloads() {
    }

    static @Nullable ExecutionResult deposit(@Nullable CommandExecutor executor, StreamId account, Outcomes outcomes) {
        try {
            ExecutionResult result =
                    Objects.requireNonNull(executor).execute(new Deposit(account, Accounts.randomAmount()));
            outcomes.succeeded(result);
            return result;
        } catch (RetriesExhaustedException e) {
            outcomes.exhausted(e);
            return null;
        }
    }

    static @Nullable ExecutionResult transfer(@Nullable CommandExecutor executor, StreamId from, StreamId to,
            Outcomes outcomes) {
        try {
            ExecutionResult result =
                    Objects.requireNonNull(executor).execute(new Transfer(from, to, Accounts.randomAmount()));
            outcomes.succeeded(result);
            return result;
        } catch (RetriesExhaustedException e) {
            outcomes.exhausted(e);
            return null;
        }
    }
}
