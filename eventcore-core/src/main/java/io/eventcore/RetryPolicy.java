package io.eventcore;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the executor retries version conflicts: exponential backoff from {@code baseDelay}, doubled
 * per attempt, capped at {@code maxDelay}, with ±{@code jitter} randomization so that competing
 * commands spread out. Only version conflicts are ever retried.
 *
 * @param maxAttempts total attempts including the first, at least 1
 * @param baseDelay delay before the second attempt
 * @param maxDelay upper bound of any delay
 * @param jitter relative randomization of each delay, from 0 (none) to 1
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, double jitter) {

    /** Defaults: 5 attempts, 10 ms base delay, 1 s cap, ±20 % jitter. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, Duration.ofMillis(10), Duration.ofSeconds(1), 0.2);

    /** No retries: the first conflict fails the command. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 0);

    /** Validates the policy. */
    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        Objects.requireNonNull(baseDelay, "baseDelay must not be null");
        Objects.requireNonNull(maxDelay, "maxDelay must not be null");
        if (baseDelay.isNegative()) {
            throw new IllegalArgumentException("baseDelay must not be negative, was " + baseDelay);
        }
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay must be at least baseDelay (" + baseDelay + "), was " + maxDelay);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
        }
    }

    /**
     * Delay before the given attempt.
     *
     * @param attempt the attempt about to start, 2 for the first retry
     * @return the delay, jittered
     */
    public Duration delayBefore(int attempt) {
        long base = baseDelay.toNanos();
        int doublings = Math.max(0, Math.min(attempt - 2, 62));
        long nanos = base << doublings;
        if (nanos < base || nanos >>> doublings != base) {
            nanos = Long.MAX_VALUE;
        }
        nanos = Math.min(nanos, maxDelay.toNanos());
        if (jitter > 0 && nanos > 0) {
            double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
            nanos = (long) (nanos * factor);
        }
        return Duration.ofNanos(nanos);
    }
}
