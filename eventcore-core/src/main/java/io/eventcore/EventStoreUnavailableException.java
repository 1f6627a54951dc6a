package io.eventcore;

/**
 * The store could not be reached (no connection, connection refused or lost before commit). Nothing
 * was written.
 */
public final class EventStoreUnavailableException extends EventStoreException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause the underlying failure
     */
    public EventStoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
