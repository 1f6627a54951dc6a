package io.eventcore;

import java.time.Duration;

/**
 * Observes command executions, for metrics and logs; bound to Micrometer by the Spring Boot
 * module. Called on the executing thread; keep it quick. Every method does nothing by default.
 * {@code command} is {@link Command#name()}.
 */
public interface CommandListener {

    /** Listener that does nothing. */
    CommandListener NONE = new CommandListener() {};

    /**
     * An execution started.
     *
     * @param command the command's name
     * @param streams number of streams it declared
     */
    default void started(String command, int streams) {}

    /**
     * An execution succeeded.
     *
     * @param command the command's name
     * @param result what it wrote
     * @param streams number of streams it read, discovered ones included
     * @param duration time from start to result, retries included
     */
    default void succeeded(String command, ExecutionResult result, int streams, Duration duration) {}

    /**
     * The command's business rule rejected it.
     *
     * @param command the command's name
     * @param rejection the rejection
     * @param duration time from start to rejection
     */
    default void rejected(String command, CommandRejectedException rejection, Duration duration) {}

    /**
     * The execution failed: retries exhausted ({@link RetriesExhaustedException}), deadline
     * passed, invalid command, or infrastructure failure.
     *
     * @param command the command's name
     * @param error the failure
     * @param duration time from start to failure
     */
    default void failed(String command, Throwable error, Duration duration) {}

    /**
     * A version conflict will be retried.
     *
     * @param command the command's name
     * @param attempt the attempt about to start (2 for the first retry)
     * @param conflict the conflict
     * @param delay backoff before the attempt
     */
    default void retrying(String command, int attempt, StreamVersionConflictException conflict, Duration delay) {}
}
