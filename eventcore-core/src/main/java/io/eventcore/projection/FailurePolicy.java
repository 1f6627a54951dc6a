package io.eventcore.projection;

import java.time.Duration;
import java.util.Objects;

/**
 * What a projection does when its handler throws, or when an event cannot be decoded
 * ({@link io.eventcore.EventSerializationException}). Every policy records the failure in the
 * projection's {@linkplain ProjectionStatus#lastError() status} and tells the
 * {@link ProjectionListener}; a failing projection never holds up the others.
 *
 * <ul>
 *   <li>{@link #retry(Duration, Duration)}: try the same event again after an exponentially
 *       growing pause, for ever (the default: nothing is lost, and the growing lag shows the
 *       problem).
 *   <li>{@link #retry(int, Duration, Duration, FailurePolicy)}: at most a number of attempts,
 *       then skip or stop.
 *   <li>{@link #skip()}: record the event as skipped (position, type and error, see
 *       {@link CheckpointStore#skipped}) and go on with the next one.
 *   <li>{@link #stop()}: stop the projection in {@link ProjectionState#FAILED} before the event;
 *       {@link ProjectionManager#resume} tries it again, {@link ProjectionManager#reset} moves
 *       elsewhere.
 * </ul>
 *
 * <p>Errors ({@link Error}, such as {@code OutOfMemoryError}) are not handled by a policy: the
 * projection stops at once, as if the process had crashed, without saving a checkpoint.
 */
public sealed interface FailurePolicy permits FailurePolicy.Skip, FailurePolicy.Stop, FailurePolicy.Retry {

    /**
     * Records the failing event as skipped and continues with the next one.
     *
     * @return the policy
     */
    static FailurePolicy skip() {
        return Skip.INSTANCE;
    }

    /**
     * Stops the projection before the failing event.
     *
     * @return the policy
     */
    static FailurePolicy stop() {
        return Stop.INSTANCE;
    }

    /**
     * Retries the failing event for ever, waiting {@code initialBackoff} before the first retry
     * and doubling the wait up to {@code maxBackoff}.
     *
     * @param initialBackoff wait before the first retry, positive
     * @param maxBackoff longest wait, at least {@code initialBackoff}
     * @return the policy
     * @throws IllegalArgumentException if a backoff is not positive or {@code maxBackoff} is
     *     shorter than {@code initialBackoff}
     */
    static FailurePolicy retry(Duration initialBackoff, Duration maxBackoff) {
        return new Retry(0, initialBackoff, maxBackoff, Stop.INSTANCE);
    }

    /**
     * Retries the failing event up to {@code maxAttempts} times in all (the first try included),
     * then applies {@code whenExhausted}.
     *
     * @param maxAttempts attempts in all, at least 1
     * @param initialBackoff wait before the first retry, positive
     * @param maxBackoff longest wait, at least {@code initialBackoff}
     * @param whenExhausted {@link #skip()} or {@link #stop()}
     * @return the policy
     * @throws IllegalArgumentException if an argument breaks its rule
     */
    static FailurePolicy retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, FailurePolicy whenExhausted) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        return new Retry(maxAttempts, initialBackoff, maxBackoff, whenExhausted);
    }

    /** Skip policy. */
    enum Skip implements FailurePolicy {
        /** The only instance. */
        INSTANCE;

        @Override
        public String toString() {
            return "skip";
        }
    }

    /** Stop policy. */
    enum Stop implements FailurePolicy {
        /** The only instance. */
        INSTANCE;

        @Override
        public String toString() {
            return "stop";
        }
    }

    /**
     * Retry policy.
     *
     * @param maxAttempts attempts in all, 0 for no limit
     * @param initialBackoff wait before the first retry
     * @param maxBackoff longest wait
     * @param whenExhausted what to do after the last attempt: skip or stop
     */
    record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff, FailurePolicy whenExhausted)
            implements FailurePolicy {

        /** Validates the policy. */
        public Retry {
            Objects.requireNonNull(initialBackoff, "initialBackoff must not be null");
            Objects.requireNonNull(maxBackoff, "maxBackoff must not be null");
            Objects.requireNonNull(whenExhausted, "whenExhausted must not be null");
            if (maxAttempts < 0) {
                throw new IllegalArgumentException("maxAttempts must be at least 0, was " + maxAttempts);
            }
            if (initialBackoff.isNegative() || initialBackoff.isZero()) {
                throw new IllegalArgumentException("initialBackoff must be positive, was " + initialBackoff);
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException(
                        "maxBackoff must be at least initialBackoff (" + initialBackoff + "), was " + maxBackoff);
            }
            if (whenExhausted instanceof Retry) {
                throw new IllegalArgumentException("whenExhausted must be skip() or stop(), was " + whenExhausted);
            }
        }

        /**
         * Wait before the given retry.
         *
         * @param failedAttempts attempts that failed so far, at least 1
         * @return the backoff
         */
        public Duration backoff(int failedAttempts) {
            Duration wait = initialBackoff;
            for (int i = 1; i < failedAttempts && wait.compareTo(maxBackoff) < 0; i++) {
                wait = wait.multipliedBy(2);
            }
            return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
        }

        @Override
        public String toString() {
            return maxAttempts == 0
                    ? "retry(backoff " + initialBackoff + ".." + maxBackoff + ")"
                    : "retry(" + maxAttempts + " attempts, backoff " + initialBackoff + ".." + maxBackoff + ", then "
                            + whenExhausted + ")";
        }
    }
}
