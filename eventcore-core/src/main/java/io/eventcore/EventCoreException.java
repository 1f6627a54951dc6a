package io.eventcore;

import org.jspecify.annotations.Nullable;

/**
 * Root of every exception EventCore throws. All are unchecked and carry the data that explains
 * them.
 */
public abstract class EventCoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what went wrong, with the offending values
     * @param cause the underlying failure, if any
     */
    protected EventCoreException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }

    /**
     * Whether running the same command again, on fresh state, could succeed. Only version
     * conflicts are retryable.
     *
     * @return {@code true} if a retry may help
     */
    public boolean isRetryable() {
        return false;
    }
}
